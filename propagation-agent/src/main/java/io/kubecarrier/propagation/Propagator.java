package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The informers of one offered kind: tenant instances in the management cluster, and service-side
 * objects in each region's cluster (added and removed at run time). Events only queue work items;
 * the {@link InstanceReconciler} does the work, one instance at a time.
 */
final class Propagator implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Propagator.class);

  /** Receives the work items of informer events. */
  interface Sink {
    void tenantChanged(WorkItem.Instance item, boolean specChanged);

    void serviceChanged(WorkItem item, boolean statusChanged);

    /** A tenant instance is gone: the assignment it was placed through may be free now. */
    void tenantGone(OfferedKind kind, GenericKubernetesResource tenant);
  }

  /** Index of tenant instances by {@code namespace/region} (label, or where they are placed). */
  static final String BY_PLACEMENT = "placement";

  /** Index of tenant instances by region (label, or where they are placed). */
  static final String BY_REGION = "region";

  private final OfferedKind kind;
  private final SharedIndexInformer<GenericKubernetesResource> tenants;
  private final Map<RemoteKey, Remote> remotes = new ConcurrentHashMap<>();

  /** Objects written to service clusters that their caches may not have seen yet. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  private record Written(GenericKubernetesResource object, long at) {}

  private static final long WRITTEN_TTL_NANOS = java.time.Duration.ofSeconds(30).toNanos();
  private final Sink sink;

  private record RemoteKey(String clusterKey, String namespace) {}

  private record Remote(
      ClusterConnections.Connection connection,
      SharedIndexInformer<GenericKubernetesResource> informer,
      java.util.concurrent.CompletableFuture<Void> synced) {}

  Propagator(OfferedKind kind, KubernetesClient management, Sink sink) {
    this.kind = kind;
    this.sink = sink;
    this.tenants =
        management
            .genericKubernetesResources(kind.tenant().context())
            .inAnyNamespace()
            .runnableInformer(0)
            .itemStore(Informers.withoutManagedFields())
            .exceptionHandler(Informers::retry);
    tenants.addIndexers(
        Map.of(
            BY_PLACEMENT,
            t -> {
              String region = Placements.region(t);
              return region == null
                  ? List.of()
                  : List.of(t.getMetadata().getNamespace() + "/" + region);
            },
            BY_REGION,
            t -> {
              String region = Placements.region(t);
              return region == null ? List.of() : List.of(region);
            }));
    tenants.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource o) {
            sink.tenantChanged(item(o), true);
          }

          @Override
          public void onUpdate(GenericKubernetesResource o, GenericKubernetesResource n) {
            boolean spec =
                !Objects.equals(o.getMetadata().getGeneration(), n.getMetadata().getGeneration());
            if (spec || metadataChanged(o, n)) {
              sink.tenantChanged(item(n), spec);
            }
          }

          @Override
          public void onDelete(GenericKubernetesResource o, boolean unknown) {
            sink.tenantChanged(item(o), false);
            sink.tenantGone(kind, o);
          }
        });
  }

  /** Starts the tenant informer (does not wait for it). */
  Propagator start() {
    tenants.start();
    LOG.infof("watching %s (CatalogEntry %s)", kind.tenant(), kind.entryKey());
    return this;
  }

  OfferedKind kind() {
    return kind;
  }

  boolean tenantsSynced() {
    return tenants.hasSynced();
  }

  GenericKubernetesResource tenant(String namespace, String name) {
    return tenants.getStore().getByKey(namespace + "/" + name);
  }

  List<GenericKubernetesResource> tenants() {
    return tenants.getStore().list();
  }

  /** The tenant instances of {@code namespace}. */
  List<GenericKubernetesResource> tenantsIn(String namespace) {
    return tenants
        .getIndexer()
        .byIndex(io.fabric8.kubernetes.client.informers.cache.Cache.NAMESPACE_INDEX, namespace);
  }

  /** The tenant instances of {@code namespace} that are in, or ask for, {@code region}. */
  List<GenericKubernetesResource> tenantsPlacedIn(String namespace, String region) {
    return tenants.getIndexer().byIndex(BY_PLACEMENT, namespace + "/" + region);
  }

  /** Whether some tenant instance is in, or asks for, {@code region}. */
  boolean regionInUse(String region) {
    return !tenants.getIndexer().byIndex(BY_REGION, region).isEmpty();
  }

  /**
   * The cached service objects, in every watched namespace of every cluster, that carry the owner
   * labels of the tenant instance {@code namespace/name} of this kind: {@code clusterKey ->
   * object}.
   */
  List<Map.Entry<String, GenericKubernetesResource>> serviceObjectsOf(
      String namespace, String name) {
    List<Map.Entry<String, GenericKubernetesResource>> found = new java.util.ArrayList<>();
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
   * Makes sure the service-side objects of {@code connection}'s cluster are watched in exactly
   * {@code namespaces} (the namespaces of its ready assignments); informers of an older connection
   * of the same cluster are replaced.
   */
  synchronized void watch(ClusterConnections.Connection connection, Set<String> namespaces) {
    for (Map.Entry<RemoteKey, Remote> e : Set.copyOf(remotes.entrySet())) {
      if (e.getKey().clusterKey().equals(connection.key)
          && (!namespaces.contains(e.getKey().namespace())
              || e.getValue().connection() != connection)) {
        e.getValue().informer().stop();
        remotes.remove(e.getKey());
      }
    }
    for (String ns : namespaces) {
      RemoteKey key = new RemoteKey(connection.key, ns);
      if (remotes.containsKey(key)) {
        continue;
      }
      SharedIndexInformer<GenericKubernetesResource> informer =
          connection
              .client
              .genericKubernetesResources(kind.service().context())
              .inNamespace(ns)
              .runnableInformer(0)
              .itemStore(Informers.withoutManagedFields())
              .exceptionHandler(Informers::retry);
      informer.addEventHandler(new RemoteHandler(connection.cluster, connection.key));
      remotes.put(key, new Remote(connection, informer, informer.start().toCompletableFuture()));
      LOG.infof(
          "watching %s in %s of service cluster %s for CatalogEntry %s",
          kind.service(), ns, connection.key, kind.entryKey());
    }
  }

  /** Stops watching a cluster (it left the regions or its ServiceCluster is gone). */
  synchronized void unwatch(String clusterKey) {
    for (RemoteKey key : Set.copyOf(remotes.keySet())) {
      if (key.clusterKey().equals(clusterKey)) {
        remotes.remove(key).informer().stop();
      }
    }
  }

  Set<String> watchedClusters() {
    return remotes.keySet().stream().map(RemoteKey::clusterKey).collect(Collectors.toSet());
  }

  /**
   * The service-side object as last known: the cached one, or what this agent wrote when the cache
   * has not seen that write yet (as client-go's mutation cache: without it, the reconcile that
   * follows a write at once, e.g. for the finalizer's event, would apply the same object again).
   */
  GenericKubernetesResource service(String clusterKey, String namespace, String name) {
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
  void written(String clusterKey, GenericKubernetesResource object) {
    if (object != null && version(object) >= 0) {
      written.put(
          writtenKey(
              clusterKey, object.getMetadata().getNamespace(), object.getMetadata().getName()),
          new Written(object, System.nanoTime()));
    }
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

  /**
   * Waits up to {@code timeout} until the cache of service-side objects in {@code namespace} of
   * {@code clusterKey} has its initial list; returns whether it has.
   */
  boolean awaitServiceCache(String clusterKey, String namespace, java.time.Duration timeout) {
    Remote r = remotes.get(new RemoteKey(clusterKey, namespace));
    if (r == null) {
      return false;
    }
    if (r.informer().hasSynced()) {
      return true;
    }
    try {
      r.synced().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether every namespace watched in {@code clusterKey} has synced. */
  boolean serviceSynced(String clusterKey) {
    return remotes.entrySet().stream()
        .filter(e -> e.getKey().clusterKey().equals(clusterKey))
        .allMatch(e -> e.getValue().informer().hasSynced());
  }

  private WorkItem.Instance item(GenericKubernetesResource o) {
    return new WorkItem.Instance(
        kind.entryKey(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /**
   * Whether a tenant instance's metadata changed in a way that needs a reconcile. Our own finalizer
   * appearing does not: the reconcile that added it goes on in the same pass.
   */
  static boolean metadataChanged(GenericKubernetesResource o, GenericKubernetesResource n) {
    return !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
        || !Objects.equals(o.getMetadata().getAnnotations(), n.getMetadata().getAnnotations())
        || !Objects.equals(
            withoutAddedFinalizer(o.getMetadata().getFinalizers(), n.getMetadata().getFinalizers()),
            o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers())
        || !Objects.equals(
            o.getMetadata().getDeletionTimestamp(), n.getMetadata().getDeletionTimestamp());
  }

  /** {@code after} without our finalizer when {@code before} lacked it (an addition of ours). */
  private static List<String> withoutAddedFinalizer(List<String> before, List<String> after) {
    List<String> b = before == null ? List.of() : before;
    List<String> a = after == null ? List.of() : after;
    if (!b.contains(io.kubecarrier.api.common.Finalizers.PROPAGATION_AGENT)
        && a.contains(io.kubecarrier.api.common.Finalizers.PROPAGATION_AGENT)) {
      return a.stream()
          .filter(f -> !f.equals(io.kubecarrier.api.common.Finalizers.PROPAGATION_AGENT))
          .toList();
    }
    return a;
  }

  /**
   * Whether a service-side object changed in a way the agent acts on: its status (copied up), its
   * spec or labels or our annotations (drift to put back), its deletion. Annotations the service
   * operator adds and changes of bookkeeping fields only are not.
   */
  static boolean serviceChanged(GenericKubernetesResource o, GenericKubernetesResource n) {
    return !Objects.equals(
            o.getAdditionalProperties().get("status"), n.getAdditionalProperties().get("status"))
        || !Objects.equals(
            o.getAdditionalProperties().get("spec"), n.getAdditionalProperties().get("spec"))
        || !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
        || !Objects.equals(ourAnnotation(o), ourAnnotation(n))
        || !Objects.equals(
            o.getMetadata().getDeletionTimestamp(), n.getMetadata().getDeletionTimestamp());
  }

  private static String ourAnnotation(GenericKubernetesResource o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null
        ? null
        : a.get(io.kubecarrier.api.common.Annotations.SOURCE)
            + "|"
            + a.get(io.kubecarrier.api.common.Annotations.APPLIED_HASH);
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
      changed(o, true);
    }

    @Override
    public void onUpdate(GenericKubernetesResource o, GenericKubernetesResource n) {
      if (Objects.equals(
          o.getMetadata().getResourceVersion(), n.getMetadata().getResourceVersion())) {
        return;
      }
      seen(n, false);
      if (!serviceChanged(o, n)) {
        return;
      }
      changed(
          n,
          !Objects.equals(
              o.getAdditionalProperties().get("status"),
              n.getAdditionalProperties().get("status")));
    }

    @Override
    public void onDelete(GenericKubernetesResource o, boolean unknown) {
      seen(o, true);
      changed(o, false);
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

    private void changed(GenericKubernetesResource o, boolean statusChanged) {
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
    tenants.stop();
    remotes.values().forEach(r -> r.informer().stop());
    remotes.clear();
  }
}
