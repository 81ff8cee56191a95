package io.kubecarrier.propagation;

/**
 * Where a tenant instance lives: its region (the ServiceCluster, in the provider namespace) and the
 * namespace of its ServiceClusterAssignment in that cluster.
 */
record Placement(String providerNamespace, String cluster, String serviceNamespace) {

  /** {@code providerNamespace/cluster}: the key of the cluster's connection. */
  String clusterKey() {
    return providerNamespace + "/" + cluster;
  }
}
