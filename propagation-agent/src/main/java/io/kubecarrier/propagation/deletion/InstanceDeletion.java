package io.kubecarrier.propagation.deletion;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.apply.ServiceApply;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.metrics.PropagationMetrics.State;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.Outcome;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.related.RelatedSync;
import io.kubecarrier.propagation.secrets.ConnectionSecrets;
import io.kubecarrier.propagation.status.StatusReports;
import io.kubecarrier.propagation.status.TenantObjects;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The deletion of a tenant instance: its service object is deleted in every place it may be (the
 * placement it resolves to and the one its status records), and awaited, before the finalizer goes.
 * A deletion waits while a cluster cannot be reached or its kubeconfig is unusable, and says so; it
 * goes on without the cluster only when the ServiceCluster object is gone or the provider let go of
 * it ({@code kubecarrier.io/let-go}), each time with a Warning event naming what stays behind.
 * Objects that are not this instance's are never deleted.
 */
public final class InstanceDeletion {

  private static final Logger LOG = Logger.getLogger(InstanceDeletion.class);
  static final Duration DELETION_RECHECK = Duration.ofSeconds(2);

  private final ClusterConnections connections;
  private final Placements placements;
  private final TenantObjects tenants;
  private final StatusReports reports;
  private final EventRecorder events;
  private final ConnectionSecrets secrets;
  private final RelatedSync related;
  private final ServiceApply apply;
  private final PendingChanges changes;
  private final PropagationMetrics metrics;

  public InstanceDeletion(
      ClusterConnections connections,
      Placements placements,
      TenantObjects tenants,
      StatusReports reports,
      EventRecorder events,
      ConnectionSecrets secrets,
      RelatedSync related,
      ServiceApply apply,
      PendingChanges changes,
      PropagationMetrics metrics) {
    this.connections = connections;
    this.placements = placements;
    this.tenants = tenants;
    this.reports = reports;
    this.events = events;
    this.secrets = secrets;
    this.related = related;
    this.apply = apply;
    this.changes = changes;
    this.metrics = metrics;
  }

  public Outcome delete(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placements.Resolved placed) {
    if (!TenantObjects.hasFinalizer(tenant)) {
      return Outcome.DONE;
    }
    Set<Placement> where = new LinkedHashSet<>();
    if (placed.ok()) {
      where.add(placed.placement());
    }
    if (placed.recorded() != null) {
      where.add(placed.recorded());
    }
    for (Placement placement : where) {
      Outcome waiting = deleteAt(item, p, tenant, placement, true);
      if (waiting != null) {
        return waiting;
      }
    }
    if (where.isEmpty()) {
      LOG.infof("%s: never placed in a service cluster; removing the finalizer", item);
    }
    return finish(item, p.kind(), tenant);
  }

