package io.kubecarrier.api.common;

/**
 * Condition reasons (CamelCase, {@code metav1.Condition} rules). A reason names the cause for
 * programs; the condition message explains it to a person and says what to do.
 */
public final class Reasons {

  // generic
  /** The object and everything it needs are in place. */
  public static final String READY = "Ready";

  /** Work is under way, nothing is wrong yet. */
  public static final String PROGRESSING = "Progressing";

  /** Not all conditions that {@code Ready} summarises are True yet. */
  public static final String NOT_READY = "NotReady";

  /** The object is being deleted and waits for its finalizer work. */
  public static final String DELETING = "Deleting";

  /** Deletion waits for objects that still depend on this one. */
  public static final String DEPENDENTS_EXIST = "DependentsExist";

  /** A name in spec is not a valid Kubernetes name. */
  public static final String INVALID_NAME = "InvalidName";

  /** The spec is valid for the schema but cannot be acted on. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Something failed that a retry may fix; the message carries the error. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // Account
  /** A namespace with the account name exists and does not belong to this account. */
  public static final String NAMESPACE_CONFLICT = "NamespaceConflict";

  /** The namespace (of an account or a service-side namespace) was created or adopted. */
  public static final String NAMESPACE_CREATED = "NamespaceCreated";

  /** The namespace is being deleted by Kubernetes. */
  public static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

  /** Roles and RoleBindings are applied. */
  public static final String RBAC_APPLIED = "RBACApplied";

  /** Roles or RoleBindings could not be applied. */
  public static final String RBAC_FAILED = "RBACFailed";

  /** Tenant objects are in place in every provider namespace. */
  public static final String TENANTS_SYNCED = "TenantsSynced";

  // ServiceCluster and Secrets
  /** The referenced Secret does not exist. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /** The Secret exists but lacks the expected key (for a kubeconfig: {@code kubeconfig}). */
  public static final String SECRET_KEY_MISSING = "SecretKeyMissing";

  /** The kubeconfig cannot be parsed or has no usable context. */
  public static final String INVALID_KUBECONFIG = "InvalidKubeconfig";

  /** The service cluster rejected the credentials (401/403). */
  public static final String UNAUTHORIZED = "Unauthorized";

  /** The service cluster did not answer (DNS, connection refused, timeout). */
  public static final String UNREACHABLE = "Unreachable";

  /** The TLS handshake with the service cluster failed (unknown CA, wrong host name). */
  public static final String TLS_ERROR = "TLSError";

  /**
   * The service cluster's API server answered, with a server error or throttling (HTTP 429, 5xx):
   * it is there but unhealthy, overloaded or blocked by one of its admission webhooks.
   */
  public static final String SERVER_ERROR = "ServerError";

  /**
   * The service cluster's API server answered and refused this request (HTTP 400, 404, 409, 422 and
   * other client errors): the cluster is reachable, the request is what needs fixing.
   */
  public static final String REQUEST_REJECTED = "RequestRejected";

  /** The last heartbeat succeeded. */
  public static final String HEARTBEAT_OK = "HeartbeatOK";

  /** No successful heartbeat within the allowed time. */
  public static final String HEARTBEAT_TIMEOUT = "HeartbeatTimeout";

  /** The referenced ServiceCluster does not exist. */
  public static final String SERVICE_CLUSTER_NOT_FOUND = "ServiceClusterNotFound";

  /** The referenced ServiceCluster exists but is not Ready. */
  public static final String SERVICE_CLUSTER_NOT_READY = "ServiceClusterNotReady";

  /** The service cluster is unreachable; the work waits for it. */
  public static final String CLUSTER_UNREACHABLE = "ClusterUnreachable";

  /** The kubeconfig's credentials expire within the warning window: rotate them. */
  public static final String CREDENTIALS_EXPIRE_SOON = "CredentialsExpireSoon";

  /** The kubeconfig's credentials have expired: the service cluster rejects them. */
  public static final String CREDENTIALS_EXPIRED = "CredentialsExpired";

  /** The kubeconfig's credentials expire later than the warning window. */
  public static final String CREDENTIALS_VALID = "CredentialsValid";

