package io.kubecarrier.propagation.connections;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.propagation.kinds.Informers;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secrets of one service cluster, watched in exactly the service-side namespaces (the agent's
 * identity has no cluster-wide right on Secrets): the connection Secrets the service operators
 * write. A change is reported to the {@link ClusterConnections.Listener}, which re-queues the
 * instances that copy that Secret.
 */
final class ServiceSecrets implements AutoCloseable {

  private final String clusterKey;
  private final KubernetesClient client;
  private final ClusterConnections.Listener listener;
  private final Map<String, SharedIndexInformer<Secret>> informers = new ConcurrentHashMap<>();

  ServiceSecrets(String clusterKey, KubernetesClient client, ClusterConnections.Listener listener) {
    this.clusterKey = clusterKey;
    this.client = client;
    this.listener = listener;
  }

  /** The cached Secret {@code namespace/name}, if any. */
  Secret get(String namespace, String name) {
    SharedIndexInformer<Secret> s = informers.get(namespace);
    return s == null ? null : s.getStore().getByKey(namespace + "/" + name);
  }

  /** Watches exactly {@code namespaces}: starts the missing informers, stops the others. */
  synchronized void watch(Set<String> namespaces) {
    for (String ns : Set.copyOf(informers.keySet())) {
      if (!namespaces.contains(ns)) {
        informers.remove(ns).stop();
      }
    }
    for (String ns : namespaces) {
      if (!informers.containsKey(ns)) {
        informers.put(ns, start(ns));
      }
    }
  }

  private SharedIndexInformer<Secret> start(String namespace) {
    SharedIndexInformer<Secret> informer =
        client
            .secrets()
            .inNamespace(namespace)
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
                clusterKey, s.getMetadata().getNamespace(), s.getMetadata().getName());
          }
        });
    informer.start();
    return informer;
  }

  @Override
  public synchronized void close() {
    informers.values().forEach(SharedIndexInformer::stop);
    informers.clear();
  }
}
