package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ownership by labels (DESIGN.md §4), the catalog operator's scheme: every object it creates
 * carries {@code kubecarrier.io/managed-by=catalog-operator} and the owner's kind, namespace and
 * name ({@code owner-kind}, {@code owner-namespace}, {@code owner-name}). Objects without the
 * managed-by label are never changed or deleted. The generic checks ({@link Metadata#isManagedBy},
 * {@link Metadata#hasLabels}, {@link Metadata#ref}) are operator-common's.
 */
public final class Ownership {

  /** Field manager of every server-side apply of this operator. */
  public static final String FIELD_MANAGER = "catalog-operator";

  /** Value of {@code kubecarrier.io/managed-by} on what this operator manages. */
  public static final String MANAGER = Labels.MANAGED_BY_CATALOG_OPERATOR;

  /** Label selector (string form) of the objects this operator manages. */
  public static final String MANAGED_SELECTOR = Metadata.managedBySelector(MANAGER);

  private Ownership() {}

  /** Ownership labels pointing at {@code owner}. */
  public static Map<String, String> labels(HasMetadata owner) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, MANAGER);
    labels.put(Labels.OWNER_KIND, owner.getKind());
    if (owner.getMetadata().getNamespace() != null) {
      labels.put(Labels.OWNER_NAMESPACE, owner.getMetadata().getNamespace());
    }
    labels.put(Labels.OWNER_NAME, Names.labelValue(owner.getMetadata().getName()));
    return labels;
  }

  /** Whether {@code o} is managed by us on behalf of {@code owner}. */
  public static boolean isOwnedBy(HasMetadata o, HasMetadata owner) {
    if (!Metadata.isManagedBy(o, MANAGER)) {
      return false;
    }
    Map<String, String> l = o.getMetadata().getLabels();
    return Objects.equals(owner.getKind(), l.get(Labels.OWNER_KIND))
        && Objects.equals(owner.getMetadata().getNamespace(), l.get(Labels.OWNER_NAMESPACE))
        && Objects.equals(
            Names.labelValue(owner.getMetadata().getName()), l.get(Labels.OWNER_NAME));
  }
}
