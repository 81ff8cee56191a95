package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.registry.RegistryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The clients of all service clusters, one per ServiceCluster, shared by the three controllers.
 *
 * <p>A client is built from the kubeconfig Secret of its ServiceCluster and rebuilt when the
 * Secret's uid or resourceVersion changes (the old client is closed at once, so rotated-out
 * credentials are never used again). It is dropped when the Secret becomes unusable and closed when
 * the ServiceCluster is deleted.
 */
@ApplicationScoped
public class ServiceClusterClients {

  private static final Logger LOG = Logger.getLogger(ServiceClusterClients.class);

  private final KubernetesClient management;
  private final RegistryConfig config;
  private final Map<String, ServiceClusterConnection> connections = new ConcurrentHashMap<>();

  @Inject
  public ServiceClusterClients(KubernetesClient management, RegistryConfig config) {
    this.management = management;
    this.config = config;
  }

  /**
   * The connection of {@code cluster}: the cached one when its Secret is unchanged, else a new one
   * (the old one is closed). Reads the Secret, but does not call the service cluster.
   *
   * @throws ConnectionException when the Secret is missing, lacks the key or holds an unusable
   *     kubeconfig; any cached connection is then dropped
   */
  public ServiceClusterConnection connect(ServiceCluster cluster) throws ConnectionException {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    String key = key(ns, name);
    try {
      String secretName = cluster.getSpec().getKubeconfigSecret().getName();
      Secret secret;
      try {
        secret = management.secrets().inNamespace(ns).withName(secretName).get();
      } catch (KubernetesClientException e) {
        throw ConnectionException.transientFailure(
            Reasons.RECONCILE_ERROR,
            "Reading Secret " + ns + "/" + secretName + " failed: " + ApiErrors.describe(e));
      }
      String kubeconfig = Kubeconfigs.read(secret, ns, secretName);
      String version =
          secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
      synchronized (this) {
        ServiceClusterConnection cached = connections.get(key);
        if (cached != null && cached.secretVersion().equals(version)) {
          return cached;
        }
        Config clientConfig = Kubeconfigs.parse(kubeconfig, config.requestTimeout());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        ServiceClusterConnection fresh =
            new ServiceClusterConnection(
                version,
                clientConfig.getMasterUrl(),
                client,
                CredentialExpiry.of(clientConfig).orElse(null));
        ServiceClusterConnection old = connections.put(key, fresh);
        if (old != null) {
          old.client().close();
          LOG.infof(
              "%s/%s: kubeconfig Secret %s changed, rebuilt the client for %s",
              ns, name, secretName, fresh.server());
        } else {
          LOG.infof("%s/%s: built the client for %s", ns, name, fresh.server());
        }
        return fresh;
      }
    } catch (ConnectionException e) {
      if (!e.isTransient()) {
        close(ns, name);
      }
      throw e;
    }
  }

  /** The cached connection of a ServiceCluster, if the heartbeat has built one. */
  public Optional<ServiceClusterConnection> cached(String namespace, String name) {
    return Optional.ofNullable(connections.get(key(namespace, name)));
  }

  /** Closes and forgets the connection of a ServiceCluster. */
  public synchronized void close(String namespace, String name) {
    ServiceClusterConnection c = connections.remove(key(namespace, name));
    if (c != null) {
      c.client().close();
      LOG.infof("%s/%s: closed the client for %s", namespace, name, c.server());
    }
  }

  /** Number of cached clients (for tests and metrics). */
  public int size() {
    return connections.size();
  }

  @PreDestroy
  synchronized void closeAll() {
    connections.values().forEach(c -> c.client().close());
    connections.clear();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
