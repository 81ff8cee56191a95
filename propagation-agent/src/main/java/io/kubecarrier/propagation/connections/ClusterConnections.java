package io.kubecarrier.propagation.connections;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Failures;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.AgentConfig;
import io.kubecarrier.propagation.SyncFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Clients of the service clusters, one per ServiceCluster object ({@code providerNamespace/name}),
 * built from the kubeconfig Secret it names ({@link Connector}). Each connection is probed ({@code
 * GET /version}) every probe interval by {@link #probeAll()}; a change of reachability or of the
 * kubeconfig Secret is reported to the {@link Listener}, which re-queues the cluster's instances.
 */
public final class ClusterConnections implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ClusterConnections.class);

  /** Hears what changes about the connections. */
  public interface Listener {
    void reachabilityChanged(String clusterKey, boolean reachable);

    void connectionReplaced(String clusterKey);

    /** A Secret or ConfigMap in a watched service-side namespace changed. */
    void serviceDataChanged(
        String clusterKey,
        io.kubecarrier.api.common.RelatedKind kind,
        String namespace,
        String name);
  }

  /** Why a connection cannot be made: a reason constant and a message for people. */
  public record Failure(String reason, String message) {}

  /** A connection, or why there is none. */
  public record Result(Connection connection, Failure failure) {
    public boolean ok() {
      return connection != null;
    }
  }

  private final Connector connector;
  private final Listener listener;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  /** One lock per cluster key: connecting to one cluster never waits for another. */
  private final Map<String, Object> connecting = new ConcurrentHashMap<>();

  /** Probes run here, each cluster on its own, so a cluster that hangs delays only itself. */
  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "propagation-probe");
            t.setDaemon(true);
            return t;
          });

  public ClusterConnections(
      KubernetesClient management,
      AgentConfig config,
      Function<String, ServiceCluster> serviceClusters,
      Listener listener) {
    this.connector = new Connector(management, config.clusterTimeout(), serviceClusters, listener);
    this.listener = listener;
  }

  /** The connection of {@code providerNamespace/cluster}, made (and probed once) on first use. */
  public Result get(String clusterKey) {
    Connection c = connections.get(clusterKey);
    if (c != null) {
      return new Result(c, null);
    }
    synchronized (connecting.computeIfAbsent(clusterKey, k -> new Object())) {
      c = connections.get(clusterKey);
      if (c != null) {
        return new Result(c, null);
      }
      Result r = connector.connect(clusterKey);
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
  public Connection existing(String clusterKey) {
    return connections.get(clusterKey);
  }

  /** Drops the connection (its ServiceCluster is gone or changed). */
  public void remove(String clusterKey) {
    Connection c = connections.remove(clusterKey);
    if (c != null) {
      c.close();
    }
  }

  List<Connection> all() {
    return new ArrayList<>(connections.values());
  }

  /** Watches of Secrets open in the service clusters (one per service-side namespace). */
  public int secretWatchCount() {
    return connections.values().stream().mapToInt(c -> c.secrets.namespaces().size()).sum();
  }

  /** Watches of ConfigMaps open in the service clusters (where a kind declares related ones). */
  public int configMapWatchCount() {
    return connections.values().stream().mapToInt(c -> c.configMaps.namespaces().size()).sum();
  }

  /**
   * Watches the Secrets of {@code c}'s cluster in exactly {@code namespaces} (the service-side
   * namespaces; the agent's identity has no cluster-wide right on Secrets).
   */
  public void watchSecrets(Connection c, Set<String> namespaces, boolean configMaps) {
    c.secrets.watch(namespaces);
    c.configMaps.watch(configMaps ? namespaces : Set.of());
  }

  // ---- calls

  /**
   * Runs a call to the service cluster of {@code conn}; a call without an answer marks the cluster
   * unreachable at once. Errors become {@link SyncFailure}s with a reason for the instance.
   */
  public <T> T call(Connection conn, Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      SyncFailure f = failure(conn.cluster, conn.server, e);
      if (f.unreachable()) {
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

  // ---- probes

  /**
   * Probes every connection and reloads those whose kubeconfig Secret changed; each cluster is
   * probed on its own thread (a probe of a cluster still being probed is skipped).
   */
  public void probeAll() {
    for (Connection c : all()) {
      if (!c.probing.compareAndSet(false, true)) {
        continue;
      }
      probes.execute(
          () -> {
            try {
              if (!Objects.equals(connector.secretVersion(c.key), c.secretVersion)) {
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

  private void replace(Connection old) {
    connections.remove(old.key, old);
    old.close();
    LOG.infof("kubeconfig of service cluster %s changed: reconnecting", old.key);
    listener.connectionReplaced(old.key);
  }

  @Override
  public void close() {
    probes.shutdownNow();
    for (Connection c : all()) {
      c.close();
    }
    connections.clear();
  }
}
