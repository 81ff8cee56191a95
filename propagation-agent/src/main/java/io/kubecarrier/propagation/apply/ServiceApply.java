package io.kubecarrier.propagation.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.queue.WorkItem;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies a tenant instance down to its service cluster: server-side apply of exactly the desired
 * object (so a field removed from the tenant's spec is removed), skipped when the cached object is
 * up to date, and never onto an object that is not this instance's. A create is an apply that fails
 * if the object exists; an update names the {@code uid} of the object we made.
 */
public final class ServiceApply {

  private static final Logger LOG = Logger.getLogger(ServiceApply.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * A resourceVersion no existing object has: in an apply, the API server takes a resourceVersion
   * as a precondition on an existing object and ignores it on a create, so this makes an apply that
   * only creates (verified on kube-apiserver 1.35 in {@code ServiceSideIT}).
   */
  static final String CREATE_ONLY = "1";

  /** Wait before looking again at an object that is being replaced or deleted. */
  static final Duration SETTLE = Duration.ofMillis(500);

  private final ClusterConnections connections;
  private final PendingChanges changes;
  private final PropagationMetrics metrics;

  public ServiceApply(
      ClusterConnections connections, PendingChanges changes, PropagationMetrics metrics) {
    this.connections = connections;
    this.changes = changes;
    this.metrics = metrics;
  }

  /** A step that must be tried again after {@code after}, without a change of status. */
  public static final class Later extends RuntimeException {
    private final Duration after;

    Later(Duration after, String why) {
      super(why, null, false, false);
      this.after = after;
    }

    /** When to look again. */
    public Duration after() {
      return after;
    }
  }

  /**
   * The service object of {@code tenant} as it is after this step.
   *
   * @throws SyncFailure when the cluster refuses it or a foreign object has the name
   * @throws Later while an old object of that name is being deleted or the cache catches up
   */
  public GenericKubernetesResource down(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn) {
    OfferedKind kind = p.kind();
    GenericKubernetesResource desired = ServiceObjects.desired(kind, tenant, placement);
    GenericKubernetesResource cached =
        p.services().service(placement.clusterKey(), placement.serviceNamespace(), item.name());
    if (cached != null) {
      switch (ServiceObjects.relation(kind, tenant, placement, cached)) {
        case FOREIGN -> throw foreign(item, placement);
        case STALE -> {
          delete(conn, kind, placement, item.name());
          LOG.infof(
              "%s: %s/%s in %s belonged to an earlier instance of that name: deleting it",
              item, placement.serviceNamespace(), item.name(), placement.cluster());
          throw new Later(SETTLE, "stale object deleted");
        }
        case MINE -> {
          if (cached.getMetadata().getDeletionTimestamp() != null) {
            throw new Later(SETTLE, "being deleted; re-created once gone");
          }
          if (ServiceObjects.upToDate(cached, desired)) {
            changes.takeDown(item);
            return cached;
          }
          desired.getMetadata().setUid(cached.getMetadata().getUid());
        }
      }
    } else {
      desired.getMetadata().setResourceVersion(CREATE_ONLY);
    }
    GenericKubernetesResource applied = apply(conn, kind, placement, desired);
    p.services().written(placement.clusterKey(), applied);
    List<String> dropped =
        ExposedPaths.uncovered(
            ".spec", ServiceObjects.map(applied, "spec"), ServiceObjects.map(desired, "spec"));
    if (!dropped.isEmpty()) {
      // pruned by the service cluster's API server: its CRD lacks the fields, or a CRD update has
      // not reached its storage yet (an operator upgrade in progress); no event would bring the
      // instance back, so it is retried with back-off and says so
      throw new SyncFailure(
          Reasons.FIELDS_DROPPED,
          "service cluster "
              + placement.cluster()
              + " dropped "
              + String.join(", ", dropped.subList(0, Math.min(5, dropped.size())))
              + (dropped.size() > 5 ? " and " + (dropped.size() - 5) + " more" : "")
              + " of the applied spec: its CRD does not have "
              + (dropped.size() == 1 ? "this field" : "these fields")
              + " (yet); retried until it keeps them");
    }
    LOG.debugf(
        "%s: applied to %s/%s in service cluster %s",
        item, placement.serviceNamespace(), item.name(), placement.cluster());
    changes.takeDown(item).ifPresent(d -> metrics.applyDown(placement.cluster(), kind.kind(), d));
    return applied;
  }

  private GenericKubernetesResource apply(
      Connection conn, OfferedKind kind, Placement placement, GenericKubernetesResource desired) {
    String body = JSON.asJson(desired);
    return connections.call(
        conn,
        () -> {
          try {
            return conn.client()
                .genericKubernetesResources(kind.service().context())
                .inNamespace(placement.serviceNamespace())
                .resource(desired) // with the item: no GET before the patch
                .patch(ServiceObjects.APPLY, body);
          } catch (KubernetesClientException e) {
            // created meanwhile (create-only apply), or replaced under the uid we named: the
            // cache shows what is there on the next look
            if (ApiErrors.isConflict(e) || (e.getCode() == 422 && mentionsUid(e))) {
              throw new Later(SETTLE, "object changed meanwhile: " + ApiErrors.message(e));
            }
            throw e;
          }
        });
  }

  public void delete(Connection conn, OfferedKind kind, Placement placement, String name) {
    connections.call(
        conn, () -> conn.serviceObject(kind, placement.serviceNamespace(), name).delete());
  }

  private static boolean mentionsUid(KubernetesClientException e) {
    String m = ApiErrors.message(e);
    return m != null && m.contains("metadata.uid");
  }

  private static SyncFailure foreign(WorkItem.Instance item, Placement placement) {
    return new SyncFailure(
        Reasons.FOREIGN_OBJECT,
        "an object "
            + placement.serviceNamespace()
            + "/"
            + item.name()
            + " exists in service cluster "
            + placement.cluster()
            + " and is not this instance's; KubeCarrier never takes it over: delete or rename it"
            + " there (an object without KubeCarrier labels is adopted as a new instance only when"
            + " no instance of that name exists), or delete this instance");
  }
}
