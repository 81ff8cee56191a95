package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.PropagationMetrics.State;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Reconciles one tenant instance (or one adoption candidate): place it, hold its assignment, apply
 * its exposed spec to the service cluster, copy the connection Secret, copy the status back; on
 * deletion, delete the service-side object and wait for it before the finalizer goes; when the
 * instance is gone, sweep what is left of it. The rules are in docs/lifecycle.md.
 */
final class InstanceReconciler {

  private static final Logger LOG = Logger.getLogger(InstanceReconciler.class);
  static final Duration UNREACHABLE_RECHECK = Duration.ofSeconds(30);
  static final Duration CACHE_WAIT = Duration.ofSeconds(5);

  private final PropagationRegistry registry;
  private final KubernetesClient management;
  private final ClusterConnections connections;
  private final Placements placements;
  private final EventRecorder events;
  private final TenantObjects tenants;
  private final AssignmentHolds holds;
  private final ServiceApply apply;
  private final ConnectionSecrets secrets;
  private final InstanceDeletion deletion;

  InstanceReconciler(
      PropagationRegistry registry,
      KubernetesClient management,
      ClusterConnections connections,
      Placements placements,
      AssignmentHolds holds,
      EventRecorder events,
      Clock clock) {
    this.registry = registry;
    this.management = management;
    this.connections = connections;
    this.placements = placements;
    this.holds = holds;
    this.events = events;
    this.tenants = new TenantObjects(management, clock);
    this.apply = new ServiceApply(registry, connections);
    this.secrets = new ConnectionSecrets(registry, management);
    this.deletion =
        new InstanceDeletion(
            registry, connections, placements, tenants, events, secrets, apply, this::unreachable);
  }

  Outcome reconcile(WorkItem item) {
    if (item instanceof WorkItem.Instance i) {
      return reconcile(i);
    }
    return adopt((WorkItem.Adoption) item);
  }

  /** The table of contents of one instance. */
  Outcome reconcile(WorkItem.Instance item) {
    Propagator p = registry.propagator(item.entryKey());
    GenericKubernetesResource tenant = p == null ? null : p.tenant(item.namespace(), item.name());
    if (tenant == null) {
      return p == null ? forget(item) : sweep(item, p);
    }
    OfferedKind kind = p.kind();
    Placements.Resolved placed = placements.resolve(kind, tenant);
    if (!placed.mine()) {
      return Outcome.DONE;
    }
    if (tenant.getMetadata().getDeletionTimestamp() != null) {
      return delete(item, p, tenant, placed);
    }
    if (!placed.ok()) {
      return failed(item, kind, tenant, null, new SyncFailure(placed.reason(), placed.message()));
    }
    Offering offering = registry.offering(tenant.getMetadata().getNamespace(), kind);
    String refused = Offerings.refusal(kind, offering, tenant.getMetadata().getNamespace());
    if (refused != null && placed.recorded() == null) {
      return failed(item, kind, tenant, null, new SyncFailure(Reasons.WITHDRAWN, refused));
    }
    Placement placement = placed.placement();
    try {
      tenants.ensureFinalizer(tenant, placed.pin());
      holds.hold(placed.assignment());
      ClusterConnections.Connection conn = connect(placement);
      if (!conn.reachable()) {
        return unreachable(item, kind, tenant, placement, conn, false);
      }
      registry.watch(p, conn);
      // right after a start (or a new assignment) the namespace's cache may still be loading: an
      // empty cache would make every instance look new and be applied again
      p.awaitServiceCache(placement.clusterKey(), placement.serviceNamespace(), CACHE_WAIT);
      if (placed.recorded() != null && !placed.recorded().equals(placement)) {
        Outcome old = deletion.deleteAt(item, p, tenant, placed.recorded(), false);
        if (old != null) {
          return old; // moves: the old copy goes first, so there is never a second one
        }
      }
      GenericKubernetesResource service = apply.down(item, p, tenant, placement, conn);
      InstanceStatus.CopiedSecret secret =
          secrets.copy(item, kind, tenant, placement, conn, service);
      statusUp(item, kind, tenant, placement, service, secret, offering);
      return Outcome.DONE;
    } catch (ServiceApply.Later later) {
      return Outcome.after(later.after);
    } catch (SyncFailure f) {
      return failed(item, kind, tenant, placement, f);
    }
  }

  // ---- steps

