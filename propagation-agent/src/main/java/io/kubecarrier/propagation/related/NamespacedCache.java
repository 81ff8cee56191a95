package io.kubecarrier.propagation.related;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.propagation.kinds.Informers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Secrets or ConfigMaps of one cluster, watched in exactly the namespaces asked for (the agent has
 * no cluster-wide right on either, in any cluster): the service-side namespaces (connection
 * Secrets, related resources both ways) and the tenant namespaces whose instances declare related
 * resources. A change of an object's data, labels or existence is reported to {@link Changed}.
 */
public final class NamespacedCache<T extends HasMetadata> implements AutoCloseable {

  /** Receives the changes of the cached objects. */
  public interface Changed {
    void changed(RelatedKind kind, String namespace, String name);
  }

  private final RelatedKind kind;
  private final Function<String, SharedIndexInformer<T>> informerOf;
  private final Function<T, Object> content;
  private final Changed changed;
  private final Map<String, SharedIndexInformer<T>> informers = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.CompletableFuture<Void>> started =
      new ConcurrentHashMap<>();

  private NamespacedCache(
      RelatedKind kind,
      Function<String, SharedIndexInformer<T>> informerOf,
      Function<T, Object> content,
      Changed changed) {
    this.kind = kind;
    this.informerOf = informerOf;
    this.content = content;
    this.changed = changed;
  }

  /** The Secrets of {@code client}, per namespace. */
  public static NamespacedCache<Secret> secrets(KubernetesClient client, Changed changed) {
    return new NamespacedCache<>(
        RelatedKind.Secret,
        ns -> Informers.of(client.secrets().inNamespace(ns)),
        s -> List.of(String.valueOf(s.getData()), String.valueOf(s.getType())),
        changed);
  }

  /** The ConfigMaps of {@code client}, per namespace. */
  public static NamespacedCache<ConfigMap> configMaps(KubernetesClient client, Changed changed) {
    return new NamespacedCache<>(
        RelatedKind.ConfigMap,
        ns -> Informers.of(client.configMaps().inNamespace(ns)),
        c -> List.of(String.valueOf(c.getData()), String.valueOf(c.getBinaryData())),
        changed);
  }

  /** The cached object {@code namespace/name}, if any. */
  public T get(String namespace, String name) {
    SharedIndexInformer<T> s = informers.get(namespace);
    return s == null ? null : s.getStore().getByKey(namespace + "/" + name);
  }

  /** The cached objects of {@code namespace} (empty when it is not watched). */
  public List<T> list(String namespace) {
    SharedIndexInformer<T> s = informers.get(namespace);
    return s == null ? List.of() : s.getStore().list();
  }

  /** Whether {@code namespace} is watched and its first list arrived. */
  public boolean synced(String namespace) {
    SharedIndexInformer<T> s = informers.get(namespace);
    return s != null && s.hasSynced();
  }

  /** Watches exactly {@code namespaces}: starts the missing informers, stops the others. */
  public synchronized void watch(Set<String> namespaces) {
    for (String ns : Set.copyOf(informers.keySet())) {
      if (!namespaces.contains(ns)) {
        remove(ns);
      }
    }
    namespaces.forEach(this::add);
  }

  /**
   * Watches {@code namespace} too, and waits up to {@code wait} for its first list; returns whether
   * it arrived.
   */
  public boolean add(String namespace, Duration wait) {
    SharedIndexInformer<T> s = add(namespace);
    if (s.hasSynced()) {
      return true;
    }
    try {
      java.util.concurrent.CompletableFuture<Void> f = started.get(namespace);
      if (f != null) {
        f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // not listed yet (or refused): the caller says so and the instance is retried
    }
    return s.hasSynced();
  }

  private synchronized SharedIndexInformer<T> add(String namespace) {
    SharedIndexInformer<T> existing = informers.get(namespace);
    if (existing != null) {
      return existing;
    }
    SharedIndexInformer<T> informer = informerOf.apply(namespace);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T o) {
            report(o);
          }

          @Override
          public void onUpdate(T o, T n) {
            if (!Objects.equals(content.apply(o), content.apply(n))
                || !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
                || !Objects.equals(
                    o.getMetadata().getAnnotations(), n.getMetadata().getAnnotations())) {
              report(n);
            }
          }

          @Override
          public void onDelete(T o, boolean unknown) {
            report(o);
          }
        });
    informers.put(namespace, informer);
    started.put(namespace, informer.start().toCompletableFuture());
    return informer;
  }

  /** Stops watching {@code namespace}. */
  public synchronized void remove(String namespace) {
    SharedIndexInformer<T> s = informers.remove(namespace);
    started.remove(namespace);
    if (s != null) {
      s.stop();
    }
  }

  /** The namespaces watched. */
  public Set<String> namespaces() {
    return Set.copyOf(informers.keySet());
  }

  private void report(T o) {
    changed.changed(kind, o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  @Override
  public synchronized void close() {
    informers.values().forEach(SharedIndexInformer::stop);
    informers.clear();
    started.clear();
  }
}
