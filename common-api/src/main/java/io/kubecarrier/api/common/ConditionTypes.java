package io.kubecarrier.api.common;

/**
 * Condition types used in {@code status.conditions} of KubeCarrier objects and in the {@code
 * status.kubecarrier.conditions} block of tenant instances. Every object carries {@link #READY};
 * the others explain why it is or is not ready.
 */
public final class ConditionTypes {

  /** Every kind: the object is fully reconciled and usable. The summary of all other conditions. */
  public static final String READY = "Ready";

  /** Account: the account namespace exists and belongs to the account. */
  public static final String NAMESPACE_READY = "NamespaceReady";

  /** Account: Roles and RoleBindings for the account subjects are applied. */
  public static final String RBAC_READY = "RBACReady";

  /** Account with role Provider: Tenant objects exist for every tenant account. */
  public static final String TENANTS_READY = "TenantsReady";

  /** ServiceCluster and tenant instances: the service cluster answered the last heartbeat. */
  public static final String SERVICE_CLUSTER_REACHABLE = "ServiceClusterReachable";

  /**
   * ServiceCluster: the credentials of its kubeconfig Secret (a JWT bearer token's {@code exp}, a
   * client certificate's notAfter) expire within the registry's warning window ({@code True},
   * {@link Reasons#CREDENTIALS_EXPIRE_SOON}) or have expired ({@code True}, {@link
   * Reasons#CREDENTIALS_EXPIRED}). Abnormal-true, like {@link #WITHDRAWN}: {@code False} ({@link
   * Reasons#CREDENTIALS_VALID}, {@link Reasons#NO_EXPIRY}) is the healthy state. It does not make
   * {@code Ready} False by itself.
   */
  public static final String CREDENTIALS_EXPIRING = "CredentialsExpiring";

  /** CustomResourceDiscovery: the CRD was found in the service cluster and recorded in status. */
  public static final String DISCOVERED = "Discovered";

  /** CatalogEntry: the tenant-facing CRD is created and established by the API server. */
  public static final String ESTABLISHED = "Established";

  /** Tenant instances: the service-side copy matches the hub and its status was copied back. */
  public static final String SYNCED = "Synced";

  /**
   * Instance: every related Secret and ConfigMap ({@code spec.relatedResources} of its entry) is
   * copied, down and up.
   */
  public static final String RELATED_RESOURCES_SYNCED = "RelatedResourcesSynced";

  /**
   * Tenant instances: the readiness the service operator reports on the service object (its {@code
   * Ready} condition, else {@code Available}, else the first of {@code AllReplicasReady}, {@code
   * Running}, {@code Healthy}), with its status and reason and the message prefixed with the
   * service cluster. Absent when the service object has none of these.
   */
  public static final String SERVICE_READY = "ServiceReady";

  /** ServiceClusterAssignment: the namespace in the service cluster exists and is ours. */
  public static final String NAMESPACE_CREATED = "NamespaceCreated";

  /** ServiceClusterAssignment and tenant instances: needed Secrets are present and valid. */
  public static final String SECRETS_READY = "SecretsReady";

  /** CatalogEntrySet: every selected service cluster has a finished CustomResourceDiscovery. */
  public static final String DISCOVERIES_READY = "DiscoveriesReady";

  /** CatalogEntry: the service CRDs of all regions agree with each other and with the entry. */
  public static final String CRDS_COMPATIBLE = "CRDsCompatible";

  /** Catalog: Offerings, Providers and Regions are published to every selected tenant. */
  public static final String PUBLISHED = "Published";

  /** Catalog: ServiceClusterAssignments exist for every (tenant, region) pair. */
  public static final String ASSIGNMENTS_READY = "AssignmentsReady";

  /**
   * Tenant instances: the instance's kind and region are offered to its namespace. {@code False}
   * ({@link Reasons#WITHDRAWN}) when the provider withdrew them: the instance keeps running and
   * syncing, new ones cannot be created.
   */
  public static final String OFFERED = "Offered";

  /**
   * Catalog and CatalogEntry: something published before is withdrawn but kept, because tenants
   * still have instances that need it ({@code True}, {@link Reasons#INSTANCES_KEPT}).
   */
  public static final String WITHDRAWN = "Withdrawn";

  private ConditionTypes() {}
}
