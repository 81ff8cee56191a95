package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Reasons;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the kubeconfig of a ServiceCluster's Secret into a client {@link Config}, accepting only
 * what is safe inside an operator: the current context's cluster and user with inline data (token,
 * client certificate, basic auth, CA data). References to files, exec credential plugins and auth
 * providers are refused, because they would read the operator's file system or run commands in its
 * container.
 */
public final class Kubeconfigs {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Kubeconfigs() {}

  /**
   * Parses and validates {@code kubeconfig}.
   *
   * @param timeout connect and request timeout of the resulting client; retries are off, the
   *     heartbeat is the retry
   * @throws ConnectionException with reason {@link Reasons#INVALID_KUBECONFIG}
   */
  public static Config parse(String kubeconfig, Duration timeout) throws ConnectionException {
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
              + ", which the cluster registry does not allow; embed the data instead"
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
    int millis = (int) timeout.toMillis();
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
        .withConnectionTimeout(millis)
        .withRequestTimeout(millis)
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
            + " under the key 'kubeconfig' (see k8s/service-cluster/README.md).");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
