package io.kubecarrier.propagation.registry;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.AgentConfig;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.events.EventMirror;
import io.kubecarrier.propagation.events.EventRateLimit;
import io.kubecarrier.propagation.hub.HubCache;
import io.kubecarrier.propagation.instance.InstanceReconciler;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.kinds.RegionWatches;
import io.kubecarrier.propagation.kinds.WatchScope;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.placement.AssignmentHolds;
import io.kubecarrier.propagation.placement.AssignmentRelease;
import io.kubecarrier.propagation.placement.LabelSelectors;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.queue.WorkQueue;
import io.kubecarrier.propagation.queue.Workers;
import io.kubecarrier.propagation.secrets.SecretRefs;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The run-time registry of offered kinds. The {@link CatalogEntryReconciler} (a fixed JOSDK
 * controller, active on the leader only) calls {@link #ensure} and {@link #remove} as entries come
 * and go; each kind gets a {@link Propagator} (informers in the management cluster and in each
 * region), whose events ({@link Triggers}) queue {@link WorkItem}s in one {@link WorkQueue},
 * processed by a pool of {@link Workers} with the {@link InstanceReconciler}. The machinery starts
 * with the first kind. See {@code DESIGN.md}.
 */
@Singleton
public class PropagationRegistry implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PropagationRegistry.class);

  private final KubernetesClient client;
  private final AgentConfig config;
  private final WatchScope watchScope;
  private final Clock clock;
  private final PropagationMetrics metrics;
  private final EventRecorder events;
  private final Propagators propagators = new Propagators();

  private volatile boolean started;
  private volatile Function<String, Stream<CatalogEntry>> entries;
  private ScheduledExecutorService scheduler;
  private Triggers triggers;
  private HubCache hub;
  private ClusterConnections connections;
  private RegionWatches regions;
  private io.kubecarrier.propagation.related.RelatedSync related;
  private AssignmentRelease release;
  private Workers workers;

  public PropagationRegistry(
      KubernetesClient client,
      AgentConfig config,
      Clock clock,
      PropagationMetrics metrics,
      EventRecorder events) {
    this.client = client;
    this.config = config;
    this.watchScope = new WatchScope(config.serviceWatchScope());
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
  }

  /** Starts the offered kind of an entry, or restarts it when the entry's status changed. */
  public void ensure(OfferedKind kind) {
    start();
    Propagator current = propagators.get(kind.entryKey());
    if (current == null || !current.kind().equals(kind)) {
      Propagator next = new Propagator(kind, client, triggers, watchScope);
      Propagator old = propagators.put(next);
      if (old != null) {
        old.close();
        LOG.infof("CatalogEntry %s changed: informers restarted", kind.entryKey());
      }
      next.start();
    }
    regions.update(propagators.get(kind.entryKey()));
  }

  /** Stops the offered kind of an entry that is gone or no longer Ready. */
  public void remove(String entryKey) {
    Propagator p = propagators.remove(entryKey);
    if (p != null) {
      p.close();
      LOG.infof("CatalogEntry %s is gone or not Ready: its informers are stopped", entryKey);
    }
  }

  /**
   * The CatalogEntries by namespace (the JOSDK controller's cache), so that the agent knows whether
   * it sees every kind of a provider before it lets go of an assignment.
   */
  public void entries(Function<String, Stream<CatalogEntry>> byNamespace) {
    this.entries = byNamespace;
  }

  private Stream<CatalogEntry> entriesOf(String namespace) {
    Function<String, Stream<CatalogEntry>> byNamespace = entries;
    return byNamespace == null ? null : byNamespace.apply(namespace);
  }

  /** Number of offered kinds being propagated. */
  public int kinds() {
    return propagators.size();
  }

  /** Watches open in service clusters for the kind of {@code entryKey} (0 when not propagated). */
  public int serviceWatches(String entryKey) {
    Propagator p = propagators.get(entryKey);
    return p == null ? 0 : p.services().watchCount();
  }

  /** Whether every informer of {@code entryKey} (tenant and watched regions) has synced. */
  public boolean synced(String entryKey) {
    Propagator p = propagators.get(entryKey);
    return p != null
        && p.tenantsSynced()
        && p.services().watchedClusters().stream().allMatch(p.services()::synced);
  }

  // ---- lifecycle

  /** Makes and starts the machinery: hub caches, connections, queue, workers, maintenance. */
  private synchronized void start() {
    if (started) {
      return;
    }
    scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "propagation-scheduler"));
    WorkQueue<WorkItem> queue =
        new WorkQueue<>(scheduler, config.retryInitial(), config.retryMax());
    metrics.queueDepth(queue::depth);
    PendingChanges changes = new PendingChanges(metrics);
    SecretRefs secretRefs = new SecretRefs();
    EventMirror mirror =
        new EventMirror(
            propagators, events, new EventRateLimit(config.eventsPerMinute(), System::nanoTime));
    triggers = new Triggers(propagators, queue, changes, secretRefs, metrics, scheduler, mirror);
    hub = new HubCache(client, triggers);
    connections = new ClusterConnections(client, config, hub::serviceCluster, triggers);
    ClusterConnections watched = connections;
    java.util.function.Supplier<Number> offered =
        () -> propagators.all().stream().mapToInt(p -> p.services().kindWatchCount()).sum();
    metrics.serviceWatches("offered-kinds", offered);
    metrics.serviceWatches("events", offered);
    metrics.serviceWatches("secrets", watched::secretWatchCount);
    metrics.serviceWatches("configmaps", watched::configMapWatchCount);
    AssignmentHolds holds = new AssignmentHolds(client);
    Placements placements =
        new Placements(
            hub::serviceCluster,
            hub::assignment,
            LabelSelectors.parse(config.serviceClusterSelector().orElse("")),
            config.reportUnplaced());
    regions = new RegionWatches(hub, connections, placements, metrics, propagators);
    release = new AssignmentRelease(propagators, placements, holds, this::entriesOf);
    triggers.wire(hub, connections, regions, release);
    InstanceReconciler reconciler =
        new InstanceReconciler(
            propagators,
            hub,
            client,
            connections,
            placements,
            holds,
            regions,
            queue,
            changes,
            secretRefs,
            metrics,
            events,
            clock);
    hub.start();
    related = reconciler.related();
    workers = new Workers(config.workers(), queue, reconciler::reconcile);
    long probe = config.probeInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::maintain, probe, probe, TimeUnit.MILLISECONDS);
    started = true;
    LOG.infof(
        "propagation agent started: %d workers, shard selector '%s'",
        config.workers(), config.serviceClusterSelector().orElse(""));
  }

  /**
   * Probes the clusters, (re)starts the region informers that are missing, and lets go of the
   * assignments being deleted that no instance uses any more.
   */
  private void maintain() {
    try {
      connections.probeAll();
      propagators.all().forEach(regions::update);
      related.retainTenantNamespaces();
      related.collectAllDown();
      hub.assignmentsBeingDeleted().stream()
          .filter(AssignmentHolds::held)
          .forEach(release::releaseIfUnused);
    } catch (RuntimeException e) {
      LOG.warnf(e, "maintenance failed");
    }
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
    triggers.stop();
    regions.stop();
    workers.close();
    scheduler.shutdownNow();
    propagators.closeAll();
    related.close();
    hub.close();
    connections.close();
  }
}
