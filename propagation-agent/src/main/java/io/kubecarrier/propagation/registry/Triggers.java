package io.kubecarrier.propagation.registry;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.events.EventMirror;
import io.kubecarrier.propagation.hub.HubCache;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.kinds.RegionWatches;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.placement.AssignmentRelease;
import io.kubecarrier.propagation.placement.Offerings;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.queue.WorkQueue;
import io.kubecarrier.propagation.secrets.SecretRefs;
import java.util.concurrent.Executor;

/**
 * What each change means for the work queue: informer events of tenant instances, service-side
 * objects, ServiceClusters, assignments and Offerings, and changes of the connections, each queue
 * the instances (or adoption candidates) they concern. Events never do the work themselves.
 */
final class Triggers implements Propagator.Sink, ClusterConnections.Listener, HubCache.Listener {

  private final Propagators propagators;
  private final WorkQueue<WorkItem> queue;
  private final PendingChanges changes;
  private final SecretRefs secretRefs;
  private final PropagationMetrics metrics;
  private final Executor background;
  private final EventMirror mirror;

  // made after the triggers (they listen to these)
  private HubCache hub;
  private ClusterConnections connections;
  private RegionWatches regions;
  private AssignmentRelease release;
  private volatile boolean stopped;

  Triggers(
      Propagators propagators,
      WorkQueue<WorkItem> queue,
      PendingChanges changes,
      SecretRefs secretRefs,
      PropagationMetrics metrics,
      Executor background,
      EventMirror mirror) {
    this.propagators = propagators;
    this.queue = queue;
    this.changes = changes;
    this.secretRefs = secretRefs;
    this.metrics = metrics;
    this.background = background;
    this.mirror = mirror;
  }

  /** The parts made after the triggers, which the triggers act on. */
  void wire(
      HubCache hub,
      ClusterConnections connections,
      RegionWatches regions,
      AssignmentRelease release) {
    this.hub = hub;
    this.connections = connections;
    this.regions = regions;
    this.release = release;
  }

  /** From now on, changes queue nothing that would start work (the agent stops). */
  void stop() {
    stopped = true;
  }

  // ---- informers of the offered kinds

  @Override
  public void tenantChanged(WorkItem.Instance item, boolean specChanged) {
    if (specChanged) {
      changes.tenantChanged(item);
    }
    queue.add(item);
  }

  @Override
  public void serviceChanged(WorkItem item, boolean statusChanged) {
    if (statusChanged && item instanceof WorkItem.Instance i) {
      changes.serviceStatusChanged(i);
    }
    queue.add(item);
  }

  @Override
  public void serviceEvent(
      WorkItem.Instance owner, GenericKubernetesResource service, String cluster, Event event) {
    if (!stopped) {
      mirror.mirror(owner, service, cluster, event);
    }
  }

  @Override
  public void tenantGone(OfferedKind kind, GenericKubernetesResource tenant) {
    String region = Placements.region(tenant);
    if (region != null && !stopped) {
      ServiceClusterAssignment sca =
          hub.assignment(
              kind.entryNamespace()
                  + "/"
                  + Names.assignmentName(tenant.getMetadata().getNamespace(), region));
      if (sca != null) {
        background.execute(() -> release.releaseIfUnused(sca));
      }
    }
  }

  // ---- connections

  @Override
  public void reachabilityChanged(String clusterKey, boolean reachable) {
    metrics.reachable(clusterKey, reachable);
    enqueueCluster(clusterKey);
  }

  @Override
  public void connectionReplaced(String clusterKey) {
    rewatch(clusterKey);
  }

  @Override
  public void serviceDataChanged(
      String clusterKey,
      io.kubecarrier.api.common.RelatedKind kind,
      String namespace,
      String name) {
    secretRefs.copying(clusterKey, kind, namespace, name).forEach(queue::add);
  }

  // ---- the hub

  @Override
  public void serviceClusterChanged(String clusterKey) {
    connections.remove(clusterKey);
    rewatch(clusterKey);
  }

  @Override
  public void assignmentChanged(ServiceClusterAssignment old, ServiceClusterAssignment current) {
    propagators.ofProvider(current.getMetadata().getNamespace()).forEach(regions::update);
    if (current.getSpec() != null && current.getSpec().getManagementNamespace() != null) {
      enqueueNamespace(
          current.getMetadata().getNamespace(),
          current.getSpec().getManagementNamespace().getName());
    }
    if (old != null && current.getMetadata().getDeletionTimestamp() != null) {
      background.execute(() -> release.releaseIfUnused(current));
    }
  }

  @Override
  public void offeringChanged(Offering offering) {
    for (Propagator p : propagators.all()) {
      if (Offerings.name(p.kind()).equals(offering.getMetadata().getName())) {
        p.tenantsIn(offering.getMetadata().getNamespace()).forEach(t -> queue.add(p.item(t)));
      }
    }
  }

  // ---- helpers

  /** A cluster's connection changed: its watches start again, and its instances are queued. */
  private void rewatch(String clusterKey) {
    propagators.all().forEach(p -> p.services().unwatch(clusterKey));
    propagators.all().forEach(regions::update);
    enqueueCluster(clusterKey);
  }

  private void enqueueCluster(String clusterKey) {
    String ns = clusterKey.substring(0, clusterKey.indexOf('/'));
    String region = clusterKey.substring(clusterKey.indexOf('/') + 1);
    for (Propagator p : propagators.ofProvider(ns)) {
      if (regions.regionsOf(p).contains(region)) {
        p.tenants().forEach(t -> queue.add(p.item(t)));
      }
    }
  }

  private void enqueueNamespace(String providerNamespace, String tenantNamespace) {
    for (Propagator p : propagators.ofProvider(providerNamespace)) {
      p.tenantsIn(tenantNamespace).forEach(t -> queue.add(p.item(t)));
    }
  }
}
