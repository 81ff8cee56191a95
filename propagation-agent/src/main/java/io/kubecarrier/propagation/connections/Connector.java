package io.kubecarrier.propagation.connections;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import io.kubecarrier.operator.errors.ApiErrors;
import java.time.Duration;
import java.util.function.Function;

/**
 * Makes the client of a ServiceCluster from the kubeconfig Secret it names (in the provider
 * namespace of the management cluster), with operator-common's rules for kubeconfigs: inline
 * credentials only.
 */
final class Connector {

  /** Longest connect timeout of a service cluster client (the request timeout may be longer). */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Watches of a service cluster reconnect this soon after they drop. */
  static final int WATCH_RECONNECT_MILLIS = 500;

  private final KubernetesClient management;
  private final Duration timeout;
  private final Function<String, ServiceCluster> serviceClusters;
  private final ClusterConnections.Listener listener;

  Connector(
      KubernetesClient management,
      Duration timeout,
      Function<String, ServiceCluster> serviceClusters,
      ClusterConnections.Listener listener) {
    this.management = management;
    this.timeout = timeout;
    this.serviceClusters = serviceClusters;
    this.listener = listener;
  }

  /** A new, not yet probed connection of {@code providerNamespace/name}, or why there is none. */
  ClusterConnections.Result connect(String clusterKey) {
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    if (sc == null) {
      return failed(
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster " + clusterKey + " does not exist: register it, or fix the region");
    }
    String ns = sc.getMetadata().getNamespace();
    String secretName = secretName(sc);
    if (secretName == null) {
      return failed(
          Reasons.SECRET_NOT_FOUND,
          "ServiceCluster " + clusterKey + " names no kubeconfig Secret (spec.kubeconfigSecret)");
    }
    Secret secret = management.secrets().inNamespace(ns).withName(secretName).get();
    try {
      Config cfg = clientConfig(clusterKey, secret, ns, secretName, timeout);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(cfg).build();
      return new ClusterConnections.Result(
          new Connection(
              clusterKey,
              sc.getMetadata().getName(),
              client,
              secret.getMetadata().getResourceVersion(),
              listener),
          null);
    } catch (ConnectionException e) {
      return failed(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      return failed(
          Reasons.INVALID_KUBECONFIG,
          "ServiceCluster "
              + clusterKey
              + ": the kubeconfig in Secret "
              + ns
              + "/"
              + secretName
              + " cannot be used: "
              + ApiErrors.message(e));
    }
  }

  /**
   * The resourceVersion of the kubeconfig Secret of {@code clusterKey}, null when there is none: a
   * change means the connection must be made again.
   */
  String secretVersion(String clusterKey) {
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    String name = sc == null ? null : secretName(sc);
    if (name == null) {
      return null;
    }
    Secret s =
        management.secrets().inNamespace(sc.getMetadata().getNamespace()).withName(name).get();
    return s == null ? null : s.getMetadata().getResourceVersion();
  }

  /**
   * The client configuration of the ServiceCluster {@code clusterKey} from its kubeconfig Secret
   * {@code namespace/name} (null when it does not exist): inline credentials only
   * (operator-common's {@link Kubeconfigs}), connect timeout {@code min(timeout, 5 s)}, request
   * timeout {@code timeout}, no client-side retries, watches reconnecting after 500 ms.
   *
   * @throws ConnectionException SecretNotFound, SecretKeyMissing or InvalidKubeconfig, with a
   *     message that names the ServiceCluster
   */
  static Config clientConfig(
      String clusterKey, Secret secret, String namespace, String name, Duration timeout)
      throws ConnectionException {
    try {
      String kubeconfig = Kubeconfigs.read(secret, namespace, name);
      Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
      Config parsed = Kubeconfigs.parse(kubeconfig, connect, timeout);
      return new ConfigBuilder(parsed).withWatchReconnectInterval(WATCH_RECONNECT_MILLIS).build();
    } catch (ConnectionException e) {
      String where =
          Reasons.INVALID_KUBECONFIG.equals(e.reason())
              ? "ServiceCluster " + clusterKey + ", Secret " + namespace + "/" + name + ": "
              : "ServiceCluster " + clusterKey + ": ";
      throw new ConnectionException(e.reason(), where + e.getMessage(), e.isTransient());
    }
  }

  private static String secretName(ServiceCluster sc) {
    return sc.getSpec() == null || sc.getSpec().getKubeconfigSecret() == null
        ? null
        : sc.getSpec().getKubeconfigSecret().getName();
  }

  private static ClusterConnections.Result failed(String reason, String message) {
    return new ClusterConnections.Result(null, new ClusterConnections.Failure(reason, message));
  }
}
