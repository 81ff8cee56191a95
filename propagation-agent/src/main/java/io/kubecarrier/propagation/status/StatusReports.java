package io.kubecarrier.propagation.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.apply.ExposedPaths;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.metrics.PropagationMetrics.State;
import io.kubecarrier.propagation.placement.Offerings;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.queue.Outcome;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.related.RelatedSync;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * What an instance's status says after a reconcile, with the metrics and events that go with it:
 * synced (the service object's status copied up), failed (a Warning event when the reason is new),
 * or waiting for an unreachable cluster (the last known status stays).
 */
public final class StatusReports {

  private static final Logger LOG = Logger.getLogger(StatusReports.class);

  /** How long an instance of an unreachable cluster waits before it is looked at again. */
  public static final Duration UNREACHABLE_RECHECK = Duration.ofSeconds(30);

  private final TenantObjects tenants;
  private final ClusterConnections connections;
  private final EventRecorder events;
  private final PropagationMetrics metrics;
  private final PendingChanges changes;

  public StatusReports(
      TenantObjects tenants,
      ClusterConnections connections,
      EventRecorder events,
      PropagationMetrics metrics,
      PendingChanges changes) {
    this.tenants = tenants;
    this.connections = connections;
    this.events = events;
    this.metrics = metrics;
    this.changes = changes;
  }

  /** Copies the service object's (exposed) status up, with Synced, reachable and Offered. */
  public void synced(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      GenericKubernetesResource service,
      InstanceStatus.CopiedSecret secret,
      Offering offering,
      RelatedSync.Report related) {
    Long generation = tenant.getMetadata().getGeneration();
    Map<String, Object> serviceStatus =
        new ExposedPaths(kind.exposedPaths()).status(ServiceObjects.map(service, "status"));
    String where = placement.cluster() + "/" + placement.serviceNamespace() + "/" + item.name();
    InstanceStatus status = InstanceStatus.from(ServiceObjects.map(tenant, "status"));
    ServiceReadiness.of(ServiceObjects.map(service, "status"), placement.cluster(), generation)
        .ifPresentOrElse(
            status::condition, () -> status.withoutCondition(ConditionTypes.SERVICE_READY));
    if (kind.related().isEmpty()) {
      status.related(List.of()).withoutCondition(ConditionTypes.RELATED_RESOURCES_SYNCED);
    } else {
      status.related(related.status()).condition(related.condition(generation));
    }
    boolean written =
        tenants.writeStatus(
            tenant,
            status
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
    metrics.state(item, placement.cluster(), kind.kind(), State.SYNCED);
    changes
        .takeUp(item)
        .filter(d -> written)
        .ifPresent(d -> metrics.statusUp(placement.cluster(), kind.kind(), d));
  }

  /**
   * {@code Synced=False} with the failure's reason and message (a Warning event when the reason is
   * new); retried with backoff. A failure because the cluster did not answer is {@link
   * #unreachable}.
   *
   * @param placement where the instance is placed, null when it cannot be placed
   */
  public Outcome failed(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      SyncFailure f) {
    if (f.unreachable() && placement != null) {
      return unreachable(
          item, kind, tenant, placement, connections.existing(placement.clusterKey()), false);
    }
    Long generation = tenant.getMetadata().getGeneration();
    Condition synced =
        Condition.ofFalse(ConditionTypes.SYNCED, f.reason(), f.getMessage())
            .withObservedGeneration(generation);
    boolean before =
        InstanceStatus.conditions(ServiceObjects.map(tenant, "status")).stream()
            .anyMatch(
                c ->
                    c.getType().equals(ConditionTypes.SYNCED)
                        && Objects.equals(c.getReason(), f.reason())
                        && Condition.FALSE.equals(c.getStatus()));
    InstanceStatus status =
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .placement(placement)
            .condition(synced);
    if (placement != null) {
      status.condition(reachable(placement, generation));
      if (!kind.regions().contains(placement.cluster())) {
        // why a left-out region's instance may fail (its service CRD changed), whatever the
        // Offering
        status.condition(Offerings.condition(kind, tenant, null, placement.cluster()));
      }
    }
    tenants.writeStatus(tenant, status);
    if (!before) {
      events.warning(tenant, f.reason(), f.getMessage());
    }
    LOG.warnf(
        "%s (%s): %s: %s",
        item, placement == null ? "unplaced" : placement.cluster(), f.reason(), f.getMessage());
    metrics.state(item, placement == null ? "" : placement.cluster(), kind.kind(), State.ERROR);
    return Outcome.RETRY;
  }

  /**
   * {@code ServiceClusterReachable=False}, and {@code Synced=False} when the instance's latest spec
   * (or its deletion) waits for the cluster; the copied status stays, the last known. Looked at
   * again when the cluster answers, or after {@link #UNREACHABLE_RECHECK}.
   */
  public Outcome unreachable(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn,
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
    metrics.state(item, placement.cluster(), kind.kind(), State.UNREACHABLE);
    return Outcome.after(UNREACHABLE_RECHECK);
  }

  /** {@code Synced=False} while a deletion waits, without an event (it is no failure). */
  public void deletionWaits(GenericKubernetesResource tenant, String reason, String message) {
    tenants.writeStatus(
        tenant,
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .condition(Condition.ofFalse(ConditionTypes.SYNCED, reason, message)));
  }

  private static Condition reachable(Placement placement, Long generation) {
    return Condition.ofTrue(
            ConditionTypes.SERVICE_CLUSTER_REACHABLE,
            Reasons.HEARTBEAT_OK,
            "service cluster " + placement.cluster() + " is reachable")
        .withObservedGeneration(generation);
  }
}
