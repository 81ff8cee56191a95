package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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

  static final String KUBECONFIG_KEY = "kubeconfig";

  private static final Logger LOG = Logger.getLogger(ClusterConnections.class);
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

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
      if (Errors.isConnectionError(e)) {
        markUnreachable(conn, Errors.message(e));
        throw new SyncFailure(Reasons.CLUSTER_UNREACHABLE, conn.lastError, true);
      }
      String reason = Errors.isRejected(e) ? Reasons.INVALID_SPEC : Reasons.SYNC_FAILED;
      throw new SyncFailure(
          reason, "service cluster " + conn.cluster + " refused it: " + Errors.message(e));
    }
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

  private void probe(Connection c, boolean report) {
    boolean was = c.reachable;
    try {
      c.client.getKubernetesVersion();
      c.reachable = true;
      c.lastError = "";
    } catch (RuntimeException e) {
      c.reachable = false;
      c.lastError = Errors.message(e);
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
    Secret secret =
        secretName == null ? null : management.secrets().inNamespace(ns).withName(secretName).get();
    if (secret == null) {
      return failed(
          Reasons.SECRET_NOT_FOUND,
          "kubeconfig Secret "
              + ns
              + "/"
              + secretName
              + " of ServiceCluster "
              + clusterKey
              + " does not exist");
    }
    String kubeconfig = decode(secret, KUBECONFIG_KEY);
    if (kubeconfig == null) {
      return failed(
          Reasons.SECRET_KEY_MISSING,
          "Secret " + ns + "/" + secretName + " has no key '" + KUBECONFIG_KEY + "'");
    }
    String refused = refused(kubeconfig);
    if (refused != null) {
      return failed(
          Reasons.INVALID_KUBECONFIG,
          "kubeconfig in Secret " + ns + "/" + secretName + " " + refused);
    }
    try {
      Config parsed = Config.fromKubeconfig(kubeconfig);
      int timeout = (int) config.clusterTimeout().toMillis();
      Config cfg =
          new ConfigBuilder(parsed)
              .withConnectionTimeout(Math.min(timeout, 5_000))
              .withRequestTimeout(timeout)
              .withRequestRetryBackoffLimit(0)
              .withWatchReconnectInterval(500)
              .build();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(cfg).build();
      return new Result(
          new Connection(
              clusterKey,
              sc.getMetadata().getName(),
              client,
              secret.getMetadata().getResourceVersion()),
          null);
    } catch (RuntimeException e) {
      return failed(
          Reasons.INVALID_KUBECONFIG,
          "kubeconfig in Secret " + ns + "/" + secretName + " is invalid: " + Errors.message(e));
    }
  }

  /** Why a kubeconfig is refused (it reads files or runs commands), or null. */
  static String refused(String kubeconfig) {
    io.fabric8.kubernetes.api.model.Config kc;
    try {
      kc = YAML.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
    } catch (RuntimeException e) {
      return "is not valid YAML: " + Errors.message(e);
    }
    for (NamedAuthInfo u : kc.getUsers() == null ? List.<NamedAuthInfo>of() : kc.getUsers()) {
      AuthInfo a = u.getUser();
      if (a != null
          && (a.getExec() != null
              || a.getAuthProvider() != null
              || a.getTokenFile() != null
              || a.getClientCertificate() != null
              || a.getClientKey() != null)) {
        return "uses exec, auth-provider or file references, which the agent refuses: embed the"
            + " data (token, client-certificate-data, client-key-data)";
      }
    }
    for (NamedCluster c : kc.getClusters() == null ? List.<NamedCluster>of() : kc.getClusters()) {
      if (c.getCluster() != null && c.getCluster().getCertificateAuthority() != null) {
        return "uses a certificate-authority file, which the agent refuses: embed"
            + " certificate-authority-data";
      }
    }
    return null;
  }

  private static String decode(Secret s, String key) {
    if (s.getData() != null && s.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (s.getStringData() != null) {
      return s.getStringData().get(key);
    }
    return null;
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
