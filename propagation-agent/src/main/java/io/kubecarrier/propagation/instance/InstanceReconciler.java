package io.kubecarrier.propagation.instance;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.apply.ServiceApply;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.deletion.InstanceDeletion;
import io.kubecarrier.propagation.deletion.Sweep;
import io.kubecarrier.propagation.hub.HubCache;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.kinds.RegionWatches;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.placement.AssignmentHolds;
import io.kubecarrier.propagation.placement.Offerings;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.Outcome;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.queue.WorkQueue;
import io.kubecarrier.propagation.related.RelatedSync;
import io.kubecarrier.propagation.secrets.ConnectionSecrets;
import io.kubecarrier.propagation.secrets.SecretRefs;
import io.kubecarrier.propagation.status.InstanceStatus;
import io.kubecarrier.propagation.status.StatusReports;
import io.kubecarrier.propagation.status.TenantObjects;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconciles one tenant instance (or one adoption candidate): place it, hold its assignment, apply
 * its exposed spec to the service cluster, copy the connection Secret, copy the status back; on
 * deletion, delete the service-side object and wait for it before the finalizer goes; when the
 * instance is gone, sweep what is left of it. The rules are in docs/lifecycle.md; each step lives
 * in its own class.
 */
public final class InstanceReconciler {

  /** How long a reconcile waits for a service-side namespace's first list after a (re)start. */
  static final Duration CACHE_WAIT = Duration.ofSeconds(5);

  private final Propagators propagators;
  private final HubCache hub;
  private final ClusterConnections connections;
  private final Placements placements;
  private final AssignmentHolds holds;
  private final RegionWatches regions;
  private final TenantObjects tenants;
  private final StatusReports reports;
  private final ServiceApply apply;
  private final ConnectionSecrets secrets;
  private final RelatedSync related;
  private final InstanceDeletion deletion;
  private final Sweep sweep;
  private final Adoptions adoptions;

  public InstanceReconciler(
      Propagators propagators,
      HubCache hub,
      KubernetesClient management,
      ClusterConnections connections,
      Placements placements,
      AssignmentHolds holds,
      RegionWatches regions,
      WorkQueue<WorkItem> queue,
      PendingChanges changes,
      SecretRefs secretRefs,
      PropagationMetrics metrics,
      EventRecorder events,
      Clock clock) {
    this.propagators = propagators;
    this.hub = hub;
    this.connections = connections;
    this.placements = placements;
    this.holds = holds;
    this.regions = regions;
    this.tenants = new TenantObjects(management, clock);
    this.reports = new StatusReports(tenants, connections, events, metrics, changes);
    this.apply = new ServiceApply(connections, changes, metrics);
    this.secrets = new ConnectionSecrets(management, secretRefs);
    this.related = new RelatedSync(management, connections, propagators, secretRefs, queue::add);
    this.deletion =
        new InstanceDeletion(
            connections,
            placements,
            tenants,
            reports,
            events,
            secrets,
            related,
            apply,
            changes,
            metrics);
    this.sweep = new Sweep(connections, secrets, related, changes);
    this.adoptions = new Adoptions(propagators, hub, placements, management, queue);
  }

  /** The related Secrets and ConfigMaps of the instances (their tenant-side watches). */
  public RelatedSync related() {
    return related;
  }

  public Outcome reconcile(WorkItem item) {
    if (item instanceof WorkItem.Instance i) {
      return reconcile(i);
    }
    return adoptions.adopt((WorkItem.Adoption) item);
  }

  /** The table of contents of one instance. */
  Outcome reconcile(WorkItem.Instance item) {
    Propagator p = propagators.get(item.entryKey());
    GenericKubernetesResource tenant = p == null ? null : p.tenant(item.namespace(), item.name());
    if (tenant == null) {
      return p == null ? sweep.forget(item) : sweep.sweep(item, p);
    }
    Placements.Resolved placed = placements.resolve(p.kind(), tenant);
    if (!placed.mine()) {
      return Outcome.DONE; // another shard's
    }
    if (tenant.getMetadata().getDeletionTimestamp() != null) {
      return delete(item, p, tenant, placed);
    }
    Offering offering = hub.offering(tenant.getMetadata().getNamespace(), p.kind());
    SyncFailure unplaceable = unplaceable(p.kind(), tenant, placed, offering);
    if (unplaceable != null) {
      return reports.failed(item, p.kind(), tenant, null, unplaceable);
    }
    return sync(item, p, tenant, placed, offering);
  }

  // ---- steps

  /** Why the instance cannot be placed (no usable region, or new and withdrawn), or null. */
  private static SyncFailure unplaceable(
      OfferedKind kind, GenericKubernetesResource tenant, Placements.Resolved placed, Offering o) {
    if (!placed.ok()) {
      return new SyncFailure(placed.reason(), placed.message());
    }
    String refused = Offerings.refusal(kind, o, tenant.getMetadata().getNamespace());
    return refused != null && placed.recorded() == null
        ? new SyncFailure(Reasons.WITHDRAWN, refused)
        : null;
  }

  /** Finalizer, hold, connection, apply down, connection Secret, status up. */
  private Outcome sync(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placements.Resolved placed,
      Offering offering) {
    OfferedKind kind = p.kind();
    Placement placement = placed.placement();
    try {
      tenants.ensureFinalizer(tenant, placed.pin());
      holds.hold(placed.assignment());
      Connection conn = connect(placement);
      if (!conn.reachable()) {
        return reports.unreachable(item, kind, tenant, placement, conn, false);
      }
      watchServiceSide(p, placement, conn);
      Outcome moving = leaveRecordedPlacement(item, p, tenant, placed);
      if (moving != null) {
        return moving;
      }
      List<RelatedSync.Line> lines =
          new ArrayList<>(related.down(item, kind, tenant, placement, conn));
      GenericKubernetesResource service = apply.down(item, p, tenant, placement, conn);
      InstanceStatus.CopiedSecret secret =
          secrets.copy(item, kind, tenant, placement, conn, service);
      lines.addAll(related.up(item, kind, tenant, placement, conn, service));
      related.afterSync(item, kind, tenant, placement, conn, lines);
      reports.synced(
          item, kind, tenant, placement, service, secret, offering, new RelatedSync.Report(lines));
      return Outcome.DONE;
    } catch (ServiceApply.Later later) {
      return Outcome.after(later.after());
    } catch (SyncFailure f) {
      return reports.failed(item, kind, tenant, placement, f);
    }
  }

  private Connection connect(Placement placement) {
    ClusterConnections.Result r = connections.get(placement.clusterKey());
    if (!r.ok()) {
      throw new SyncFailure(r.failure().reason(), r.failure().message());
    }
    return r.connection();
  }

  /**
   * Makes sure the placement's namespace is watched, and waits for its cache: right after a start
   * (or a new assignment) it may still be loading, and an empty cache would make every instance
   * look new and be applied again.
   */
  private void watchServiceSide(Propagator p, Placement placement, Connection conn) {
    regions.watch(p, conn);
    p.services().awaitCache(placement.clusterKey(), placement.serviceNamespace(), CACHE_WAIT);
  }

  /**
   * An instance that moves: the copy at the placement its status records goes first, so there is
   * never a second one. Null when there is none (left), else how long to wait for it.
   */
  private Outcome leaveRecordedPlacement(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placements.Resolved placed) {
    if (placed.recorded() == null || placed.recorded().equals(placed.placement())) {
      return null;
    }
    return deletion.deleteAt(item, p, tenant, placed.recorded(), false);
  }

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
      return reports.failed(item, p.kind(), tenant, null, f);
    }
  }
}
