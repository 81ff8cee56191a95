package io.kubecarrier.testkit.invariants;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The hub kinds {@link HubInvariants} reads, as copies (see {@link HubLabels} for why); {@code
 * HubLabelsTest} in {@code common-api} asserts they equal the model classes.
 */
public final class HubKinds {

  /** API group of Account, CatalogEntry, Offering, Region, Tenant. */
  public static final String CATALOG_GROUP = "catalog.kubecarrier.io";

  /** API group of ServiceCluster, ServiceClusterAssignment, CustomResourceDiscovery. */
  public static final String CORE_GROUP = "kubecarrier.io";

  /** The version of every hub kind. */
  public static final String VERSION = "v1alpha1";

  public static final Kind ACCOUNT = new Kind(CATALOG_GROUP, "Account", "accounts", false);
  public static final Kind TENANT = new Kind(CATALOG_GROUP, "Tenant", "tenants", true);
  public static final Kind REGION = new Kind(CATALOG_GROUP, "Region", "regions", true);
  public static final Kind OFFERING = new Kind(CATALOG_GROUP, "Offering", "offerings", true);
  public static final Kind CATALOG_ENTRY =
      new Kind(CATALOG_GROUP, "CatalogEntry", "catalogentries", true);
  public static final Kind ASSIGNMENT =
      new Kind(CORE_GROUP, "ServiceClusterAssignment", "serviceclusterassignments", true);

  private HubKinds() {}

  /** A hub kind: group, kind, plural, scope (version {@value #VERSION}). */
  public record Kind(String group, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
      return group + "/" + VERSION;
    }

    /** Name of its CRD, {@code <plural>.<group>}. */
    public String crdName() {
      return plural + "." + group;
    }

    ResourceDefinitionContext context() {
      return new ResourceDefinitionContext.Builder()
          .withGroup(group)
          .withVersion(VERSION)
          .withKind(kind)
          .withPlural(plural)
          .withNamespaced(namespaced)
          .build();
    }
  }
}