  /**
   * Deletes the instance's object at {@code placement} (also used when an instance moves); returns
   * null when nothing of the instance is left there, else how long to wait.
   */
  public Outcome deleteAt(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placement placement,
      boolean deleting) {
    OfferedKind kind = p.kind();
    ServiceCluster sc = placements.serviceCluster(placement.clusterKey());
    if (sc == null) {
      leftBehind(
          item,
          tenant,
          placement,
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster " + placement.clusterKey() + " no longer exists");
      return null;
    }
    boolean letGo = Placements.letGo(sc);
    ClusterConnections.Result r = connections.get(placement.clusterKey());
    if (!r.ok()) {
      if (letGo) {
        leftBehind(item, tenant, placement, Reasons.LET_GO, r.failure().message());
        return null;
      }
      reports.deletionWaits(
          tenant,
          r.failure().reason(),
          r.failure().message()
              + "; the deletion waits: fix it, or let go of a cluster that is gone for"
              + " good with the annotation "
              + Annotations.LET_GO
              + "=true on ServiceCluster "
              + placement.clusterKey());
      return Outcome.RETRY;
    }
    Connection conn = r.connection();
    try {
      if (!conn.reachable()) {
        throw new SyncFailure(Reasons.CLUSTER_UNREACHABLE, conn.lastError(), true);
      }
      GenericKubernetesResource service =
          connections.call(
              conn,
              () -> conn.serviceObject(kind, placement.serviceNamespace(), item.name()).get());
      if (service == null
          || ServiceObjects.relation(kind, tenant, placement, service)
              == ServiceObjects.Ownership.FOREIGN) {
        // nothing of ours there (a foreign object is never deleted): the down copies it alone
        // named go too
        related.releaseDown(item, placement, conn);
        return null;
      }
      if (deleting && orphan(tenant)) {
        release(kind, conn, placement, tenant, item);
        return null;
      }
      if (service.getMetadata().getDeletionTimestamp() == null) {
        apply.delete(conn, kind, placement, item.name());
        LOG.infof(
            "%s: deleting %s/%s in service cluster %s",
            item, placement.serviceNamespace(), item.name(), placement.cluster());
        // most service-side objects are gone before the recheck (their deletion event queues
        // the instance again): the status says "waiting" only for one that takes longer
        metrics.state(item, placement.cluster(), kind.kind(), State.DELETING);
        return Outcome.after(DELETION_RECHECK);
      }
      reports.deletionWaits(
          tenant,
          Reasons.SERVICE_OBJECT_DELETING,
          "waiting for "
              + placement.cluster()
              + "/"
              + placement.serviceNamespace()
              + "/"
              + item.name()
              + " to be deleted in the service cluster");
      metrics.state(item, placement.cluster(), kind.kind(), State.DELETING);
      return Outcome.after(DELETION_RECHECK);
    } catch (SyncFailure f) {
      if (!f.unreachable()) {
        throw f;
      }
      if (letGo) {
        leftBehind(item, tenant, placement, Reasons.LET_GO, "it does not answer");
        return null;
      }
      return reports.unreachable(item, kind, tenant, placement, conn, deleting);
    }
  }

  /** Orphaning: the service-side object stays, without our labels, marked as orphaned. */
  private void release(
      OfferedKind kind,
      Connection conn,
      Placement placement,
      GenericKubernetesResource tenant,
      WorkItem.Instance item) {
    StringBuilder labels = new StringBuilder();
    for (String key : ServiceObjects.ownerLabels(kind, tenant).keySet()) {
      labels.append(labels.isEmpty() ? "" : ",").append('"').append(key).append("\":null");
    }
    String patch =
        "{\"metadata\":{\"labels\":{"
            + labels
            + "},\"annotations\":{\""
            + Annotations.ORPHANED_FROM
            + "\":\""
            + item.namespace()
            + "/"
            + item.name()
            + "\",\""
            + Annotations.APPLIED_HASH
            + "\":null}}}";
    connections.call(
        conn,
        () ->
            conn.serviceObject(kind, placement.serviceNamespace(), item.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    LOG.infof(
        "%s: orphaned; %s/%s stays in service cluster %s",
        item, placement.serviceNamespace(), item.name(), placement.cluster());
  }

  private Outcome finish(
      WorkItem.Instance item, OfferedKind kind, GenericKubernetesResource tenant) {
    secrets.delete(kind, tenant);
    related.deleteUp(kind, tenant);
    tenants.removeFinalizer(tenant);
    changes.forget(item);
    secrets.forget(item);
    related.forget(item);
    LOG.infof("%s: deleted", item);
    return Outcome.DONE;
  }

  /** A deletion goes on without a cluster it cannot reach: said in an event, never silently. */
  private void leftBehind(
      WorkItem.Instance item,
      GenericKubernetesResource tenant,
      Placement placement,
      String reason,
      String why) {
    String message =
        "service cluster "
            + placement.cluster()
            + " cannot be reached ("
            + why
            + (Reasons.LET_GO.equals(reason) ? "; the provider let go of it" : "")
            + "): the deletion goes on without it and "
            + placement.serviceNamespace()
            + "/"
            + item.name()
            + " may be left behind there";
    LOG.warnf("%s: %s", item, message);
    events.warning(tenant, reason, message);
  }

  private static boolean orphan(GenericKubernetesResource tenant) {
    Map<String, String> a = tenant.getMetadata().getAnnotations();
    return a != null && Annotations.ORPHAN_TRUE.equals(a.get(Annotations.ORPHAN));
  }
}
