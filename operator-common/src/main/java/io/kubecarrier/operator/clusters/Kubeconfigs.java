package io.kubecarrier.operator.clusters;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Reasons;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the kubeconfig of a ServiceCluster's Secret and turns it into a client {@link Config},
 * accepting only what is safe inside an operator: the current context's cluster and user with
 * inline data (token, client certificate, basic auth, CA data). References to files, exec
 * credential plugins and auth providers are refused, because they would read the operator's file
 * system or run commands in its container.
 */
public final class Kubeconfigs {

  /** Key of the kubeconfig in the Secret, as in KubeCarrier. */
  public static final String KEY = "kubeconfig";

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Kubeconfigs() {}

  /**
   * The kubeconfig in {@code secret} ({@code namespace/name}, null when it does not exist).
   *
   * @throws ConnectionException with reason {@link Reasons#SECRET_NOT_FOUND} or {@link
   *     Reasons#SECRET_KEY_MISSING}
   */
  public static String read(Secret secret, String namespace, String name)
      throws ConnectionException {
    if (secret == null) {
      throw ConnectionException.permanent(
          Reasons.SECRET_NOT_FOUND,
          "Secret "
              + namespace
              + "/"
              + name
              + " does not exist. Create it with the service cluster's kubeconfig under the key '"
              + KEY
              + "', or fix spec.kubeconfigSecret.name.");
    }
    String kubeconfig = null;
    if (secret.getData() != null && secret.getData().get(KEY) != null) {
      kubeconfig =
          new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
    } else if (secret.getStringData() != null) {
      kubeconfig = secret.getStringData().get(KEY);
    }
    if (kubeconfig == null) {
      throw ConnectionException.permanent(
          Reasons.SECRET_KEY_MISSING,
          "Secret "
              + namespace
              + "/"
              + name
              + " has no key '"
              + KEY
              + "'. Put the service cluster's kubeconfig under that key.");
    }
    return kubeconfig;
  }

  /** {@link #parse(String, Duration, Duration)} with one timeout for connecting and requests. */
  public static Config parse(String kubeconfig, Duration timeout) throws ConnectionException {
    return parse(kubeconfig, timeout, timeout);
  }

  /**
   * Parses and validates {@code kubeconfig}.
   *
   * @param connectTimeout connect timeout of the resulting client
   * @param requestTimeout request timeout of the resulting client; retries are off, the caller's
   *     reconcile loop or heartbeat is the retry
   * @throws ConnectionException with reason {@link Reasons#INVALID_KUBECONFIG}
   */
  public static Config parse(String kubeconfig, Duration connectTimeout, Duration requestTimeout)
      throws ConnectionException {
    io.fabric8.kubernetes.api.model.Config kc;
    try {
      Object parsed = YAML.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
      if (!(parsed instanceof io.fabric8.kubernetes.api.model.Config c)) {
        throw invalid("it is not a kubeconfig document (kind: Config)");
      }
      kc = c;
    } catch (RuntimeException e) {
      throw invalid("it is not valid YAML: " + firstLine(e.getMessage()));
    }
    String contextName = kc.getCurrentContext();
    if (contextName == null || contextName.isBlank()) {
      throw invalid("current-context is not set");
    }
    Context context =
        find(kc.getContexts(), contextName, NamedContext::getName)
            .map(NamedContext::getContext)
            .orElseThrow(() -> invalid("current-context '" + contextName + "' is not defined"));
    Cluster cluster =
        find(kc.getClusters(), context.getCluster(), NamedCluster::getName)
            .map(NamedCluster::getCluster)
            .orElseThrow(() -> invalid("cluster '" + context.getCluster() + "' is not defined"));
    AuthInfo user =
        context.getUser() == null
            ? new AuthInfo()
            : find(kc.getUsers(), context.getUser(), NamedAuthInfo::getName)
                .map(NamedAuthInfo::getUser)
                .orElseThrow(() -> invalid("user '" + context.getUser() + "' is not defined"));
    List<String> refused = refusedFields(cluster, user);
    if (!refused.isEmpty()) {
      throw invalid(
          "it uses "
              + String.join(", ", refused)
              + ", which KubeCarrier refuses (they would read its files or run commands in its container); embed the data instead"
              + " (certificate-authority-data, client-certificate-data, client-key-data, token)");
    }
    String server = cluster.getServer();
    if (server == null || server.isBlank()) {
      throw invalid("cluster '" + context.getCluster() + "' has no server URL");
    }
    try {
      URI uri = URI.create(server);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw invalid("server '" + server + "' is not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw invalid("server '" + server + "' is not a URL");
    }
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server)
        .withCaCertData(cluster.getCertificateAuthorityData())
        .withTrustCerts(Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify()))
        .withDisableHostnameVerification(Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify()))
        .withOauthToken(user.getToken())
        .withUsername(user.getUsername())
        .withPassword(user.getPassword())
        .withClientCertData(user.getClientCertificateData())
        .withClientKeyData(user.getClientKeyData())
        .withNamespace(context.getNamespace())
        .withConnectionTimeout((int) connectTimeout.toMillis())
        .withRequestTimeout((int) requestTimeout.toMillis())
        .withRequestRetryBackoffLimit(0)
        .withAutoConfigure(false)
        .build();
  }

  private static List<String> refusedFields(Cluster cluster, AuthInfo user) {
    List<String> refused = new ArrayList<>();
    if (cluster.getCertificateAuthority() != null) {
      refused.add("a certificate-authority file");
    }
    if (cluster.getProxyUrl() != null) {
      refused.add("a proxy-url");
    }
    if (user.getClientCertificate() != null || user.getClientKey() != null) {
      refused.add("client certificate/key files");
    }
    if (user.getTokenFile() != null) {
      refused.add("a tokenFile");
    }
    if (user.getExec() != null) {
      refused.add("an exec credential plugin");
    }
    if (user.getAuthProvider() != null) {
      refused.add("an auth-provider");
    }
    if (user.getAs() != null || (user.getAsGroups() != null && !user.getAsGroups().isEmpty())) {
      refused.add("impersonation (as/as-groups)");
    }
    return refused;
  }

  private static <T> Optional<T> find(
      List<T> items, String name, java.util.function.Function<T, String> nameOf) {
    if (items == null || name == null) {
      return Optional.empty();
    }
    return items.stream().filter(i -> name.equals(nameOf.apply(i))).findFirst();
  }

  private static ConnectionException invalid(String why) {
    return ConnectionException.permanent(
        Reasons.INVALID_KUBECONFIG,
        "The kubeconfig cannot be used: "
            + why
            + ". Put a kubeconfig with one context, an https server URL and inline credentials"
            + " under the key '"
            + KEY
            + "' (see k8s/service-cluster/README.md).");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
