package io.kubecarrier.testkit.invariants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The label, finalizer and naming vocabulary of the hub that {@link HubInvariants} reads. The test
 * kit cannot depend on {@code common-api} (whose tests depend on the test kit), so these are
 * copies; {@code HubLabelsTest} in {@code common-api} asserts they equal {@code Labels}, {@code
 * Finalizers} and {@code Names}, so they cannot drift.
 */
public final class HubLabels {

  /** Prefix of every KubeCarrier label, annotation and finalizer. */
  public static final String PREFIX = "kubecarrier.io/";

  /** Which component manages an object, one of the {@code MANAGED_BY_*} values. */
  public static final String MANAGED_BY = PREFIX + "managed-by";

  /** {@link #MANAGED_BY} of service objects and connection Secret copies. */
  public static final String MANAGED_BY_PROPAGATION_AGENT = "propagation-agent";

  /** {@link #MANAGED_BY} of service-side namespaces. */
  public static final String MANAGED_BY_CLUSTER_REGISTRY = "cluster-registry";

  /** {@link #MANAGED_BY} of Offerings, Regions, tenant Roles and RoleBindings. */
  public static final String MANAGED_BY_CATALOG_OPERATOR = "catalog-operator";

  /** {@link #MANAGED_BY} of account namespaces, their RBAC and Tenants. */
  public static final String MANAGED_BY_ACCOUNT_OPERATOR = "account-operator";

  /** On account namespaces and Tenants: the Account they belong to. */
  public static final String ACCOUNT = PREFIX + "account";

  /** On tenant CRDs (what makes a CRD ours), Offerings and service objects: the CatalogEntry. */
  public static final String CATALOG_ENTRY = PREFIX + "catalog-entry";

  /** On tenant CRDs and published objects: the provider (namespace). */
  public static final String PROVIDER = PREFIX + "provider";

  /** On tenant instances: the region (service cluster) they run in. */
  public static final String REGION = PREFIX + "region";

  /** Owner labels of service objects and connection Secret copies: the tenant CRD group. */
  public static final String OWNER_GROUP = PREFIX + "owner-group";

  /** Owner labels: kind of the owner. */
  public static final String OWNER_KIND = PREFIX + "owner-kind";

  /** Owner labels: namespace of the owner (the tenant namespace, or the provider's). */
  public static final String OWNER_NAMESPACE = PREFIX + "owner-namespace";

  /** On a related-resource copy: {@code down} in a service namespace. */
  public static final String RELATED = PREFIX + "related";

  /** Owner labels: name of the owner, as a {@link #labelValue label value}. */
  public static final String OWNER_NAME = PREFIX + "owner-name";

  /** Owner labels: uid of the owning tenant instance (absent on objects of older agents). */
  public static final String OWNER_UID = PREFIX + "owner-uid";

  /** On service-side namespaces: the tenant namespace they serve. */
  public static final String TENANT_NAMESPACE = PREFIX + "tenant-namespace";

  /** On service-side namespaces: the ServiceClusterAssignment, as a label value. */
  public static final String ASSIGNMENT = PREFIX + "assignment";

  /** On service-side namespaces, Regions and assignments: the ServiceCluster. */
  public static final String SERVICE_CLUSTER = PREFIX + "service-cluster";

  /** On withdrawn Offerings, Roles and RoleBindings kept for instances: {@code "true"}. */
  public static final String WITHDRAWN = PREFIX + "withdrawn";

  /** Value of {@link #WITHDRAWN}. */
  public static final String WITHDRAWN_TRUE = "true";

  /**
   * The propagation agent's finalizer: on tenant instances, and on a ServiceClusterAssignment it
   * holds (uses) for placed instances.
   */
  public static final String PROPAGATION_AGENT_FINALIZER = PREFIX + "propagation-agent";

  /** Prefix of the names of tenant Roles and RoleBindings: {@code kubecarrier:tenant:<crd>}. */
  public static final String TENANT_ROLE_PREFIX = "kubecarrier:tenant:";

  private static final int LABEL_VALUE_MAX_LENGTH = 63;
  private static final int HASH_LENGTH = 10;
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

  private HubLabels() {}

  /**
   * {@code value} as the hub writes it into a label: unchanged when it is a valid label value,
   * otherwise sanitized, cut and hashed (the copy of {@code Names.labelValue}).
   */
  public static String labelValue(String value) {
    if (value.length() <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.matcher(value).matches()) {
      return value;
    }
    String sanitized = value.replaceAll("[^-A-Za-z0-9_.]", "-");
    int keep = LABEL_VALUE_MAX_LENGTH - HASH_LENGTH - 1;
    String prefix = sanitized.substring(0, Math.min(sanitized.length(), keep));
    prefix = prefix.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return prefix.isEmpty() ? hash(value) : prefix + "-" + hash(value);
  }

  /** Name of the Region of a service cluster of a provider: {@code <cluster>.<provider>}. */
  public static String regionName(String serviceCluster, String provider) {
    return serviceCluster + "." + provider;
  }

  /** Name of the ServiceClusterAssignment: {@code <tenant namespace>.<service cluster>}. */
  public static String assignmentName(String tenantNamespace, String serviceCluster) {
    return tenantNamespace + "." + serviceCluster;
  }

  /** Name of the tenant Role and RoleBinding of a tenant CRD. */
  public static String tenantRoleName(String tenantCrdName) {
    return TENANT_ROLE_PREFIX + tenantCrdName;
  }

  static String hash(String input) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
