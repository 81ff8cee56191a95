package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Failures;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import io.kubecarrier.operator.errors.ApiErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Clients of the service clusters, one per ServiceCluster object ({@code providerNamespace/name}),
 * built from the kubeconfig Secret it names. Each connection is probed ({@code GET /version}) every
 * probe interval by {@link #probeAll()}; a change of reachability or of the kubeconfig Secret is
 * reported to the {@link Listener}, which re-queues the cluster's instances.
 */
final class ClusterConnections implements AutoCloseable {

  /** Longest connect timeout of a service cluster client (the request timeout may be longer). */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(ClusterConnections.class);

  interface Listener {
    void reachabilityChanged(String clusterKey, boolean reachable);

    void connectionReplaced(String clusterKey);

    void connectionSecretChanged(String clusterKey, String namespace, String name);
  }

  /** Why a connection cannot be made: a reason constant and a message for people. */
  record Failure(String reason, String message) {}

  /** A connection, or why there is none. */
  record Result(Connection connection, Failure failure) {
    boolean ok() {
      return connection != null;
    }
  }

  /** A client of one service cluster and what the agent knows about its reachability. */
  static final class Connection {
    final String key;
    final String cluster;
    final KubernetesClient client;
    final String server;
    final String secretVersion;
    volatile boolean reachable;
    volatile String lastError = "";
    final java.util.concurrent.atomic.AtomicBoolean probing =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, SharedIndexInformer<Secret>> secrets = new ConcurrentHashMap<>();

    Connection(String key, String cluster, KubernetesClient client, String secretVersion) {
      this.key = key;
      this.cluster = cluster;
      this.client = client;
      this.server = client.getConfiguration().getMasterUrl();
      this.secretVersion = secretVersion;
    }

    boolean reachable() {
      return reachable;
    }

    String lastError() {
      return lastError;
    }

    /** The service object {@code namespace/name} of {@code kind} in this cluster. */
    io.fabric8.kubernetes.client.dsl.Resource<
            io.fabric8.kubernetes.api.model.GenericKubernetesResource>
        serviceObject(OfferedKind kind, String namespace, String name) {
      return client
          .genericKubernetesResources(kind.service().context())
          .inNamespace(namespace)
          .withName(name);
    }

    /** The cached Secret {@code namespace/name} of the service cluster, if any. */
    Secret secret(String namespace, String name) {
      SharedIndexInformer<Secret> s = secrets.get(namespace);
      return s == null ? null : s.getStore().getByKey(namespace + "/" + name);
    }
  }

  private final KubernetesClient management;
  private final AgentConfig config;
  private final Function<String, ServiceCluster> serviceClusters;
  private final Listener listener;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  /** One lock per cluster key: connecting to one cluster never waits for another. */
  private final Map<String, Object> connecting = new ConcurrentHashMap<>();

  /** Probes run here, each cluster on its own, so a cluster that hangs delays only itself. */
  private final java.util.concurrent.ExecutorService probes =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "propagation-probe");
            t.setDaemon(true);
            return t;
          });

  ClusterConnections(
      KubernetesClient management,
      AgentConfig config,
      Function<String, ServiceCluster> serviceClusters,
      Listener listener) {
    this.management = management;
    this.config = config;
    this.serviceClusters = serviceClusters;
    this.listener = listener;
  }

  /** The connection of {@code providerNamespace/cluster}, made (and probed once) on first use. */
  Result get(String clusterKey) {
    Connection c = connections.get(clusterKey);
    if (c != null) {
      return new Result(c, null);
    }
    synchronized (connecting.computeIfAbsent(clusterKey, k -> new Object())) {
      c = connections.get(clusterKey);
      if (c != null) {
        return new Result(c, null);
      }
      Result r = connect(clusterKey);
      if (r.ok()) {
        probe(r.connection(), false);
        connections.put(clusterKey, r.connection());
        LOG.infof(
            "service cluster %s connected (%s)",
            clusterKey, r.connection().reachable ? "reachable" : "unreachable");
      }
      return r;
    }
  }

  /** An existing connection, without connecting. */
  Connection existing(String clusterKey) {
    return connections.get(clusterKey);
  }

  /** Drops the connection (its ServiceCluster is gone). */
  void remove(String clusterKey) {
    Connection c = connections.remove(clusterKey);
    if (c != null) {
      close(c);
    }
  }

  List<Connection> all() {
    return new ArrayList<>(connections.values());
  }

  /**
   * Probes every connection and reloads those whose kubeconfig Secret changed; each cluster is
   * probed on its own thread (a probe of a cluster still being probed is skipped).
   */
  void probeAll() {
    for (Connection c : all()) {
      if (!c.probing.compareAndSet(false, true)) {
        continue;
      }
      probes.execute(
          () -> {
            try {
              if (!Objects.equals(secretVersion(c), c.secretVersion)) {
                replace(c);
                return;
              }
              probe(c, true);
            } catch (RuntimeException e) {
              LOG.warnf("probing service cluster %s: %s", c.key, e.toString());
            } finally {
              c.probing.set(false);
            }
          });
    }
  }

  /**
   * Runs a call to the service cluster of {@code conn}; a call without an answer marks the cluster
   * unreachable at once. Errors become {@link SyncFailure}s with a reason for the instance.
   */
  <T> T call(Connection conn, java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      SyncFailure f = failure(conn.cluster, conn.server, e);
      if (f.unreachable) {
        markUnreachable(conn, f.getMessage());
      }
      throw f;
    }
  }

  /**
   * Why a call to the service cluster {@code cluster} (at {@code server}) failed. Only a call
   * without an answer means the cluster is unreachable; a spec the service CRD's schema refuses
   * (400, 422) is the instance's {@code InvalidSpec} with the API server's message; any other
   * answer (401/403, 404, 409, 429, 5xx...) is classified by operator-common ({@code Unauthorized},
   * {@code RequestRejected}, {@code ServerError}).
   */
  static SyncFailure failure(String cluster, String server, RuntimeException e) {
    if (!answered(e)) {
      return new SyncFailure(Reasons.CLUSTER_UNREACHABLE, ApiErrors.message(e), true);
    }
    if (ApiErrors.isRejected(e)) {
      return new SyncFailure(
          Reasons.INVALID_SPEC,
          "service cluster " + cluster + " refused it: " + ApiErrors.message(e));
    }
    ConnectionException c = Failures.classify(e, server);
    return new SyncFailure(c.reason(), "service cluster " + cluster + ": " + c.getMessage());
  }

  /** Whether the API server answered (an HTTP status), as opposed to no answer at all. */
  static boolean answered(Throwable e) {
    return ApiErrors.code(e) > 0;
  }

  private void replace(Connection old) {
    connections.remove(old.key, old);
    close(old);
    LOG.infof("kubeconfig of service cluster %s changed: reconnecting", old.key);
    listener.connectionReplaced(old.key);
  }

  private String secretVersion(Connection c) {
    ServiceCluster sc = serviceClusters.apply(c.key);
    if (sc == null || sc.getSpec() == null || sc.getSpec().getKubeconfigSecret() == null) {
      return null;
    }
    Secret s =
        management
            .secrets()
            .inNamespace(sc.getMetadata().getNamespace())
            .withName(sc.getSpec().getKubeconfigSecret().getName())
            .get();
    return s == null ? null : s.getMetadata().getResourceVersion();
  }

  /** A call to the cluster failed without an answer: report it unreachable now. */
  void markUnreachable(Connection c, String error) {
    boolean was = c.reachable;
    c.reachable = false;
    c.lastError = error;
    if (was) {
      LOG.infof("service cluster %s is unreachable: %s", c.key, error);
      listener.reachabilityChanged(c.key, false);
    }
  }

  /**
   * {@code GET /version}: the cluster is reachable when its API server answers. An HTTP error is an
   * answer (the calls that follow say what is wrong), except a 403 on this path, which every user
   * may read: that API server is not ready to serve yet.
   */
  private void probe(Connection c, boolean report) {
    boolean was = c.reachable;
    try {
      c.client.getKubernetesVersion();
      c.reachable = true;
      c.lastError = "";
    } catch (RuntimeException e) {
      c.reachable = answered(e) && !ApiErrors.isForbidden(e);
      c.lastError = c.reachable ? "" : ApiErrors.message(e);
      if (c.reachable) {
        LOG.debugf("service cluster %s answers its probe with an error: %s", c.key, e.toString());
      }
    }
    if (report && was != c.reachable) {
      LOG.infof(
          "service cluster %s is %s%s",
          c.key, c.reachable ? "reachable again" : "unreachable: ", c.lastError);
      listener.reachabilityChanged(c.key, c.reachable);
    }
  }

  /**
   * Watches the Secrets of {@code c}'s cluster in exactly {@code namespaces} (the service-side
   * namespaces; the agent's identity has no cluster-wide right on Secrets).
   */
  void watchSecrets(Connection c, java.util.Set<String> namespaces) {
    synchronized (c) {
      watchSecretsOf(c, namespaces);
    }
  }

  private void watchSecretsOf(Connection c, java.util.Set<String> namespaces) {
    for (String ns : java.util.Set.copyOf(c.secrets.keySet())) {
      if (!namespaces.contains(ns)) {
        c.secrets.remove(ns).stop();
      }
    }
    for (String ns : namespaces) {
      if (c.secrets.containsKey(ns)) {
        continue;
      }
      SharedIndexInformer<Secret> informer =
          c.client
              .secrets()
              .inNamespace(ns)
              .runnableInformer(0)
              .itemStore(Informers.withoutManagedFields())
              .exceptionHandler(Informers::retry);
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret s) {
              changed(s);
            }

            @Override
            public void onUpdate(Secret o, Secret n) {
              if (!Objects.equals(o.getData(), n.getData())) {
                changed(n);
              }
            }

            @Override
            public void onDelete(Secret s, boolean unknown) {
              changed(s);
            }

            private void changed(Secret s) {
              listener.connectionSecretChanged(
                  c.key, s.getMetadata().getNamespace(), s.getMetadata().getName());
            }
          });
      informer.start();
      c.secrets.put(ns, informer);
    }
  }

  private Result connect(String clusterKey) {
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    if (sc == null) {
      return failed(
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster " + clusterKey + " does not exist: register it, or fix the region");
    }
    String ns = sc.getMetadata().getNamespace();
    String secretName =
        sc.getSpec() == null || sc.getSpec().getKubeconfigSecret() == null
            ? null
            : sc.getSpec().getKubeconfigSecret().getName();
    if (secretName == null) {
      return failed(
          Reasons.SECRET_NOT_FOUND,
          "ServiceCluster " + clusterKey + " names no kubeconfig Secret (spec.kubeconfigSecret)");
    }
    Secret secret = management.secrets().inNamespace(ns).withName(secretName).get();
    try {
      Config cfg = clientConfig(clusterKey, secret, ns, secretName, config.clusterTimeout());
      KubernetesClient client = new KubernetesClientBuilder().withConfig(cfg).build();
      return new Result(
          new Connection(
              clusterKey,
              sc.getMetadata().getName(),
              client,
              secret.getMetadata().getResourceVersion()),
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
      return new ConfigBuilder(parsed).withWatchReconnectInterval(500).build();
    } catch (ConnectionException e) {
      String where =
          Reasons.INVALID_KUBECONFIG.equals(e.reason())
              ? "ServiceCluster " + clusterKey + ", Secret " + namespace + "/" + name + ": "
              : "ServiceCluster " + clusterKey + ": ";
      throw new ConnectionException(e.reason(), where + e.getMessage(), e.isTransient());
    }
  }

  private static Result failed(String reason, String message) {
    return new Result(null, new Failure(reason, message));
  }

  private static void close(Connection c) {
    c.secrets.values().forEach(SharedIndexInformer::stop);
    c.secrets.clear();
    c.client.close();
  }

  @Override
  public void close() {
    probes.shutdownNow();
    for (Connection c : all()) {
      close(c);
    }
    connections.clear();
  }
}
