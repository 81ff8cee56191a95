package io.kubecarrier.operator.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Labels;
import java.util.Map;
import java.util.Objects;

/**
 * Ownership by labels (DESIGN.md §4), the part every operator shares: whether an object carries
 * {@code kubecarrier.io/managed-by=<operator>} (objects without it are never changed or deleted),
 * whether it carries a set of labels, and how objects are named in messages. Which further labels
 * name the owner is each operator's own.
 */
public final class Metadata {

  private Metadata() {}

  /**
   * Whether {@code o} is managed by the operator whose managed-by label value is {@code manager}.
   */
  public static boolean isManagedBy(HasMetadata o, String manager) {
    return o != null && manager.equals(label(o, Labels.MANAGED_BY));
  }

  /** The label selector (string form) of the objects {@code manager} manages. */
  public static String managedBySelector(String manager) {
    return Labels.MANAGED_BY + "=" + manager;
  }

  /** The value of label {@code key} of {@code o}, or null. */
  public static String label(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  /** Whether {@code o} carries every label of {@code wanted} with the same value. */
  public static boolean hasLabels(HasMetadata o, Map<String, String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    Map<String, String> have = o.getMetadata().getLabels();
    return have != null
        && wanted.entrySet().stream()
            .allMatch(e -> Objects.equals(e.getValue(), have.get(e.getKey())));
  }

  /** {@code namespace/name} of an object ({@code name} when cluster-scoped), for messages. */
  public static String ref(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }
}
