package io.kubecarrier.testkit.invariants;

/**
 * Where an object is: the cluster, its kind ({@code Kind} for built-in kinds, {@code Kind.group}
 * otherwise), namespace (null when cluster-scoped), name and uid.
 */
public record ObjectRef(String cluster, String kind, String namespace, String name, String uid) {

  /** {@code cluster Kind namespace/name}. */
  @Override
  public String toString() {
    return cluster + " " + kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  /** Same cluster, kind, namespace and name (the uid may differ). */
  boolean samePlace(ObjectRef other) {
    return cluster.equals(other.cluster)
        && kind.equals(other.kind)
        && java.util.Objects.equals(namespace, other.namespace)
        && name.equals(other.name);
  }
}
