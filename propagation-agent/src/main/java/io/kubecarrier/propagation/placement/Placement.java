package io.kubecarrier.propagation.placement;

/**
 * Where a tenant instance lives: its region (the ServiceCluster, in the provider namespace) and the
 * namespace of its ServiceClusterAssignment in that cluster.
 */
public record Placement(String providerNamespace, String cluster, String serviceNamespace) {

  /** {@code providerNamespace/cluster}: the key of the cluster's connection. */
  public String clusterKey() {
    return providerNamespace + "/" + cluster;
  }
}
