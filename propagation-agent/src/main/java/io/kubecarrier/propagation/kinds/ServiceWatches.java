package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.queue.WorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The service-side objects of one offered kind: an informer per (region cluster, service-side
 * namespace), added and removed at run time, and the objects this agent just wrote that those
 * caches have not seen yet. Events queue the instance an object belongs to, or an adoption
 * candidate. Next to each informer, the service operator's Events about those objects ({@link
 * ServiceEventWatch}).
 */
public final class ServiceWatches implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ServiceWatches.class);
  private static final long WRITTEN_TTL_NANOS = Duration.ofSeconds(30).toNanos();

  private record RemoteKey(String clusterKey, String namespace) {}

  private record Remote(
      Connection connection,
      SharedIndexInformer<GenericKubernetesResource> informer,
      CompletableFuture<Void> synced,
      ServiceEventWatch events) {
    void stop() {
      informer.stop();
      events.stop();
    }
  }

  private record Written(GenericKubernetesResource object, long at) {}

  private final OfferedKind kind;
  private final Propagator.Sink sink;
  private final Map<RemoteKey, Remote> remotes = new ConcurrentHashMap<>();

  /** Objects written to service clusters that their caches may not have seen yet. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  ServiceWatches(OfferedKind kind, Propagator.Sink sink) {
    this.kind = kind;
    this.sink = sink;
  }

  /**
   * Makes sure the service-side objects of {@code connection}'s cluster are watched in exactly
   * {@code namespaces} (the namespaces of its ready assignments); informers of an older connection
   * of the same cluster are replaced.
   */
  public synchronized void watch(Connection connection, Set<String> namespaces) {
    for (Map.Entry<RemoteKey, Remote> e : Set.copyOf(remotes.entrySet())) {
      if (e.getKey().clusterKey().equals(connection.key())
          && (!namespaces.contains(e.getKey().namespace())
              || e.getValue().connection() != connection)) {
        e.getValue().stop();
        remotes.remove(e.getKey());
      }
    }
    for (String ns : namespaces) {
      RemoteKey key = new RemoteKey(connection.key(), ns);
      if (remotes.containsKey(key)) {
        continue;
      }
      SharedIndexInformer<GenericKubernetesResource> informer =
          connection
              .client()
              .genericKubernetesResources(kind.service().context())
              .inNamespace(ns)
              .runnableInformer(0)
              .itemStore(Informers.withoutManagedFields())
              .exceptionHandler(Informers::retry);
      informer.addEventHandler(new RemoteHandler(connection.cluster(), connection.key()));
      ServiceEventWatch events =
          new ServiceEventWatch(
              kind, connection, ns, name -> service(connection.key(), ns, name), sink);
      // in the map before the informer starts: its first events are handled on another thread at
      // once, and an item that looks its object up here must find it (an adoption that found no
      // cache was dropped for good)
      CompletableFuture<Void> synced = new CompletableFuture<>();
      remotes.put(key, new Remote(connection, informer, synced, events));
      informer
          .start()
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  synced.complete(null);
                } else {
                  synced.completeExceptionally(failure);
                }
              });
      events.start();
      LOG.infof(
          "watching %s in %s of service cluster %s for CatalogEntry %s",
          kind.service(), ns, connection.key(), kind.entryKey());
    }
  }

  /** Stops watching a cluster (it left the regions or its ServiceCluster is gone). */
  public synchronized void unwatch(String clusterKey) {
    for (RemoteKey key : Set.copyOf(remotes.keySet())) {
      if (key.clusterKey().equals(clusterKey)) {
        remotes.remove(key).stop();
      }
    }
  }

  public Set<String> watchedClusters() {
    return remotes.keySet().stream().map(RemoteKey::clusterKey).collect(Collectors.toSet());
  }

  /**
   * The service-side object as last known: the cached one, or what this agent wrote when the cache
   * has not seen that write yet (as client-go's mutation cache: without it, the reconcile that
   * follows a write at once, e.g. for the finalizer's event, would apply the same object again).
   */
  public GenericKubernetesResource service(String clusterKey, String namespace, String name) {
    Remote r = remotes.get(new RemoteKey(clusterKey, namespace));
    GenericKubernetesResource cached =
        r == null ? null : r.informer().getStore().getByKey(namespace + "/" + name);
    String key = writtenKey(clusterKey, namespace, name);
    Written w = written.get(key);
    if (w == null) {
      return cached;
    }
    if (System.nanoTime() - w.at() > WRITTEN_TTL_NANOS
        || (cached != null && version(cached) >= version(w.object()))) {
      written.remove(key, w);
      return cached;
    }
    return w.object();
  }

  /** Remembers an object this agent just wrote to a service cluster (see {@link #service}). */
  public void written(String clusterKey, GenericKubernetesResource object) {
    if (object != null && version(object) >= 0) {
      written.put(
          writtenKey(
              clusterKey, object.getMetadata().getNamespace(), object.getMetadata().getName()),
          new Written(object, System.nanoTime()));
    }
  }

  /**
   * The cached service objects, in every watched namespace of every cluster, that carry the owner
   * labels of the tenant instance {@code namespace/name} of this kind: {@code clusterKey ->
   * object}.
   */
  public List<Map.Entry<String, GenericKubernetesResource>> objectsOf(
      String namespace, String name) {
    List<Map.Entry<String, GenericKubernetesResource>> found = new ArrayList<>();
    WorkItem.Instance wanted = new WorkItem.Instance(kind.entryKey(), namespace, name);
    for (Map.Entry<RemoteKey, Remote> e : remotes.entrySet()) {
      GenericKubernetesResource o =
          e.getValue().informer().getStore().getByKey(e.getKey().namespace() + "/" + name);
      if (o != null && wanted.equals(ServiceObjects.owner(kind, o).orElse(null))) {
        found.add(Map.entry(e.getKey().clusterKey(), o));
      }
    }
    return found;
  }

  /**
   * Waits up to {@code timeout} until the cache of service-side objects in {@code namespace} of
   * {@code clusterKey} has its initial list; returns whether it has.
   */
  public boolean awaitCache(String clusterKey, String namespace, Duration timeout) {
    Remote r = remotes.get(new RemoteKey(clusterKey, namespace));
    if (r == null) {
      return false;
    }
    if (r.informer().hasSynced()) {
      return true;
    }
    try {
      r.synced().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether every namespace watched in {@code clusterKey} has synced. */
  public boolean synced(String clusterKey) {
    return remotes.entrySet().stream()
        .filter(e -> e.getKey().clusterKey().equals(clusterKey))
        .allMatch(e -> e.getValue().informer().hasSynced());
  }

  /**
   * Whether a service-side object changed in a way the agent acts on: its status (copied up), its
   * spec or labels or our annotations (drift to put back), its deletion. Annotations the service
   * operator adds and changes of bookkeeping fields only are not.
   */
  static boolean changed(GenericKubernetesResource o, GenericKubernetesResource n) {
    return statusChanged(o, n)
        || !Objects.equals(
            o.getAdditionalProperties().get("spec"), n.getAdditionalProperties().get("spec"))
        || !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
        || !Objects.equals(ourAnnotations(o), ourAnnotations(n))
        || !Objects.equals(
            o.getMetadata().getDeletionTimestamp(), n.getMetadata().getDeletionTimestamp());
  }

  private static boolean statusChanged(GenericKubernetesResource o, GenericKubernetesResource n) {
    return !Objects.equals(
        o.getAdditionalProperties().get("status"), n.getAdditionalProperties().get("status"));
  }

  private static String ourAnnotations(GenericKubernetesResource o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? null : a.get(Annotations.SOURCE) + "|" + a.get(Annotations.APPLIED_HASH);
  }

  private static String writtenKey(String clusterKey, String namespace, String name) {
    return clusterKey + "|" + namespace + "/" + name;
  }

  /** The resourceVersion as a number (etcd's revision), or -1. */
  private static long version(GenericKubernetesResource o) {
    try {
      return Long.parseLong(o.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private final class RemoteHandler implements ResourceEventHandler<GenericKubernetesResource> {
    private final String cluster;
    private final String clusterKey;

    RemoteHandler(String cluster, String clusterKey) {
      this.cluster = cluster;
      this.clusterKey = clusterKey;
    }

    @Override
    public void onAdd(GenericKubernetesResource o) {
      seen(o, false);
      queue(o, true);
    }

    @Override
    public void onUpdate(GenericKubernetesResource o, GenericKubernetesResource n) {
      if (Objects.equals(
          o.getMetadata().getResourceVersion(), n.getMetadata().getResourceVersion())) {
        return;
      }
      seen(n, false);
      if (changed(o, n)) {
        queue(n, statusChanged(o, n));
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource o, boolean unknown) {
      seen(o, true);
      queue(o, false);
    }

    /** The cache caught up with (or went past) what this agent wrote. */
    private void seen(GenericKubernetesResource o, boolean deleted) {
      String key =
          writtenKey(clusterKey, o.getMetadata().getNamespace(), o.getMetadata().getName());
      Written w = written.get(key);
      if (w != null && (deleted || version(o) >= version(w.object()))) {
        written.remove(key, w);
      }
    }

    private void queue(GenericKubernetesResource o, boolean statusChanged) {
      WorkItem item =
          ServiceObjects.owner(kind, o)
              .<WorkItem>map(i -> i)
              .orElseGet(
                  () ->
                      ServiceObjects.isOwned(o) || ServiceObjects.isOrphaned(o)
                          ? null
                          : new WorkItem.Adoption(
                              kind.entryKey(),
                              cluster,
                              o.getMetadata().getNamespace(),
                              o.getMetadata().getName()));
      if (item != null) {
        sink.serviceChanged(item, statusChanged);
      }
    }
  }

  @Override
  public void close() {
    remotes.values().forEach(Remote::stop);
    remotes.clear();
  }
}