  /**
   * The kubeconfig's credentials carry no expiry that can be read (an opaque or legacy token, basic
   * auth).
   */
  public static final String NO_EXPIRY = "NoExpiry";

  // discovery and catalog
  /** The CRD does not exist in the service cluster. */
  public static final String CRD_NOT_FOUND = "CRDNotFound";

  /** The CRD was found and recorded. */
  public static final String CRD_DISCOVERED = "CRDDiscovered";

  /** The CRD exists but is not established in the service cluster. */
  public static final String CRD_NOT_ESTABLISHED = "CRDNotEstablished";

  /** The tenant-facing CRD is established. */
  public static final String CRD_ESTABLISHED = "CRDEstablished";

  /** Waiting for CustomResourceDiscoveries of some selected service clusters. */
  public static final String DISCOVERY_PENDING = "DiscoveryPending";

  /** No ServiceCluster matches the selector. */
  public static final String NO_SERVICE_CLUSTERS = "NoServiceClusters";

  /** Another entry, provider or foreign CRD already owns the wanted tenant CRD name. */
  public static final String COLLISION = "Collision";

  /**
   * The service CRDs of some selected clusters cannot be combined with the offered ones (an
   * incompatible schema difference, no common version, a stored version no longer served).
   */
  public static final String CRD_MISMATCH = "CRDMismatch";

  /** A {@code derive.expose} path or version does not exist in the service CRD. */
  public static final String INVALID_EXPOSE = "InvalidExpose";

  /** The account of the namespace is not a Provider. */
  public static final String NOT_A_PROVIDER = "NotAProvider";

  /** The Catalog published its offerings. */
  public static final String PUBLISHED = "Published";

  // instances and assignments
  /** The service-side object matches the hub and status was copied back. */
  public static final String SYNCED = "Synced";

  /** Applying to or reading from the service cluster failed; the message carries the error. */
  public static final String SYNC_FAILED = "SyncFailed";

  /** RelatedResourcesSynced=False: a related object is not there yet (on either side). */
  public static final String RELATED_RESOURCE_PENDING = "RelatedResourcePending";

  /**
   * RelatedResourcesSynced=False: a related object cannot be copied (a name collision, an invalid
   * name, another namespace, a refusal).
   */
  public static final String RELATED_RESOURCE_FAILED = "RelatedResourceFailed";

  /** No ServiceClusterAssignment is ready for the (namespace, service cluster) pair. */
  public static final String ASSIGNMENT_MISSING = "AssignmentMissing";

  /** The {@code kubecarrier.io/region} label names no region of the offering. */
  public static final String UNKNOWN_REGION = "UnknownRegion";

  /** The region label is missing and the offering has more than one region. */
  public static final String REGION_REQUIRED = "RegionRequired";

  /** The service-side object was deleted and the deletion is awaited. */
  public static final String SERVICE_OBJECT_DELETING = "ServiceObjectDeleting";

  /** The instance's kind and region are offered to its namespace. */
  public static final String OFFERED = "Offered";

  /** The provider withdrew the offering (or region) from the namespace; instances are kept. */
  public static final String WITHDRAWN = "Withdrawn";

  /** Withdrawn publications are kept for the instances that still need them. */
  public static final String INSTANCES_KEPT = "InstancesKept";

  /** Nothing published before is withdrawn and kept. */
  public static final String NOTHING_WITHDRAWN = "NothingWithdrawn";

  /** There is no Offering of the instance's kind in its namespace. */
  public static final String NOT_OFFERED = "NotOffered";

  /**
   * A service-side object of that name exists and is not this instance's: it is never taken over.
   */
  public static final String FOREIGN_OBJECT = "ForeignObject";

  /**
   * The service cluster's API server dropped fields of the applied spec (its CRD does not know
   * them, or not yet: a CRD update takes a moment to reach its storage); retried with back-off.
   */
  public static final String FIELDS_DROPPED = "FieldsDropped";

  /** A deletion finished without reaching a service cluster that is let go. */
  public static final String LET_GO = "LetGo";

  /** A deletion waits for the instances that still use the object. */
  public static final String IN_USE = "InUse";

  private Reasons() {}
}
