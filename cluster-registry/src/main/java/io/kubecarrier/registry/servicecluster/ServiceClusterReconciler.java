package io.kubecarrier.registry.servicecluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.registry.RegistryConfig;
import io.kubecarrier.registry.connect.ConnectionException;
import io.kubecarrier.registry.connect.Failures;
import io.kubecarrier.registry.connect.ServiceClusterClients;
import io.kubecarrier.registry.connect.ServiceClusterConnection;
import io.kubecarrier.registry.servicecluster.Heartbeat.Outcome;
import io.kubecarrier.registry.support.EventRecorder;
import io.kubecarrier.registry.support.ReadyTransitions;
import io.kubecarrier.registry.support.StatusPatches;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps a ServiceCluster's connection and health: every heartbeat it (re)builds the client from the
 * kubeconfig Secret when that changed, asks the API server for its version, and records the result
 * in {@code status} ({@code kubernetesVersion}, {@code lastHeartbeatTime}, {@code
 * ServiceClusterReachable}, {@code Ready}). Deletion waits for the ServiceClusterAssignments of the
 * cluster (their namespaces need this cluster's client to go), then closes the client.
 */
@ControllerConfiguration(
    name = ServiceClusterReconciler.NAME,
    finalizerName = Finalizers.CLUSTER_REGISTRY)
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
@RBACRule(
    apiGroups = ServiceClusterAssignment.GROUP,
    resources = ServiceClusterAssignment.PLURAL,
    verbs = {"get", "list", "watch"})
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
    Outcome outcome = heartbeat(cluster);
    ServiceClusterStatus next =
        Heartbeat.next(
            cluster.getStatus(),
            outcome,
            cluster.getMetadata().getGeneration(),
            clock.instant(),
            config.heartbeatGrace());
    metrics.reachable(
        ns(cluster), name(cluster), next.isConditionTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE));
    reportTransition(cluster, next);
    Duration delay =
        Heartbeat.nextDelay(
            next, outcome, clock.instant(), config.heartbeatInterval(), config.errorBackoffMax());
    UpdateControl<ServiceCluster> control =
        next.equals(cluster.getStatus())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(StatusPatches.minimal(cluster, next, ServiceCluster::new));
    return control.rescheduleAfter(delay);
  }

  @Override
  public DeleteControl cleanup(ServiceCluster cluster, Context<ServiceCluster> ctx) {
    List<String> dependents = assignmentsOf(ctx.getClient(), cluster);
    if (!dependents.isEmpty()) {
      String message =
          "Deletion waits for the ServiceClusterAssignments "
              + dependents
              + ": their namespaces in the service cluster are removed first. Delete them (or"
              + " the Catalogs that requested them).";
      ServiceClusterStatus status =
          cluster.getStatus() == null
              ? new ServiceClusterStatus()
              : StatusPatches.copy(cluster.getStatus());
      if (status.setCondition(
          Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, message)
              .withObservedGeneration(cluster.getMetadata().getGeneration()),
          clock)) {
        ctx.getClient()
            .resource(StatusPatches.minimal(cluster, status, ServiceCluster::new))
            .patchStatus();
        LOG.infof(
            "%s/%s: deletion waits for assignments %s", ns(cluster), name(cluster), dependents);
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.heartbeatInterval());
    }
    clients.close(ns(cluster), name(cluster));
    metrics.remove(ns(cluster), name(cluster));
    LOG.infof("%s/%s: deleted, client closed", ns(cluster), name(cluster));
    return DeleteControl.defaultDelete();
  }

  /** Connects (reusing the cached client) and asks for the version, timing the request. */
  private Outcome heartbeat(ServiceCluster cluster) {
    ServiceClusterConnection connection;
    try {
      connection = clients.connect(cluster);
    } catch (ConnectionException e) {
      return Outcome.failed(e);
    }
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

  private void reportTransition(ServiceCluster cluster, ServiceClusterStatus next) {
    if (ReadyTransitions.changed(cluster.getStatus(), next) && next.isReady()) {
      LOG.infof(
          "%s/%s: reachable, Kubernetes %s",
          ns(cluster), name(cluster), next.getKubernetesVersion());
    }
    ReadyTransitions.report(events, LOG, cluster, cluster.getStatus(), next);
  }

  private static List<String> assignmentsOf(KubernetesClient client, ServiceCluster cluster) {
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
        .map(a -> a.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String ns(ServiceCluster c) {
    return c.getMetadata().getNamespace();
  }

  private static String name(ServiceCluster c) {
    return c.getMetadata().getName();
  }
}
