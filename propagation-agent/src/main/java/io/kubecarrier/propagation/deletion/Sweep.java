package io.kubecarrier.propagation.deletion;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.metrics.PendingChanges;
import io.kubecarrier.propagation.queue.Outcome;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.related.RelatedSync;
import io.kubecarrier.propagation.secrets.ConnectionSecrets;
import io.kubecarrier.propagation.status.StatusReports;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The tenant instance is gone: what is left of it in the service clusters is deleted (its finalizer
 * was removed by hand, or this agent was down), once the tenant cache is complete; then the agent
 * forgets it.
 */
public final class Sweep {

  private static final Logger LOG = Logger.getLogger(Sweep.class);

  private final ClusterConnections connections;
  private final ConnectionSecrets secrets;
  private final RelatedSync related;
  private final PendingChanges changes;

  public Sweep(
      ClusterConnections connections,
      ConnectionSecrets secrets,
      RelatedSync related,
      PendingChanges changes) {
    this.connections = connections;
    this.secrets = secrets;
    this.related = related;
    this.changes = changes;
  }

  /**
   * Deletes the service objects (and the Secret copy) of the instance {@code item} that is gone.
   */
  public Outcome sweep(WorkItem.Instance item, Propagator p) {
    if (!p.tenantsSynced()) {
      return Outcome.after(Duration.ofSeconds(1));
    }
    boolean waiting = false;
    for (Map.Entry<String, GenericKubernetesResource> e :
        p.services().objectsOf(item.namespace(), item.name())) {
      Connection conn = connections.existing(e.getKey());
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
      return Outcome.after(StatusReports.UNREACHABLE_RECHECK);
    }
    secrets.sweep(p.kind(), item);
    related.sweep(p.kind(), item);
    return forget(item);
  }

  /** Forgets what the agent remembers of an instance that is gone (its kind may be gone too). */
  public Outcome forget(WorkItem.Instance item) {
    changes.forget(item);
    secrets.forget(item);
    related.forget(item);
    return Outcome.DONE;
  }
}
