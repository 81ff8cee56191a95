package io.kubecarrier.api.common;

/** API groups and versions of DESIGN.md §3, kept from KubeCarrier so its manifests still apply. */
public final class ApiGroups {

  /**
   * Group of Account, Catalog, CatalogEntry, CatalogEntrySet, Offering, Provider, Region, Tenant.
   */
  public static final String CATALOG = "catalog.kubecarrier.io";

  /** Group of ServiceCluster, ServiceClusterAssignment, CustomResourceDiscovery. */
  public static final String CORE = "kubecarrier.io";

  /** The only served and stored version of every KubeCarrier kind. */
  public static final String V1ALPHA1 = "v1alpha1";

  private ApiGroups() {}
}
