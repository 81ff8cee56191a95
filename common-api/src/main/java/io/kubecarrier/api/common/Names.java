package io.kubecarrier.api.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The naming functions of DESIGN.md. Every name one component derives and another looks up is built
 * here, so the two always agree. All functions are deterministic and validate their input: an
 * invalid argument throws {@link IllegalArgumentException} naming the argument.
 *
 * <p>Where a derived name could exceed its Kubernetes limit it is shortened the same way
 * everywhere: cut to leave room, trailing {@code -}, {@code .} and {@code _} removed, then {@code
 * -} and the first {@value #HASH_LENGTH} hex characters of the SHA-256 of the full input appended.
 * The result is unique in practice, stays within the limit and never ends with {@code -}.
 */
public final class Names {

  /** Maximum length of a DNS-1123 label (namespace names, label values). */
  public static final int DNS_LABEL_MAX_LENGTH = 63;

  /** Maximum length of a DNS-1123 subdomain (most object names). */
  public static final int DNS_SUBDOMAIN_MAX_LENGTH = 253;

  /** Maximum length of a label value. */
  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  /** Number of hex characters of the SHA-256 hash appended to shortened names. */
  public static final int HASH_LENGTH = 10;

  /** Prefix of service-side namespaces, see {@link #serviceNamespaceName(String, String)}. */
  public static final String SERVICE_NAMESPACE_PREFIX = "kc-";

  /** Part of connection Secret names, see {@link #connectionSecretName(String, String, String)}. */
  public static final String CONNECTION_SECRET_SUFFIX = "-connection";

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
  private static final Pattern KIND = Pattern.compile("^[A-Z][A-Za-z0-9]*$");

  private Names() {}

  /**
   * Whether {@code s} is a DNS-1123 label: 1 to 63 characters of {@code [a-z0-9-]}, starting and
   * ending with a letter or digit. Namespaces, Accounts and ServiceClusters are named so.
   */
  public static boolean isDnsLabel(String s) {
    return s != null && s.length() <= DNS_LABEL_MAX_LENGTH && DNS_LABEL.matcher(s).matches();
  }

  /**
   * Whether {@code s} is a DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123
   * labels. Most object names, CRD names and API groups are named so.
   */
  public static boolean isDnsSubdomain(String s) {
    return s != null
        && s.length() <= DNS_SUBDOMAIN_MAX_LENGTH
        && DNS_SUBDOMAIN.matcher(s).matches();
  }

  /**
   * Whether {@code s} is a valid label value: empty, or at most 63 characters of {@code
   * [A-Za-z0-9-_.]} starting and ending with a letter or digit.
   */
  public static boolean isLabelValue(String s) {
    return s != null && s.length() <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.matcher(s).matches();
  }

  /**
   * Name of the Region (and of the Offering's region entry) for a service cluster of a provider:
   * {@code <serviceCluster>.<provider>}, for example {@code eu-west-1.example-corp}.
   *
   * @param serviceCluster name of the ServiceCluster, a DNS-1123 label
   * @param provider name of the provider Account (its namespace), a DNS-1123 label
   */
  public static String regionName(String serviceCluster, String provider) {
    requireDnsLabel("serviceCluster", serviceCluster);
    requireDnsLabel("provider", provider);
    return serviceCluster + "." + provider;
  }

  /**
   * Name of the ServiceClusterAssignment that gives a management namespace a namespace in a service
   * cluster: {@code <managementNamespace>.<serviceCluster>}. The assignment lives in the provider
   * namespace; its CRD enforces this name with a CEL rule.
   *
   * @param managementNamespace the tenant namespace in the management cluster, a DNS-1123 label
   * @param serviceCluster name of the ServiceCluster, a DNS-1123 label
   */
  public static String assignmentName(String managementNamespace, String serviceCluster) {
    requireDnsLabel("managementNamespace", managementNamespace);
    requireDnsLabel("serviceCluster", serviceCluster);
    return managementNamespace + "." + serviceCluster;
  }

  /**
   * Name of the CustomResourceDiscovery a CatalogEntrySet requests for one service cluster: {@code
   * <catalogEntrySet>.<serviceCluster>}, shortened with a hash when longer than 253.
   *
   * @param catalogEntrySet name of the CatalogEntrySet, a DNS-1123 subdomain
   * @param serviceCluster name of the ServiceCluster, a DNS-1123 label
   */
  public static String discoveryName(String catalogEntrySet, String serviceCluster) {
    requireDnsSubdomain("catalogEntrySet", catalogEntrySet);
    requireDnsLabel("serviceCluster", serviceCluster);
    String name = catalogEntrySet + "." + serviceCluster;
    return fit(name, DNS_SUBDOMAIN_MAX_LENGTH, name);
  }

  /**
   * Default API group of the tenant-facing CRDs of a provider: {@code <provider>.<hubDomain>}, for
   * example {@code example-corp.hub.example.net}. A CatalogEntrySet may override it.
   *
   * @param provider name of the provider Account, a DNS-1123 label
   * @param hubDomain the hub domain (install setting), a DNS-1123 subdomain
   * @throws IllegalArgumentException also when the group would exceed 253 characters
   */
  public static String tenantCrdGroup(String provider, String hubDomain) {
    requireDnsLabel("provider", provider);
    requireDnsSubdomain("hubDomain", hubDomain);
    return requireDnsSubdomain("tenant CRD group", provider + "." + hubDomain);
  }

  /**
   * Name of a CustomResourceDefinition: {@code <plural>.<group>}, as the API server requires.
   *
   * @param plural plural resource name, a DNS-1123 label
   * @param group API group, a DNS-1123 subdomain
   * @throws IllegalArgumentException also when the name would exceed 253 characters
   */
  public static String crdName(String plural, String group) {
    requireDnsLabel("plural", plural);
    requireDnsSubdomain("group", group);
    return requireDnsSubdomain("CRD name", plural + "." + group);
  }

  /**
   * Name of the namespace in a service cluster that holds the instances a provider serves to one
   * tenant namespace: {@code kc-<provider>-<tenantNamespace>}, for example {@code kc-acme-team-a}.
   * Per (provider, tenant), so providers that register the same physical cluster never share a
   * namespace. Longer than 63 characters, it is cut and the hash of {@code
   * provider/tenantNamespace} appended. This is attempt 0 of {@link #serviceNamespaceCandidate}.
   *
   * @param provider the provider namespace (the Account of the ServiceClusterAssignment), a
   *     DNS-1123 label
   * @param tenantNamespace the tenant namespace in the management cluster, a DNS-1123 label
   * @return a DNS-1123 label
   */
  public static String serviceNamespaceName(String provider, String tenantNamespace) {
    return serviceNamespaceCandidate(provider, tenantNamespace, 0);
  }

  /**
   * The service-side namespace names to try, in order, for a (provider, tenant namespace): attempt
   * 0 is {@link #serviceNamespaceName}; attempt {@code n > 0} is that name cut to leave room and
   * {@code -} plus the hash of {@code provider/tenantNamespace/n} appended. Deterministic, so every
   * restart tries the same names; the cluster registry takes the first one that is free or already
   * ours (never a foreign namespace) and records it in the assignment's status.
   *
   * @param attempt 0, 1, 2, ...
   */
  public static String serviceNamespaceCandidate(
      String provider, String tenantNamespace, int attempt) {
    requireDnsLabel("provider", provider);
    requireDnsLabel("tenantNamespace", tenantNamespace);
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    String base = SERVICE_NAMESPACE_PREFIX + provider + "-" + tenantNamespace;
    String identity = provider + "/" + tenantNamespace;
    if (attempt == 0) {
      return fit(base, DNS_LABEL_MAX_LENGTH, identity);
    }
    String prefix =
        base.substring(0, Math.min(base.length(), DNS_LABEL_MAX_LENGTH - HASH_LENGTH - 1))
            .replaceAll("[-._]+$", "");
    return prefix + "-" + hash(identity + "/" + attempt);
  }

  /**
   * Name of the Secret in the tenant namespace that carries the connection data (endpoints,
   * credentials) of a tenant instance: {@code <instanceName>-<lower-case kind>-connection.<group>},
   * for example {@code cache-redis-connection.acme.hub.kubecarrier.io}. Kind and tenant API group
   * keep instances of different kinds and providers with the same name apart. Shortened with a hash
   * when longer than 253.
   *
   * @param group API group of the tenant CRD, a DNS-1123 subdomain
   * @param kind kind of the tenant instance, UpperCamelCase, for example {@code Redis}
   * @param instanceName name of the tenant instance, a DNS-1123 subdomain
   */
  public static String connectionSecretName(String group, String kind, String instanceName) {
    requireDnsSubdomain("group", group);
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "kind must be UpperCamelCase ([A-Z][A-Za-z0-9]*), got '" + kind + "'");
    }
    requireDnsSubdomain("instanceName", instanceName);
    String name =
        instanceName + "-" + kind.toLowerCase(Locale.ROOT) + CONNECTION_SECRET_SUFFIX + "." + group;
    return fit(name, DNS_SUBDOMAIN_MAX_LENGTH, group + "/" + kind + "/" + instanceName);
  }

  /**
   * {@code value} as a valid label value: unchanged when it already is one, otherwise characters
   * outside {@code [A-Za-z0-9-_.]} replaced by {@code -}, cut, and a hash of the original value
   * appended. Use it for label values built from object names, which may be up to 253 long.
   */
  public static String labelValue(String value) {
    if (value == null) {
      throw new IllegalArgumentException("label value must not be null");
    }
    if (isLabelValue(value)) {
      return value;
    }
    String sanitized = value.replaceAll("[^-A-Za-z0-9_.]", "-");
    int keep = LABEL_VALUE_MAX_LENGTH - HASH_LENGTH - 1;
    String prefix = sanitized.substring(0, Math.min(sanitized.length(), keep));
    prefix = prefix.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return prefix.isEmpty() ? hash(value) : prefix + "-" + hash(value);
  }

  /** The first {@value #HASH_LENGTH} lower-case hex characters of the SHA-256 of {@code input}. */
  public static String hash(String input) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * {@code name} if it fits in {@code max}; otherwise a prefix without trailing {@code -}/{@code
   * .}, then {@code -} and the hash of {@code hashInput}.
   */
  static String fit(String name, int max, String hashInput) {
    if (name.length() <= max) {
      return name;
    }
    String prefix = name.substring(0, max - HASH_LENGTH - 1).replaceAll("[-._]+$", "");
    // the hash extends the last DNS label, which must stay within 63 characters
    int lastLabel = prefix.lastIndexOf('.') + 1;
    int lastLabelMax = DNS_LABEL_MAX_LENGTH - HASH_LENGTH - 1;
    if (prefix.length() - lastLabel > lastLabelMax) {
      prefix = prefix.substring(0, lastLabel + lastLabelMax).replaceAll("[-._]+$", "");
    }
    return prefix + "-" + hash(hashInput);
  }

  private static String requireDnsLabel(String what, String value) {
    if (!isDnsLabel(value)) {
      throw new IllegalArgumentException(
          what
              + " must be a DNS-1123 label (at most 63 characters of a-z, 0-9 and '-', starting"
              + " and ending with a letter or digit), got '"
              + value
              + "'");
    }
    return value;
  }

  private static String requireDnsSubdomain(String what, String value) {
    if (!isDnsSubdomain(value)) {
      throw new IllegalArgumentException(
          what
              + " must be a DNS-1123 subdomain (at most 253 characters, dot-separated labels of"
              + " a-z, 0-9 and '-'), got '"
              + value
              + "'");
    }
    return value;
  }
}