  /**
   * The deletion waits (and says so) while a cluster is unreachable; other refusals are failures.
   */
  private Outcome delete(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placements.Resolved placed) {
    try {
      return deletion.delete(item, p, tenant, placed);
    } catch (SyncFailure f) {
      return failed(item, p.kind(), tenant, null, f);
    }
  }

  private ClusterConnections.Connection connect(Placement placement) {
    ClusterConnections.Result r = connections.get(placement.clusterKey());
    if (!r.ok()) {
      throw new SyncFailure(r.failure().reason(), r.failure().message());
    }
    return r.connection();
  }

  private void statusUp(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      GenericKubernetesResource service,
      InstanceStatus.CopiedSecret secret,
      Offering offering) {
    Long generation = tenant.getMetadata().getGeneration();
    Map<String, Object> serviceStatus =
        new ExposedPaths(kind.exposedPaths()).status(ServiceObjects.map(service, "status"));
    String where = placement.cluster() + "/" + placement.serviceNamespace() + "/" + item.name();
    boolean written =
        tenants.writeStatus(
            tenant,
            InstanceStatus.from(ServiceObjects.map(tenant, "status"))
                .copied(serviceStatus)
                .placement(placement)
                .observedGeneration(generation)
                .connectionSecret(secret)
                .synced()
                .condition(
                    Condition.ofTrue(
                            ConditionTypes.SYNCED,
                            Reasons.SYNCED,
                            "Applied to " + where + "; its status is copied back")
                        .withObservedGeneration(generation))
                .condition(reachable(placement, generation))
                .condition(Offerings.condition(kind, tenant, offering, placement.cluster())));
    registry.metrics().state(item, placement.cluster(), kind.kind(), State.SYNCED);
    registry
        .takeUp(item)
        .filter(d -> written)
        .ifPresent(d -> registry.metrics().statusUp(placement.cluster(), kind.kind(), d));
  }

