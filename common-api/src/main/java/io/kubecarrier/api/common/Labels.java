package io.kubecarrier.api.common;

/**
 * Label keys set or read by KubeCarrier. Labels carry ownership where ownerReferences cannot
 * (across namespaces and clusters, DESIGN.md §4). Label values are at most 63 characters: use
 * {@link Names#labelValue(String)} for values that may be longer.
 */
public final class Labels {

  /** Prefix of every KubeCarrier label and annotation. */
  public static final String PREFIX = "kubecarrier.io/";

  /**
   * On tenant instances: the region (service cluster name) the instance runs in. Optional when the
   * offering has exactly one region; immutable once set.
   */
  public static final String REGION = PREFIX + "region";

  /**
   * On every object KubeCarrier creates: which component manages it, one of the {@code
   * MANAGED_BY_*} values. A namespace without it (or with another value) is never taken over.
   */
  public static final String MANAGED_BY = PREFIX + "managed-by";

  /** {@link #MANAGED_BY} value of the account operator. */
  public static final String MANAGED_BY_ACCOUNT_OPERATOR = "account-operator";

  /** {@link #MANAGED_BY} value of the cluster registry. */
  public static final String MANAGED_BY_CLUSTER_REGISTRY = "cluster-registry";

  /** {@link #MANAGED_BY} value of the catalog operator. */
  public static final String MANAGED_BY_CATALOG_OPERATOR = "catalog-operator";

  /** {@link #MANAGED_BY} value of the propagation agent. */
  public static final String MANAGED_BY_PROPAGATION_AGENT = "propagation-agent";

  /** On account namespaces, Tenants and RBAC objects: name of the Account they belong to. */
  public static final String ACCOUNT = PREFIX + "account";

  /** Kind of the object that owns the labelled object (instead of an ownerReference). */
  public static final String OWNER_KIND = PREFIX + "owner-kind";

  /** Namespace of the owning object; absent for a cluster-scoped owner. */
  public static final String OWNER_NAMESPACE = PREFIX + "owner-namespace";

  /** Name of the owning object. */
  public static final String OWNER_NAME = PREFIX + "owner-name";

  /** API group of the owning object, when the kind alone is ambiguous (tenant instances). */
  public static final String OWNER_GROUP = PREFIX + "owner-group";

  /**
   * On service-side objects and connection Secret copies: uid of the tenant instance that owns
   * them, so that the copy of a deleted instance is never taken over by a new one of the same name.
   */
  public static final String OWNER_UID = PREFIX + "owner-uid";

  /**
   * Value {@code "true"} on what a provider published and has since withdrawn, kept because tenants
   * still have instances that need it (Offerings and the tenant Roles and RoleBindings). See {@code
   * docs/lifecycle.md}.
   */
  public static final String WITHDRAWN = PREFIX + "withdrawn";

  /** Value of {@link #WITHDRAWN}. */
  public static final String WITHDRAWN_TRUE = "true";

  /** On service-side namespaces: name of the ServiceClusterAssignment that created it. */
  public static final String ASSIGNMENT = PREFIX + "assignment";

  /** On service-side namespaces and objects: the management (tenant) namespace they serve. */
  public static final String TENANT_NAMESPACE = PREFIX + "tenant-namespace";

  /** On tenant CRDs, Offerings and instances: name of the CatalogEntry they come from. */
  public static final String CATALOG_ENTRY = PREFIX + "catalog-entry";

  /** On Offerings, Providers and Regions: name of the Catalog that published them. */
  public static final String CATALOG = PREFIX + "catalog";

  /** On CustomResourceDiscoveries: name of the CatalogEntrySet that requested them. */
  public static final String CATALOG_ENTRY_SET = PREFIX + "catalog-entry-set";

  /** On CustomResourceDiscoveries, Regions and ServiceClusterAssignments: the ServiceCluster. */
  public static final String SERVICE_CLUSTER = PREFIX + "service-cluster";

  /**
   * On a copy of a related resource: {@link #RELATED_DOWN} on a copy in a service namespace, the
   * declaration's name on a copy in a tenant namespace.
   */
  public static final String RELATED = PREFIX + "related";

  /** Value of {@link #RELATED} on a copy in a service namespace (shared by its instances). */
  public static final String RELATED_DOWN = "down";

  /** On Offerings, Regions, Providers and tenant CRDs: namespace (account) of the provider. */
  public static final String PROVIDER = PREFIX + "provider";

  /**
   * On ClusterRoles, value {@code "true"}: aggregated into the propagation agent's ClusterRole
   * {@code propagation-agent-instances}. The catalog operator labels the ClusterRole that grants
   * access to the instances of its tenant CRDs ({@code kubecarrier:tenant-instances}), so the agent
   * gets exactly the CRDs that exist.
   */
  public static final String AGGREGATE_TO_PROPAGATION_AGENT =
      PREFIX + "aggregate-to-propagation-agent";

  /**
   * On ClusterRoles, value {@code "true"}: aggregated into the account operator's ClusterRole
   * {@code account-operator-tenant-instances}. The catalog operator labels the ClusterRole that
   * grants read access ({@code get, list}) to the instances of every tenant CRD, so the account
   * operator can hold an Account's deletion while tenant instances remain in its namespace.
   */
  public static final String AGGREGATE_TO_ACCOUNT_OPERATOR =
      PREFIX + "aggregate-to-account-operator";

  private Labels() {}
}
