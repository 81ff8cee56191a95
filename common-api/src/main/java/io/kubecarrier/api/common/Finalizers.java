package io.kubecarrier.api.common;

/**
 * Finalizers, one per operator. A finalizer is removed only after the cleanup it guards is done
 * (for the propagation agent: the service-side object is gone).
 */
public final class Finalizers {

  /** On Accounts: namespace, RBAC and Tenant objects are cleaned up. */
  public static final String ACCOUNT_OPERATOR = Labels.PREFIX + "account-operator";

  /** On ServiceClusters, ServiceClusterAssignments, CustomResourceDiscoveries. */
  public static final String CLUSTER_REGISTRY = Labels.PREFIX + "cluster-registry";

  /** On CatalogEntrySets, CatalogEntries, Catalogs. */
  public static final String CATALOG_OPERATOR = Labels.PREFIX + "catalog-operator";

  /** On tenant instances: the copy in the service cluster is deleted. */
  public static final String PROPAGATION_AGENT = Labels.PREFIX + "propagation-agent";

  private Finalizers() {}
}