  /**
   * The tenant instance is gone: delete what is left of it in the service clusters (its finalizer
   * was removed by hand, or this agent was down), once the tenant cache is complete.
   */
  private Outcome sweep(WorkItem.Instance item, Propagator p) {
    if (!p.tenantsSynced()) {
      return Outcome.after(Duration.ofSeconds(1));
    }
    boolean waiting = false;
    for (Map.Entry<String, GenericKubernetesResource> e :
        p.serviceObjectsOf(item.namespace(), item.name())) {
      ClusterConnections.Connection conn = connections.existing(e.getKey());
      GenericKubernetesResource o = e.getValue();
      if (o.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (conn == null || !conn.reachable()) {
        waiting = true;
        continue;
      }
      try {
        connections.call(
            conn,
            () ->
                conn.serviceObject(
                        p.kind(), o.getMetadata().getNamespace(), o.getMetadata().getName())
                    .delete());
        LOG.infof(
            "%s: the instance is gone; swept %s/%s in service cluster %s",
            item, o.getMetadata().getNamespace(), o.getMetadata().getName(), e.getKey());
      } catch (SyncFailure f) {
        waiting = true;
      }
    }
    if (waiting) {
      return Outcome.after(UNREACHABLE_RECHECK);
    }
    secrets.sweep(p.kind(), item);
    return forget(item);
  }

  private Outcome forget(WorkItem.Instance item) {
    registry.forget(item);
    secrets.forget(item);
    return Outcome.DONE;
  }

  // ---- failure paths

  private Outcome failed(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      SyncFailure f) {
    if (f.unreachable && placement != null) {
      return unreachable(
          item, kind, tenant, placement, connections.existing(placement.clusterKey()), false);
    }
    Long generation = tenant.getMetadata().getGeneration();
    Condition synced =
        Condition.ofFalse(ConditionTypes.SYNCED, f.reason, f.getMessage())
            .withObservedGeneration(generation);
    boolean before =
        InstanceStatus.conditions(ServiceObjects.map(tenant, "status")).stream()
            .anyMatch(
                c ->
                    c.getType().equals(ConditionTypes.SYNCED)
                        && Objects.equals(c.getReason(), f.reason)
                        && Condition.FALSE.equals(c.getStatus()));
    InstanceStatus status =
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .placement(placement)
            .condition(synced);
    if (placement != null) {
      status.condition(reachable(placement, generation));
    }
    tenants.writeStatus(tenant, status);
    if (!before) {
      events.warning(tenant, f.reason, f.getMessage());
    }
    LOG.warnf(
        "%s (%s): %s: %s",
        item, placement == null ? "unplaced" : placement.cluster(), f.reason, f.getMessage());
    registry
        .metrics()
        .state(item, placement == null ? "" : placement.cluster(), kind.kind(), State.ERROR);
    return Outcome.RETRY;
  }

  Outcome unreachable(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      ClusterConnections.Connection conn,
      boolean deleting) {
    Long generation = tenant.getMetadata().getGeneration();
    String error = conn == null ? "" : conn.lastError();
    String message =
        "service cluster "
            + placement.cluster()
            + " is unreachable"
            + (error.isEmpty() ? "" : " (" + error + ")")
            + (deleting
                ? "; the deletion waits for it (a cluster gone for good is let go with the"
                    + " annotation kubecarrier.io/let-go=true on its ServiceCluster)"
                : "; changes are applied when it returns, the status shown is the last known");
    InstanceStatus status =
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .placement(placement)
            .condition(
                Condition.ofFalse(
                        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                        Reasons.CLUSTER_UNREACHABLE,
                        message)
                    .withObservedGeneration(generation));
    Map<String, Object> block = InstanceStatus.block(ServiceObjects.map(tenant, "status"));
    Object observed = block.get(InstanceStatus.OBSERVED_GENERATION);
    if (deleting
        || !(observed instanceof Number n && generation != null && n.longValue() == generation)) {
      status.condition(
          Condition.ofFalse(ConditionTypes.SYNCED, Reasons.CLUSTER_UNREACHABLE, message)
              .withObservedGeneration(generation));
    }
    if (tenants.writeStatus(tenant, status)) {
      LOG.infof("%s (%s): %s", item, placement.cluster(), message);
    }
    registry.metrics().state(item, placement.cluster(), kind.kind(), State.UNREACHABLE);
    return Outcome.after(UNREACHABLE_RECHECK);
  }

  // ---- adoption

  /**
   * An object of the service kind without KubeCarrier labels, in the namespace of one of our
   * assignments, becomes a tenant instance of the same name, unless one of that name exists: then
   * the object is foreign to it and left alone (that instance says {@code ForeignObject}).
   */
  Outcome adopt(WorkItem.Adoption a) {
    Propagator p = registry.propagator(a.entryKey());
    if (p == null) {
      return Outcome.DONE;
    }
    OfferedKind kind = p.kind();
    String clusterKey = kind.entryNamespace() + "/" + a.cluster();
    GenericKubernetesResource service = p.service(clusterKey, a.namespace(), a.name());
    if (service == null
        || !placements.mine(clusterKey)
        || ServiceObjects.isOwned(service)
        || ServiceObjects.isOrphaned(service)
        || service.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.DONE;
    }
    ServiceClusterAssignment sca =
        registry
            .assignmentByServiceNamespace(kind.entryNamespace(), a.cluster(), a.namespace())
            .orElse(null);
    if (sca == null) {
      return Outcome.DONE; // not a namespace of an assignment: not ours to adopt
    }
    String tenantNs = sca.getSpec().getManagementNamespace().getName();
    if (p.tenant(tenantNs, a.name()) != null) {
      registry.tenantChanged(new WorkItem.Instance(a.entryKey(), tenantNs, a.name()), false);
      return Outcome.DONE;
    }
    if (Offerings.withdrawn(registry.offering(tenantNs, kind))) {
      LOG.infof("%s: not adopted: %s is withdrawn from %s", a, kind.kind(), tenantNs);
      return Outcome.DONE;
    }
    GenericKubernetesResource adopted =
        ServiceObjects.adopted(kind, service, tenantNs, a.cluster());
    try {
      management
          .genericKubernetesResources(kind.tenant().context())
          .inNamespace(tenantNs)
          .resource(adopted)
          .create();
      LOG.infof("%s: adopted as %s/%s", a, tenantNs, a.name());
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isConflict(e)) {
        throw e;
      }
    }
    return Outcome.DONE;
  }

  // ---- helpers

  private static Condition reachable(Placement placement, Long generation) {
    return Condition.ofTrue(
            ConditionTypes.SERVICE_CLUSTER_REACHABLE,
            Reasons.HEARTBEAT_OK,
            "service cluster " + placement.cluster() + " is reachable")
        .withObservedGeneration(generation);
  }
}
