package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ownership by labels (DESIGN.md §4): every object the catalog operator creates carries {@code
 * kubecarrier.io/managed-by=catalog-operator} and the owner's kind, namespace and name. Objects
 * without the label are never changed or deleted.
 */
public final class Ownership {

  /** Field manager of every server-side apply of this operator. */
  public static final String FIELD_MANAGER = "catalog-operator";

  /** Label selector (string form) of the objects this operator manages. */
  public static final String MANAGED_SELECTOR =
      Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_CATALOG_OPERATOR;

  private Ownership() {}

  /** Ownership labels pointing at {@code owner}. */
  public static Map<String, String> labels(HasMetadata owner) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR);
    labels.put(Labels.OWNER_KIND, owner.getKind());
    if (owner.getMetadata().getNamespace() != null) {
      labels.put(Labels.OWNER_NAMESPACE, owner.getMetadata().getNamespace());
    }
    labels.put(Labels.OWNER_NAME, Names.labelValue(owner.getMetadata().getName()));
    return labels;
  }

  /** Just the managed-by label. */
  public static Map<String, String> managed() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR);
    return labels;
  }

  /** Whether this operator manages {@code o}. */
  public static boolean isManaged(HasMetadata o) {
    return o != null
        && o.getMetadata().getLabels() != null
        && Labels.MANAGED_BY_CATALOG_OPERATOR.equals(
            o.getMetadata().getLabels().get(Labels.MANAGED_BY));
  }

  /** Whether {@code o} is managed by us on behalf of {@code owner}. */
  public static boolean isOwnedBy(HasMetadata o, HasMetadata owner) {
    if (!isManaged(o)) {
      return false;
    }
    Map<String, String> l = o.getMetadata().getLabels();
    return Objects.equals(owner.getKind(), l.get(Labels.OWNER_KIND))
        && Objects.equals(owner.getMetadata().getNamespace(), l.get(Labels.OWNER_NAMESPACE))
        && Objects.equals(
            Names.labelValue(owner.getMetadata().getName()), l.get(Labels.OWNER_NAME));
  }

  /** Whether {@code actual} carries every label of {@code wanted} with the same value. */
  public static boolean hasLabels(HasMetadata actual, Map<String, String> wanted) {
    Map<String, String> have = actual.getMetadata().getLabels();
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    if (have == null) {
      return false;
    }
    return wanted.entrySet().stream()
        .allMatch(e -> Objects.equals(e.getValue(), have.get(e.getKey())));
  }

  /** {@code namespace/name} of an object, for log lines and messages. */
  public static String ref(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }
}
