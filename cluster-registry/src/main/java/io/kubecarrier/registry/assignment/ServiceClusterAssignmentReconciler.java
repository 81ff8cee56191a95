package io.kubecarrier.registry.assignment;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.registry.RegistryConfig;
import io.kubecarrier.registry.connect.ConnectionException;
import io.kubecarrier.registry.connect.Failures;
import io.kubecarrier.registry.connect.ServiceClusterGate;
import io.kubecarrier.registry.connect.ServiceClusterGate.Passage;
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
 * Gives a management namespace its namespace in a service cluster: creates {@code
 * kc-<managementNamespace>} there with our ownership labels (never taking over a namespace without
 * them), binds KubeCarrier's service-cluster identity to {@code kubecarrier-service-namespace} in
 * it, and records it in {@code status.serviceClusterNamespace}. On deletion it deletes that
 * namespace and waits until it is gone; while the cluster is unreachable, deletion waits and says
 * so.
 */
@ControllerConfiguration(
    name = ServiceClusterAssignmentReconciler.NAME,
    finalizerName = Finalizers.CLUSTER_REGISTRY)
@RBACRule(
    apiGroups = ServiceCluster.GROUP,
    resources = ServiceCluster.PLURAL,
    verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
public final class ServiceClusterAssignmentReconciler
    implements Reconciler<ServiceClusterAssignment>, Cleaner<ServiceClusterAssignment> {

  public static final String NAME = "serviceclusterassignment";
  public static final String FIELD_MANAGER = "cluster-registry";

  private static final Logger LOG = Logger.getLogger(ServiceClusterAssignmentReconciler.class);
  private static final Duration DELETION_POLL = Duration.ofSeconds(2);

  private final ServiceClusterGate gate;
  private final EventRecorder events;
  private final RegistryConfig config;
  private final Clock clock;

  @Inject
  public ServiceClusterAssignmentReconciler(
      ServiceClusterGate gate, EventRecorder events, RegistryConfig config, Clock clock) {
    this.gate = gate;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ServiceClusterAssignment>> prepareEventSources(
      EventSourceContext<ServiceClusterAssignment> context) {
    return List.of(
        ServiceClusterGate.eventSource(
            context,
            ServiceClusterAssignment.class,
            a -> a.getSpec() == null ? null : a.getSpec().getServiceCluster().getName()));
  }

  @Override
  public UpdateControl<ServiceClusterAssignment> reconcile(
      ServiceClusterAssignment assignment, Context<ServiceClusterAssignment> context) {
    ServiceClusterAssignmentStatus next;
    Duration retry = config.heartbeatInterval();
    Passage passage = gate.enter(context, assignment, serviceCluster(assignment));
    if (passage instanceof Passage.Open open) {
      next = ensureNamespace(assignment, open);
      if (next.isReady()) {
        retry = config.assignmentResyncInterval();
      }
    } else {
      Passage.Closed closed = (Passage.Closed) passage;
      next =
          AssignmentStatus.blocked(assignment, closed.reason(), closed.message(), clock.instant());
    }
    ReadyTransitions.report(events, LOG, assignment, assignment.getStatus(), next);
    return patchIfChanged(assignment, next).rescheduleAfter(retry);
  }

  @Override
  public DeleteControl cleanup(
      ServiceClusterAssignment assignment, Context<ServiceClusterAssignment> context) {
    String namespace = ServiceNamespaces.name(assignment);
    Passage passage = gate.enter(context, assignment, serviceCluster(assignment));
    if (passage instanceof Passage.Open open) {
      return deleteNamespace(context.getClient(), assignment, open, namespace);
    }
    Passage.Closed closed = (Passage.Closed) passage;
    if (closed.missing()) {
      String message =
          "ServiceCluster "
              + serviceCluster(assignment)
              + " no longer exists, so namespace "
              + namespace
              + " in it cannot be deleted; it is left in place.";
      LOG.warnf("%s: %s", ref(assignment), message);
      events.warning(assignment, Reasons.SERVICE_CLUSTER_NOT_FOUND, message);
      return DeleteControl.defaultDelete();
    }
    return waitForDeletion(
        context.getClient(),
        assignment,
        AssignmentStatus.blocked(
            assignment,
            closed.reason(),
            "Deletion of namespace "
                + namespace
                + " waits for the service cluster. "
                + closed.message(),
            clock.instant()),
        config.heartbeatInterval());
  }

  /** Creates or checks the service-side namespace and its RoleBinding; returns the new status. */
  private ServiceClusterAssignmentStatus ensureNamespace(
      ServiceClusterAssignment assignment, Passage.Open open) {
    String namespace = ServiceNamespaces.name(assignment);
    KubernetesClient client = open.connection().client();
    try {
      Namespace existing = client.namespaces().withName(namespace).get();
      if (existing == null) {
        client.namespaces().resource(ServiceNamespaces.desired(assignment)).create();
        LOG.infof(
            "%s: created namespace %s in service cluster %s",
            ref(assignment), namespace, serviceCluster(assignment));
      } else if (!ServiceNamespaces.ownedBy(existing, assignment)) {
        return AssignmentStatus.namespaceProblem(
            assignment,
            Reasons.NAMESPACE_CONFLICT,
            "Namespace "
                + namespace
                + " already exists in service cluster "
                + serviceCluster(assignment)
                + " and was not created by KubeCarrier for this namespace and provider; it is"
                + " never taken over. Delete or rename it there.",
            clock.instant());
      } else if (ServiceNamespaces.terminating(existing)) {
        return AssignmentStatus.namespaceProblem(
            assignment,
            Reasons.NAMESPACE_TERMINATING,
            "Namespace "
                + namespace
                + " is being deleted in the service cluster; it is"
                + " created again once it is gone.",
            clock.instant());
      }
      client
          .rbac()
          .roleBindings()
          .inNamespace(namespace)
          .resource(
              ServiceNamespaceRoleBindings.desired(
                  namespace,
                  config.serviceNamespaceRoleBinding(),
                  config.serviceNamespaceClusterRole(),
                  open.connection().identity()))
          .fieldManager(FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
      return AssignmentStatus.ready(assignment, namespace, clock.instant());
    } catch (KubernetesClientException e) {
      ConnectionException failure = Failures.classify(e, open.connection().server());
      return AssignmentStatus.blocked(
          assignment,
          failure.isTransient() ? Reasons.CLUSTER_UNREACHABLE : failure.reason(),
          "Creating namespace " + namespace + " failed: " + failure.getMessage(),
          clock.instant());
    }
  }

  /** Deletes the namespace if it is ours, and lets the finalizer go once it is gone. */
  private DeleteControl deleteNamespace(
      KubernetesClient management,
      ServiceClusterAssignment assignment,
      Passage.Open open,
      String namespace) {
    KubernetesClient client = open.connection().client();
    try {
      Namespace existing = client.namespaces().withName(namespace).get();
      if (existing == null || !ServiceNamespaces.ownedBy(existing, assignment)) {
        LOG.infof("%s: namespace %s is gone, finalizer removed", ref(assignment), namespace);
        return DeleteControl.defaultDelete();
      }
      if (!ServiceNamespaces.terminating(existing)) {
        client.namespaces().withName(namespace).delete();
        LOG.infof(
            "%s: deleting namespace %s in service cluster %s",
            ref(assignment), namespace, serviceCluster(assignment));
      }
      return waitForDeletion(
          management,
          assignment,
          AssignmentStatus.namespaceProblem(
              assignment,
              Reasons.DELETING,
              "Waiting for namespace "
                  + namespace
                  + " to be deleted in service cluster "
                  + serviceCluster(assignment)
                  + ".",
              clock.instant()),
          DELETION_POLL);
    } catch (KubernetesClientException e) {
      ConnectionException failure = Failures.classify(e, open.connection().server());
      return waitForDeletion(
          management,
          assignment,
          AssignmentStatus.blocked(
              assignment,
              failure.isTransient() ? Reasons.CLUSTER_UNREACHABLE : failure.reason(),
              "Deleting namespace " + namespace + " failed: " + failure.getMessage(),
              clock.instant()),
          config.heartbeatInterval());
    }
  }

  private DeleteControl waitForDeletion(
      KubernetesClient management,
      ServiceClusterAssignment assignment,
      ServiceClusterAssignmentStatus next,
      Duration retry) {
    if (!next.equals(assignment.getStatus())) {
      ReadyTransitions.report(events, LOG, assignment, assignment.getStatus(), next);
      management
          .resource(StatusPatches.minimal(assignment, next, ServiceClusterAssignment::new))
          .patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
  }

  private static UpdateControl<ServiceClusterAssignment> patchIfChanged(
      ServiceClusterAssignment assignment, ServiceClusterAssignmentStatus next) {
    return next.equals(assignment.getStatus())
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(
            StatusPatches.minimal(assignment, next, ServiceClusterAssignment::new));
  }

  private static String serviceCluster(ServiceClusterAssignment a) {
    return a.getSpec().getServiceCluster().getName();
  }

  private static String ref(ServiceClusterAssignment a) {
    return a.getMetadata().getNamespace() + "/" + a.getMetadata().getName();
  }
}
