package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.events.EventRecorder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The run-time registry of offered kinds. The {@link CatalogEntryReconciler} (a fixed JOSDK
 * controller, active on the leader only) calls {@link #ensure} and {@link #remove} as entries come
 * and go; each kind gets a {@link Propagator} (informers in the management cluster and in each
 * region), whose events queue {@link WorkItem}s in one {@link WorkQueue}, processed by a pool of
 * workers with the {@link InstanceReconciler}. See {@code DESIGN.md}.
 */
@Singleton
public class PropagationRegistry
    implements Propagator.Sink, ClusterConnections.Listener, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PropagationRegistry.class);

  private final KubernetesClient client;
  private final AgentConfig config;
  private final Clock clock;
  private final PropagationMetrics metrics;
  private final EventRecorder events;

  private final Map<String, Propagator> propagators = new ConcurrentHashMap<>();
  private final Map<WorkItem.Instance, Long> pendingDown = new ConcurrentHashMap<>();
  private final Map<WorkItem.Instance, Long> pendingUp = new ConcurrentHashMap<>();
  private final Map<String, Set<WorkItem.Instance>> secretRefs = new ConcurrentHashMap<>();

  private volatile boolean started;
  private ScheduledExecutorService scheduler;
  private ExecutorService workers;
  private WorkQueue<WorkItem> queue;
  private SharedIndexInformer<ServiceCluster> serviceClusters;
  private SharedIndexInformer<ServiceClusterAssignment> assignments;
  private SharedIndexInformer<Offering> offerings;
  private ClusterConnections connections;
  private Placements placements;
  private AssignmentHolds holds;
  private InstanceReconciler reconciler;
  private volatile java.util.function.Function<String, java.util.stream.Stream<CatalogEntry>>
      entries;

  public PropagationRegistry(
      KubernetesClient client,
      AgentConfig config,
      Clock clock,
      PropagationMetrics metrics,
      EventRecorder events) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
  }

  /** Starts the offered kind of an entry, or restarts it when the entry's status changed. */
  public void ensure(OfferedKind kind) {
    start();
    Propagator current = propagators.get(kind.entryKey());
    if (current == null || !current.kind().equals(kind)) {
      Propagator next = new Propagator(kind, client, this);
      Propagator old = propagators.put(kind.entryKey(), next);
      if (old != null) {
        old.close();
        LOG.infof("CatalogEntry %s changed: informers restarted", kind.entryKey());
      }
      next.start();
    }
    watchRegions(propagators.get(kind.entryKey()));
  }

  /** Stops the offered kind of an entry that is gone or no longer Ready. */
  public void remove(String entryKey) {
    Propagator p = propagators.remove(entryKey);
    if (p != null) {
      p.close();
      LOG.infof("CatalogEntry %s is gone or not Ready: its informers are stopped", entryKey);
    }
  }

  Propagator propagator(String entryKey) {
    return propagators.get(entryKey);
  }

  /**
   * The CatalogEntries by namespace (the JOSDK controller's cache), so that the agent knows whether
   * it sees every kind of a provider before it lets go of an assignment.
   */
  public void entries(
      java.util.function.Function<String, java.util.stream.Stream<CatalogEntry>> e) {
    this.entries = e;
  }

  /** The Offering of {@code kind} in the tenant namespace {@code namespace}, if published there. */
  Offering offering(String namespace, OfferedKind kind) {
    return offerings == null
        ? null
        : offerings.getStore().getByKey(namespace + "/" + Offerings.name(kind));
  }

  /** Number of offered kinds being propagated. */
  public int kinds() {
    return propagators.size();
  }

  /** Whether every informer of {@code entryKey} (tenant and watched regions) has synced. */
  public boolean synced(String entryKey) {
    Propagator p = propagators.get(entryKey);
    return p != null
        && p.tenantsSynced()
        && p.watchedClusters().stream().allMatch(p::serviceSynced);
  }

  PropagationMetrics metrics() {
    return metrics;
  }

  // ---- events -> work items

  @Override
  public void tenantChanged(WorkItem.Instance item, boolean specChanged) {
    if (specChanged) {
      pendingDown.putIfAbsent(item, System.nanoTime());
    }
    queue.add(item);
  }

  @Override
  public void serviceChanged(WorkItem item, boolean statusChanged) {
    if (statusChanged && item instanceof WorkItem.Instance i) {
      pendingUp.putIfAbsent(i, System.nanoTime());
    }
    queue.add(item);
  }

  @Override
  public void tenantGone(OfferedKind kind, GenericKubernetesResource tenant) {
    String region = Placements.region(tenant);
    if (region != null && started) {
      ServiceClusterAssignment sca =
          assignment(
              kind.entryNamespace()
                  + "/"
                  + io.kubecarrier.api.common.Names.assignmentName(
                      tenant.getMetadata().getNamespace(), region));
      if (sca != null) {
        scheduler.execute(() -> releaseIfUnused(sca));
      }
    }
  }

  @Override
  public void reachabilityChanged(String clusterKey, boolean reachable) {
    metrics.reachable(clusterKey, reachable);
    enqueueCluster(clusterKey);
  }

  @Override
  public void connectionReplaced(String clusterKey) {
    propagators.values().forEach(p -> p.unwatch(clusterKey));
    propagators.values().forEach(this::watchRegions);
    enqueueCluster(clusterKey);
  }

  @Override
  public void connectionSecretChanged(String clusterKey, String namespace, String name) {
    Set<WorkItem.Instance> items = secretRefs.get(clusterKey + "/" + namespace + "/" + name);
    if (items != null) {
      items.forEach(queue::add);
    }
  }

  /** Remembers which service-side Secret an instance copies, so that its rotation re-queues it. */
  void trackSecret(WorkItem.Instance item, String clusterKey, String namespace, String name) {
    secretRefs.values().forEach(s -> s.remove(item));
    if (name != null) {
      secretRefs
          .computeIfAbsent(
              clusterKey + "/" + namespace + "/" + name, k -> ConcurrentHashMap.newKeySet())
          .add(item);
    }
  }

  /** Time since the first unapplied tenant change of {@code item}, consumed. */
  Optional<Duration> takeDown(WorkItem.Instance item) {
    return take(pendingDown, item);
  }

  /** Time since the first unreflected service status change of {@code item}, consumed. */
  Optional<Duration> takeUp(WorkItem.Instance item) {
    return take(pendingUp, item);
  }

  void forget(WorkItem.Instance item) {
    pendingDown.remove(item);
    pendingUp.remove(item);
    trackSecret(item, null, null, null);
    metrics.forget(item);
  }

  private static Optional<Duration> take(
      Map<WorkItem.Instance, Long> pending, WorkItem.Instance item) {
    Long t0 = pending.remove(item);
    return t0 == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - t0));
  }

  // ---- lookups

  ServiceCluster serviceCluster(String clusterKey) {
    return serviceClusters.getStore().getByKey(clusterKey);
  }

  ServiceClusterAssignment assignment(String key) {
    return assignments.getStore().getByKey(key);
  }

  /**
   * The ready assignment of {@code cluster} whose service namespace is {@code serviceNamespace}.
   */
  Optional<ServiceClusterAssignment> assignmentByServiceNamespace(
      String providerNamespace, String cluster, String serviceNamespace) {
    return assignments.getStore().list().stream()
        .filter(a -> providerNamespace.equals(a.getMetadata().getNamespace()))
        .filter(a -> a.getSpec() != null && a.getSpec().getServiceCluster() != null)
        .filter(a -> cluster.equals(a.getSpec().getServiceCluster().getName()))
        .filter(a -> a.getStatus() != null && a.getStatus().isReady())
        .filter(
            a ->
                a.getStatus().getServiceClusterNamespace() != null
                    && serviceNamespace.equals(
                        a.getStatus().getServiceClusterNamespace().getName()))
        .findFirst();
  }

  // ---- lifecycle

  private synchronized void start() {
    if (started) {
      return;
    }
    scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "propagation-scheduler"));
    queue = new WorkQueue<>(scheduler, config.retryInitial(), config.retryMax());
    metrics.queueDepth(queue::depth);
    serviceClusters =
        client
            .resources(ServiceCluster.class)
            .inAnyNamespace()
            .runnableInformer(0)
            .itemStore(Informers.withoutManagedFields())
            .exceptionHandler(Informers::retry);
    serviceClusters.addEventHandler(
        handler(
            (ServiceCluster o, ServiceCluster n) -> {
              String key = n.getMetadata().getNamespace() + "/" + n.getMetadata().getName();
              if (o == null
                  || n.getMetadata().getDeletionTimestamp() != null
                  || !Objects.equals(o.getSpec(), n.getSpec())
                  || !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())) {
                connections.remove(key);
                propagators.values().forEach(p -> p.unwatch(key));
                propagators.values().forEach(this::watchRegions);
                enqueueCluster(key);
              }
            }));
    assignments =
        client
            .resources(ServiceClusterAssignment.class)
            .inAnyNamespace()
            .runnableInformer(0)
            .itemStore(Informers.withoutManagedFields())
            .exceptionHandler(Informers::retry);
    assignments.addEventHandler(
        handler(
            (ServiceClusterAssignment o, ServiceClusterAssignment n) -> {
              propagators.values().stream()
                  .filter(p -> p.kind().entryNamespace().equals(n.getMetadata().getNamespace()))
                  .forEach(this::watchRegions);
              if (n.getSpec() != null && n.getSpec().getManagementNamespace() != null) {
                enqueueNamespace(
                    n.getMetadata().getNamespace(), n.getSpec().getManagementNamespace().getName());
              }
              if (o != null && n.getMetadata().getDeletionTimestamp() != null) {
                scheduler.execute(() -> releaseIfUnused(n));
              }
            }));
    offerings =
        client
            .resources(Offering.class)
            .inAnyNamespace()
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR)
            .runnableInformer(0)
            .itemStore(Informers.withoutManagedFields())
            .exceptionHandler(Informers::retry);
    offerings.addEventHandler(
        handler(
            (Offering o, Offering n) ->
                propagators.values().stream()
                    .filter(p -> Offerings.name(p.kind()).equals(n.getMetadata().getName()))
                    .forEach(
                        p ->
                            p.tenantsIn(n.getMetadata().getNamespace())
                                .forEach(t -> queue.add(item(p, t))))));
    connections = new ClusterConnections(client, config, this::serviceCluster, this);
    holds = new AssignmentHolds(client);
    placements =
        new Placements(
            this::serviceCluster,
            this::assignment,
            LabelSelectors.parse(config.serviceClusterSelector().orElse("")),
            config.reportUnplaced());
    reconciler =
        new InstanceReconciler(this, client, connections, placements, holds, events, clock);
    serviceClusters.start().toCompletableFuture().join();
    assignments.start().toCompletableFuture().join();
    offerings.start().toCompletableFuture().join();
    workers = Executors.newFixedThreadPool(config.workers(), r -> daemon(r, "propagation-worker"));
    for (int i = 0; i < config.workers(); i++) {
      workers.submit(this::work);
    }
    long probe = config.probeInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::maintain, probe, probe, TimeUnit.MILLISECONDS);
    started = true;
    LOG.infof(
        "propagation agent started: %d workers, shard selector '%s'",
        config.workers(), config.serviceClusterSelector().orElse(""));
  }

  private void work() {
    while (!Thread.currentThread().isInterrupted()) {
      WorkItem item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Outcome outcome = reconciler.reconcile(item);
        switch (outcome.kind()) {
          case DONE -> queue.forget(item);
          case RETRY -> queue.addRateLimited(item);
          case REQUEUE -> {
            queue.forget(item);
            queue.addAfter(item, outcome.after());
          }
        }
      } catch (RuntimeException e) {
        Duration delay = queue.addRateLimited(item);
        LOG.warnf(e, "%s (%s): failed, retrying in %s ms", item, item.entryKey(), delay.toMillis());
      } finally {
        queue.done(item);
      }
    }
  }

  /**
   * Probes the clusters, (re)starts the region informers that are missing, and lets go of the
   * assignments being deleted that no instance uses any more.
   */
  private void maintain() {
    try {
      connections.probeAll();
      propagators.values().forEach(this::watchRegions);
      assignments.getStore().list().stream()
          .filter(a -> a.getMetadata().getDeletionTimestamp() != null)
          .filter(AssignmentHolds::held)
          .forEach(this::releaseIfUnused);
    } catch (RuntimeException e) {
      LOG.warnf(e, "maintenance failed");
    }
  }

  /**
   * Lets go of an assignment being deleted when no instance of any kind of its provider in its
   * tenant namespace is in (or asks for) its cluster, and every kind of the provider is watched
   * (else an instance could be missed).
   */
  private void releaseIfUnused(ServiceClusterAssignment sca) {
    try {
      if (sca.getMetadata().getDeletionTimestamp() == null
          || !AssignmentHolds.held(sca)
          || sca.getSpec() == null
          || sca.getSpec().getServiceCluster() == null
          || sca.getSpec().getManagementNamespace() == null) {
        return;
      }
      String provider = sca.getMetadata().getNamespace();
      String cluster = sca.getSpec().getServiceCluster().getName();
      if (!placements.mine(provider + "/" + cluster) || !seesEveryKind(provider)) {
        return;
      }
      String tenantNs = sca.getSpec().getManagementNamespace().getName();
      boolean used =
          propagators.values().stream()
              .filter(p -> p.kind().entryNamespace().equals(provider))
              .anyMatch(p -> !p.tenantsPlacedIn(tenantNs, cluster).isEmpty());
      if (!used) {
        holds.release(sca);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "assignment %s: release failed", sca.getMetadata().getName());
    }
  }

  /** Whether every CatalogEntry of {@code provider} with a tenant CRD is propagated and synced. */
  private boolean seesEveryKind(String provider) {
    var byNamespace = entries;
    if (byNamespace == null) {
      return false;
    }
    return byNamespace
        .apply(provider)
        .map(OfferedKind::from)
        .flatMap(java.util.Optional::stream)
        .allMatch(
            k -> {
              Propagator p = propagators.get(k.entryKey());
              return p != null && p.tenantsSynced();
            });
  }

  private void watchRegions(Propagator p) {
    if (p == null || !started) {
      return;
    }
    OfferedKind kind = p.kind();
    Set<String> regions = regionsOf(p);
    for (String clusterKey : Set.copyOf(p.watchedClusters())) {
      String region = clusterKey.substring(clusterKey.indexOf('/') + 1);
      if (!regions.contains(region) || serviceCluster(clusterKey) == null) {
        p.unwatch(clusterKey);
      }
    }
    for (String region : regions) {
      String clusterKey = kind.entryNamespace() + "/" + region;
      if (serviceCluster(clusterKey) == null || !placements.mine(clusterKey)) {
        continue;
      }
      ClusterConnections.Result r = connections.get(clusterKey);
      if (r.ok()) {
        metrics.reachable(clusterKey, r.connection().reachable());
        watch(p, r.connection());
      }
    }
  }

  /**
   * The regions a kind lives in: those its entry offers, and those no longer offered that still
   * hold instances of it (withdrawn regions keep syncing).
   */
  private Set<String> regionsOf(Propagator p) {
    Set<String> regions = new java.util.TreeSet<>(p.kind().regions());
    String provider = p.kind().entryNamespace();
    serviceClusters.getStore().list().stream()
        .filter(sc -> provider.equals(sc.getMetadata().getNamespace()))
        .map(sc -> sc.getMetadata().getName())
        .filter(p::regionInUse)
        .forEach(regions::add);
    return regions;
  }

  /** Watches the service-side namespaces of {@code conn}'s cluster for {@code p}. */
  void watch(Propagator p, ClusterConnections.Connection conn) {
    Set<String> namespaces = serviceNamespaces(p.kind().entryNamespace(), conn.cluster);
    p.watch(conn, namespaces);
    connections.watchSecrets(conn, namespaces);
  }

  /**
   * Service-side namespaces of a cluster's usable assignments: Ready ones, and those being deleted
   * that this agent still holds for their instances.
   */
  Set<String> serviceNamespaces(String providerNamespace, String cluster) {
    return assignments.getStore().list().stream()
        .filter(a -> providerNamespace.equals(a.getMetadata().getNamespace()))
        .filter(a -> a.getSpec() != null && a.getSpec().getServiceCluster() != null)
        .filter(a -> cluster.equals(a.getSpec().getServiceCluster().getName()))
        .filter(a -> Placements.usable(a) == null)
        .map(a -> a.getStatus().getServiceClusterNamespace().getName())
        .collect(java.util.stream.Collectors.toSet());
  }

  private void enqueueCluster(String clusterKey) {
    String ns = clusterKey.substring(0, clusterKey.indexOf('/'));
    String region = clusterKey.substring(clusterKey.indexOf('/') + 1);
    for (Propagator p : propagators.values()) {
      if (p.kind().entryNamespace().equals(ns) && regionsOf(p).contains(region)) {
        p.tenants().forEach(t -> queue.add(item(p, t)));
      }
    }
  }

  private void enqueueNamespace(String providerNamespace, String tenantNamespace) {
    for (Propagator p : propagators.values()) {
      if (p.kind().entryNamespace().equals(providerNamespace)) {
        p.tenants().stream()
            .filter(t -> tenantNamespace.equals(t.getMetadata().getNamespace()))
            .forEach(t -> queue.add(item(p, t)));
      }
    }
  }

  private static WorkItem.Instance item(Propagator p, GenericKubernetesResource t) {
    return new WorkItem.Instance(
        p.kind().entryKey(), t.getMetadata().getNamespace(), t.getMetadata().getName());
  }

  interface Change<T> {
    void changed(T oldObj, T newObj);
  }

  private static <T> ResourceEventHandler<T> handler(Change<T> change) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        change.changed(null, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        change.changed(oldObj, newObj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        change.changed(null, obj);
      }
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  void onStop(@Observes ShutdownEvent e) {
    close();
  }

  @Override
  public synchronized void close() {
    if (!started) {
      return;
    }
    started = false;
    workers.shutdownNow();
    scheduler.shutdownNow();
    propagators.values().forEach(Propagator::close);
    propagators.clear();
    serviceClusters.stop();
    assignments.stop();
    offerings.stop();
    connections.close();
  }

  List<Propagator> all() {
    return List.copyOf(propagators.values());
  }
}
