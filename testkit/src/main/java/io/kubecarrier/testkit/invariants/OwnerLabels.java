package io.kubecarrier.testkit.invariants;

import java.util.Map;

/**
 * The owner labels the propagation agent puts on service objects and connection Secret copies: they
 * name the tenant instance ({@code owner-group}, {@code -kind}, {@code -namespace}, {@code -name},
 * and {@code owner-uid} when present).
 */
record OwnerLabels(String group, String kind, String namespace, String name, String uid) {

  static OwnerLabels of(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    return new OwnerLabels(
        l.get(HubLabels.OWNER_GROUP),
        l.get(HubLabels.OWNER_KIND),
        l.get(HubLabels.OWNER_NAMESPACE),
        l.get(HubLabels.OWNER_NAME),
        l.get(HubLabels.OWNER_UID));
  }

  /** Whether every label but the optional uid is there. */
  boolean complete() {
    return group != null && kind != null && namespace != null && name != null;
  }

  /** Whether the labels name {@code i} (group, kind, namespace, name), whatever its uid. */
  boolean names(Observation.Instance i) {
    return complete()
        && group.equals(HubLabels.labelValue(i.group()))
        && kind.equals(i.kind())
        && namespace.equals(i.namespace())
        && name.equals(HubLabels.labelValue(i.name()));
  }

  /** Whether the labels name {@code i} and, when they carry a uid, its uid. */
  boolean owns(Observation.Instance i) {
    return names(i) && (uid == null || uid.equals(i.uid()));
  }

  /** {@code Kind.group namespace/name (uid u)}, for reports. */
  String describe() {
    if (!complete()) {
      return "incomplete owner labels (group="
          + group
          + ", kind="
          + kind
          + ", namespace="
          + namespace
          + ", name="
          + name
          + ")";
    }
    return kind + "." + group + " " + namespace + "/" + name + (uid == null ? "" : " uid " + uid);
  }
}
