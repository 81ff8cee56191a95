package io.kubecarrier.registry.servicecluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Failures;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.ownership.FinalizerRelease;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.RegistryConfig;
import io.kubecarrier.registry.connect.ServiceClusterClients;
import io.kubecarrier.registry.connect.ServiceClusterConnection;
import io.kubecarrier.registry.connect.ServiceClusterGate;
import io.kubecarrier.registry.servicecluster.Heartbeat.Outcome;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps a ServiceCluster's connection and health: every heartbeat it (re)builds the client from the
 * kubeconfig Secret when that changed, asks the API server for its version, and records the result
 * in {@code status} ({@code kubernetesVersion}, {@code lastHeartbeatTime}, {@code
 * ServiceClusterReachable}, {@code Ready}), and when the kubeconfig's credentials expire ({@code
 * status.credentials}, {@code CredentialsExpiring}, a metric). Deletion deletes the
 * ServiceClusterAssignments of the cluster and waits for them, with the heartbeat going on (their
 * namespaces need this cluster's client to go, and the dependents enter on reachability), then
 * closes the client.
 */
@ControllerConfiguration(
    name = ServiceClusterReconciler.NAME,
    finalizerName = Finalizers.CLUSTER_REGISTRY)
// kubeconfig Secrets: no right cluster-wide; the account operator binds
// cluster-registry-credentials
// (src/main/kubernetes/kubernetes.yml) in account namespaces
// events: create, and patch to count a repeated event on the one written before (EventRecorder)
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create", "patch"})
@RBACRule(
    apiGroups = ServiceClusterAssignment.GROUP,
    resources = ServiceClusterAssignment.PLURAL,
    verbs = {"get", "list", "watch", "delete"})
public final class ServiceClusterReconciler
    implements Reconciler<ServiceCluster>, Cleaner<ServiceCluster> {

  public static final String NAME = "servicecluster";

  private static final Logger LOG = Logger.getLogger(ServiceClusterReconciler.class);

  private final ServiceClusterClients clients;
  private final ServiceClusterMetrics metrics;
  private final EventRecorder events;
  private final RegistryConfig config;
  private final Clock clock;

  @Inject
  public ServiceClusterReconciler(
      ServiceClusterClients clients,
      ServiceClusterMetrics metrics,
      EventRecorder events,
      RegistryConfig config,
      Clock clock) {
    this.clients = clients;
    this.metrics = metrics;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public UpdateControl<ServiceCluster> reconcile(
      ServiceCluster cluster, Context<ServiceCluster> ctx) {
    Beat beat = beat(cluster);
    ServiceClusterStatus next =
        ClusterStatuses.noteLetGo(
            beat.status(),
            ServiceClusterGate.letGo(cluster),
            cluster.getMetadata().getGeneration(),
            clock.instant());
    reportTransition(cluster, next);
    UpdateControl<ServiceCluster> control =
        next.equals(cluster.getStatus())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(StatusPatches.minimal(cluster, next, ServiceCluster::new));
    return control.rescheduleAfter(beat.delay());
  }

  /**
   * Deletion: the heartbeat goes on (dependents use the cluster until they are done), the cluster's
   * assignments are deleted, and the finalizer goes once none is left; then the client is closed
   * and the metrics series removed.
   */
  @Override
  public DeleteControl cleanup(ServiceCluster cluster, Context<ServiceCluster> ctx) {
    Beat beat = beat(cluster);
    List<ServiceClusterAssignment> remaining = deleteAssignments(ctx.getClient(), cluster);
    if (remaining.isEmpty()) {
      clients.close(ns(cluster), name(cluster));
      metrics.remove(ns(cluster), name(cluster));
      LOG.infof("%s/%s: deleted, client closed", ns(cluster), name(cluster));
      return FinalizerRelease.release(ctx, cluster);
    }
    ServiceClusterStatus next =
        ClusterStatuses.waitingForAssignments(
            cluster.getStatus(),
            beat.status(),
            remaining,
            ServiceClusterGate.letGo(cluster),
            cluster.getMetadata().getGeneration(),
            clock.instant());
    reportTransition(cluster, next);
    if (!next.equals(cluster.getStatus())) {
      ctx.getClient()
          .resource(StatusPatches.minimal(cluster, next, ServiceCluster::new))
          .patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(beat.delay());
  }

  /** The status after one heartbeat, and when to beat again. */
  private record Beat(ServiceClusterStatus status, Duration delay) {}

  /**
   * One heartbeat: its outcome and what it read of the credentials recorded in a new status and in
   * the metrics.
   */
  private Beat beat(ServiceCluster cluster) {
    ServiceClusterConnection connection = null;
    Outcome outcome;
    try {
      connection = clients.connect(cluster);
      outcome = heartbeat(cluster, connection);
    } catch (ConnectionException e) {
      outcome = Outcome.failed(e);
    }
    Instant now = clock.instant();
    ServiceClusterStatus next =
        Heartbeat.next(
            cluster.getStatus(),
            outcome,
            cluster.getMetadata().getGeneration(),
            now,
            config.heartbeatGrace());
    CredentialsStatus.Known known =
        connection != null
            ? CredentialsStatus.Known.read(connection.credentials())
            : CredentialsStatus.Known.unreadable(outcome.failure());
    CredentialsStatus.apply(
        next,
        known,
        ns(cluster) + "/" + secretName(cluster),
        config.credentialsExpiryWarning(),
        cluster.getMetadata().getGeneration(),
        now);
    metrics.reachable(
        ns(cluster), name(cluster), next.isConditionTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE));
    if (known.conclusive()) {
      metrics.credentialsExpiry(
          ns(cluster), name(cluster), known.expiry() == null ? null : known.expiry().expiresAt());
    }
    Duration delay =
        Heartbeat.nextDelay(
            next, outcome, clock.instant(), config.heartbeatInterval(), config.errorBackoffMax());
    return new Beat(next, delay);
  }

  /**
   * Deletes the assignments of {@code cluster} that are not being deleted yet; returns all that are
   * left, in name order.
   */
  private static List<ServiceClusterAssignment> deleteAssignments(
      KubernetesClient client, ServiceCluster cluster) {
    List<ServiceClusterAssignment> remaining = assignmentsOf(client, cluster);
    for (ServiceClusterAssignment a : remaining) {
      if (a.getMetadata().getDeletionTimestamp() == null) {
        client
            .resources(ServiceClusterAssignment.class)
            .inNamespace(ns(cluster))
            .withName(a.getMetadata().getName())
            .delete();
        LOG.infof(
            "%s/%s: deleting ServiceClusterAssignment %s/%s of the deleted cluster",
            ns(cluster), name(cluster), ns(cluster), a.getMetadata().getName());
      }
    }
    return remaining;
  }

  /** Asks for the version through {@code connection}, timing the request. */
  private Outcome heartbeat(ServiceCluster cluster, ServiceClusterConnection connection) {
    long start = System.nanoTime();
    try {
      String version = connection.client().getKubernetesVersion().getGitVersion();
      metrics.heartbeat(ns(cluster), name(cluster), "success", since(start));
      return Outcome.success(version);
    } catch (RuntimeException e) {
      ConnectionException failure = Failures.classifyHeartbeat(e, connection.server());
      metrics.heartbeat(ns(cluster), name(cluster), failure.reason(), since(start));
      LOG.debugf("%s/%s: heartbeat failed: %s", ns(cluster), name(cluster), e);
      return Outcome.failed(failure);
    }
  }

  /** Events for what changed; the Kubernetes version in the log when it becomes ready. */
  private void reportTransition(ServiceCluster cluster, ServiceClusterStatus next) {
    boolean wasReady = cluster.getStatus() != null && cluster.getStatus().isReady();
    if (!wasReady && next.isReady()) {
      LOG.infof(
          "%s/%s: reachable, Kubernetes %s",
          ns(cluster), name(cluster), next.getKubernetesVersion());
    }
    // CredentialsExpiring is abnormal-true: its events are its own (CredentialsStatus.notes)
    ConditionEvents.report(
        events,
        cluster,
        CredentialsStatus.withoutCondition(cluster.getStatus()),
        CredentialsStatus.withoutCondition(next));
    for (ConditionEvents.Note note : CredentialsStatus.notes(cluster.getStatus(), next)) {
      if (EventRecorder.WARNING.equals(note.type())) {
        LOG.warnf("%s/%s: %s: %s", ns(cluster), name(cluster), note.reason(), note.message());
      } else {
        LOG.infof("%s/%s: %s (%s)", ns(cluster), name(cluster), note.reason(), note.message());
      }
      events.record(cluster, note.type(), note.reason(), note.message());
    }
  }

  private static List<ServiceClusterAssignment> assignmentsOf(
      KubernetesClient client, ServiceCluster cluster) {
    return client
        .resources(ServiceClusterAssignment.class)
        .inNamespace(ns(cluster))
        .list()
        .getItems()
        .stream()
        .filter(
            a ->
                a.getSpec() != null
                    && a.getSpec().getServiceCluster() != null
                    && name(cluster).equals(a.getSpec().getServiceCluster().getName()))
        .sorted(Comparator.comparing(a -> a.getMetadata().getName()))
        .toList();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String secretName(ServiceCluster c) {
    return c.getSpec() == null || c.getSpec().getKubeconfigSecret() == null
        ? "(none)"
        : c.getSpec().getKubeconfigSecret().getName();
  }

  private static String ns(ServiceCluster c) {
    return c.getMetadata().getNamespace();
  }

  private static String name(ServiceCluster c) {
    return c.getMetadata().getName();
  }
}
