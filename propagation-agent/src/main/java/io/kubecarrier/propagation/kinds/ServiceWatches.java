package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
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
 * The service-side objects of one offered kind in the regions' clusters, and the objects this agent
 * just wrote that those caches have not seen yet. Events queue the instance an object belongs to,
 * or an adoption candidate. Next to each informer, the service operator's Events about those
 * objects ({@link ServiceEventWatch}).
 *
 * <p>Per cluster, the scope of the watches is one of two ({@link WatchScope}):
 *
 * <ul>
 *   <li><b>cluster</b>: one informer of the kind in all namespaces and one of its Events, however
 *       many tenants there are, when KubeCarrier's identity may list and watch both cluster-wide
 *       (the provider granted it, docs/propagation-agent.md "Watch scope"). Objects outside the
 *       service-side namespaces of ready assignments are cached but never acted on.
 *   <li><b>namespaces</b>: an informer and an Event watch per service-side namespace, with the
 *       rights the registry binds in each namespace only.
 * </ul>
 */
public final class ServiceWatches implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ServiceWatches.class);
  private static final long WRITTEN_TTL_NANOS = Duration.ofSeconds(30).toNanos();

  /** The namespace of the key of a cluster-wide watch. */
  private static final String ALL = "*";

  /** Index of service objects by the tenant instance they belong to ({@code namespace/name}). */
  private static final String BY_OWNER = "owner";

  private record RemoteKey(String clusterKey, String namespace) {
    boolean clusterWide() {
      return ALL.equals(namespace);
    }
  }

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
  private final WatchScope scope;
  private final Map<RemoteKey, Remote> remotes = new ConcurrentHashMap<>();

  /** The service-side namespaces acted on, per cluster watched cluster-wide. */
  private final Map<String, Set<String>> inScope = new ConcurrentHashMap<>();

  /** Objects written to service clusters that their caches may not have seen yet. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  ServiceWatches(OfferedKind kind, Propagator.Sink sink, WatchScope scope) {
    this.kind = kind;
    this.sink = sink;
    this.scope = scope;
  }

  /**
   * Makes sure the service-side objects of {@code connection}'s cluster are watched in exactly
   * {@code namespaces} (the namespaces of its ready assignments), cluster-wide or per namespace as
   * {@link WatchScope} decides for the connection; watches of an older connection of the same
   * cluster, or of the other scope, are replaced.
   */
  public synchronized void watch(Connection connection, Set<String> namespaces) {
    boolean clusterWide = scope.clusterWide(connection, kind.service());
    Set<RemoteKey> wanted =
        clusterWide
            ? Set.of(new RemoteKey(connection.key(), ALL))
            : namespaces.stream()
                .map(ns -> new RemoteKey(connection.key(), ns))
                .collect(Collectors.toSet());
    for (Map.Entry<RemoteKey, Remote> e : Set.copyOf(remotes.entrySet())) {
      if (e.getKey().clusterKey().equals(connection.key())
          && (!wanted.contains(e.getKey()) || e.getValue().connection() != connection)) {
        e.getValue().stop();
        remotes.remove(e.getKey());
      }
    }
    if (clusterWide) {
      Set<String> before = inScope.put(connection.key(), Set.copyOf(namespaces));
      Remote r = remotes.get(new RemoteKey(connection.key(), ALL));
      if (r == null) {
        start(connection, ALL);
      } else if (before != null) {
        // objects of a namespace that just came into scope were cached without an event acted on
        RemoteHandler handler =
            new RemoteHandler(connection.cluster(), new RemoteKey(connection.key(), ALL));
        for (String ns : namespaces) {
          if (!before.contains(ns)) {
            r.informer().getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns).forEach(handler::onAdd);
          }
        }
      }
      return;
    }
    inScope.remove(connection.key());
    for (RemoteKey key : wanted) {
      if (!remotes.containsKey(key)) {
        start(connection, key.namespace());
      }
    }
  }

  private void start(Connection connection, String namespace) {
    RemoteKey key = new RemoteKey(connection.key(), namespace);
    var resources = connection.client().genericKubernetesResources(kind.service().context());
    SharedIndexInformer<GenericKubernetesResource> informer =
        Informers.of(
            key.clusterWide() ? resources.inAnyNamespace() : resources.inNamespace(namespace));
    informer.addIndexers(
        Map.of(
            BY_OWNER,
            o ->
                ServiceObjects.owner(kind, o)
                    .map(i -> List.of(i.namespace() + "/" + i.name()))
                    .orElse(List.of())));
    informer.addEventHandler(new RemoteHandler(connection.cluster(), key));
    ServiceEventWatch events =
        new ServiceEventWatch(
            kind,
            connection,
            key.clusterWide() ? null : namespace,
            (ns, name) -> service(connection.key(), ns, name),
            sink);
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
        kind.service(),
        key.clusterWide() ? "all namespaces" : namespace,
        connection.key(),
        kind.entryKey());
  }

  /** Stops watching a cluster (it left the regions or its ServiceCluster is gone). */
  public synchronized void unwatch(String clusterKey) {
    for (RemoteKey key : Set.copyOf(remotes.keySet())) {
      if (key.clusterKey().equals(clusterKey)) {
        remotes.remove(key).stop();
      }
    }
    inScope.remove(clusterKey);
  }

  public Set<String> watchedClusters() {
    return remotes.keySet().stream().map(RemoteKey::clusterKey).collect(Collectors.toSet());
  }

  /** Watches open: two per informer (the kind's and its Events'). */
  public int watchCount() {
    return 2 * kindWatchCount();
  }

  /** Watches of the kind open (as many of its Events). */
  public int kindWatchCount() {
    return remotes.size();
  }

  /** The watch of {@code namespace} in {@code clusterKey}: its own, or the cluster-wide one. */
  private Remote remote(String clusterKey, String namespace) {
    Remote own = remotes.get(new RemoteKey(clusterKey, namespace));
    if (own != null) {
      return own;
    }
    Set<String> scoped = inScope.get(clusterKey);
    return scoped != null && scoped.contains(namespace)
        ? remotes.get(new RemoteKey(clusterKey, ALL))
        : null;
  }

  /** Whether an object in {@code namespace} of {@code key}'s watch is one to act on. */
  private boolean acted(RemoteKey key, String namespace) {
    if (!key.clusterWide()) {
      return true;
    }
    Set<String> scoped = inScope.get(key.clusterKey());
    return scoped != null && scoped.contains(namespace);
  }

  /**
   * The service-side object as last known: the cached one, or what this agent wrote when the cache
   * has not seen that write yet (as client-go's mutation cache: without it, the reconcile that
   * follows a write at once, e.g. for the finalizer's event, would apply the same object again).
   */
  public GenericKubernetesResource service(String clusterKey, String namespace, String name) {
    Remote r = remote(clusterKey, namespace);
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
      for (GenericKubernetesResource o :
          e.getValue().informer().getIndexer().byIndex(BY_OWNER, namespace + "/" + name)) {
        if (acted(e.getKey(), o.getMetadata().getNamespace())
            && wanted.equals(ServiceObjects.owner(kind, o).orElse(null))) {
          found.add(Map.entry(e.getKey().clusterKey(), o));
        }
      }
    }
    return found;
  }

  /**
   * Waits up to {@code timeout} until the cache of service-side objects in {@code namespace} of
   * {@code clusterKey} has its initial list; returns whether it has.
   */
  public boolean awaitCache(String clusterKey, String namespace, Duration timeout) {
    Remote r = remote(clusterKey, namespace);
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
    private final RemoteKey key;

    RemoteHandler(String cluster, RemoteKey key) {
      this.cluster = cluster;
      this.clusterKey = key.clusterKey();
      this.key = key;
    }

    @Override
    public void onAdd(GenericKubernetesResource o) {
      if (!acted(o)) {
        return;
      }
      seen(o, false);
      queue(o, true);
    }

    @Override
    public void onUpdate(GenericKubernetesResource o, GenericKubernetesResource n) {
      if (Objects.equals(
          o.getMetadata().getResourceVersion(), n.getMetadata().getResourceVersion())) {
        return;
      }
      if (!acted(n)) {
        return;
      }
      seen(n, false);
      if (changed(o, n)) {
        queue(n, statusChanged(o, n));
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource o, boolean unknown) {
      if (!acted(o)) {
        return;
      }
      seen(o, true);
      queue(o, false);
    }

    private boolean acted(GenericKubernetesResource o) {
      return ServiceWatches.this.acted(key, o.getMetadata().getNamespace());
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
