package io.kubecarrier.propagation.connections;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.related.NamespacedCache;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of one service cluster, what the agent knows about its reachability, and its watches of
 * the Secrets in the service-side namespaces.
 */
public final class Connection {

  final String key;
  final String cluster;
  final KubernetesClient client;
  final String server;
  final String secretVersion;
  volatile boolean reachable;
  volatile String lastError = "";
  final AtomicBoolean probing = new AtomicBoolean();
  final NamespacedCache<Secret> secrets;
  final NamespacedCache<ConfigMap> configMaps;

  Connection(
      String key,
      String cluster,
      KubernetesClient client,
      String secretVersion,
      ClusterConnections.Listener listener) {
    this.key = key;
    this.cluster = cluster;
    this.client = client;
    this.server = client.getConfiguration().getMasterUrl();
    this.secretVersion = secretVersion;
    NamespacedCache.Changed changed =
        (kind, ns, name) -> listener.serviceDataChanged(key, kind, ns, name);
    this.secrets = NamespacedCache.secrets(client, changed);
    this.configMaps = NamespacedCache.configMaps(client, changed);
  }

  /** {@code providerNamespace/name} of the ServiceCluster. */
  public String key() {
    return key;
  }

  /** Name of the ServiceCluster (the region). */
  public String cluster() {
    return cluster;
  }

  /** The client of the service cluster. */
  public KubernetesClient client() {
    return client;
  }

  public boolean reachable() {
    return reachable;
  }

  /** Why the cluster is unreachable, empty while it is reachable. */
  public String lastError() {
    return lastError;
  }

  /** The service object {@code namespace/name} of {@code kind} in this cluster. */
  public Resource<GenericKubernetesResource> serviceObject(
      OfferedKind kind, String namespace, String name) {
    return client
        .genericKubernetesResources(kind.service().context())
        .inNamespace(namespace)
        .withName(name);
  }

  /** The cached Secret {@code namespace/name} of the service cluster, if any. */
  public Secret secret(String namespace, String name) {
    return secrets.get(namespace, name);
  }

  /** The cached Secrets of the service-side namespaces. */
  public NamespacedCache<Secret> secrets() {
    return secrets;
  }

  /** The cached ConfigMaps of the service-side namespaces (watched only where declared). */
  public NamespacedCache<ConfigMap> configMaps() {
    return configMaps;
  }

  void close() {
    configMaps.close();
    secrets.close();
    client.close();
  }
}
