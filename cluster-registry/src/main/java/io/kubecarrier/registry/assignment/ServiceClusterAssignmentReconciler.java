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
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.ownership.FinalizerRelease;
import io.kubecarrier.operator.runtime.UnsettledResync;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.RegistryConfig;
import io.kubecarrier.registry.connect.ServiceClusterGate;
import io.kubecarrier.registry.connect.ServiceClusterGate.Passage;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives a (provider, tenant namespace) its namespace in a service cluster: {@code
 * kc-<provider>-<tenant>}, or the first deterministic alternative when that name is taken by a
 * namespace that is not ours (never taken over), with our ownership labels; binds KubeCarrier's
 * service-cluster identity to {@code kubecarrier-service-namespace} in it, and records it in {@code
 * status.serviceClusterNamespace}.
 *
 * <p>Deletion waits while another finalizer holds the assignment (the propagation agent's, while
 * instances are placed through it), keeping the namespace usable; then deletes the namespace and
 * waits until it is gone. While the cluster does not answer it waits and says so, unless the
 * ServiceCluster is gone or let go ({@code kubecarrier.io/let-go: "true"}): then the finalizer goes
 * with a Warning event naming the namespace left behind.
 */
// Not generation-aware: the propagation agent lets go of a deleting assignment by removing its
// finalizer, a metadata change that leaves the generation alone (and JOSDK passes only the first
// update of a resource marked for deletion); generation-aware, the namespace deletion would wait
// for the next resync (kubecarrier.registry.assignment-resync-interval, 60 s), and a catalog
// published again meanwhile could not create its new assignment (found by ./kc chaos).
@ControllerConfiguration(
    name = ServiceClusterAssignmentReconciler.NAME,
    finalizerName = Finalizers.CLUSTER_REGISTRY,
    generationAwareEventProcessing = false)
@RBACRule(
    apiGroups = ServiceCluster.GROUP,
    resources = ServiceCluster.PLURAL,
    verbs = {"get", "list", "watch"})
// events: create, and patch to count a repeated event on the one written before (EventRecorder)
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create", "patch"})
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
  private final Event<AssignmentReleased> released;

  @Inject
  public ServiceClusterAssignmentReconciler(
      ServiceClusterGate gate,
      EventRecorder events,
      RegistryConfig config,
      Clock clock,
      Event<AssignmentReleased> released) {
    this.gate = gate;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.released = released;
  }

  @Override
  public List<EventSource<?, ServiceClusterAssignment>> prepareEventSources(
      EventSourceContext<ServiceClusterAssignment> context) {
    return List.of(
        ServiceClusterGate.eventSource(
            context,
            ServiceClusterAssignment.class,
            a -> a.getSpec() == null ? null : a.getSpec().getServiceCluster().getName()),
        UnsettledResync.every(config.heartbeatInterval(), context));
  }

  @Override
  public UpdateControl<ServiceClusterAssignment> reconcile(
      ServiceClusterAssignment assignment, Context<ServiceClusterAssignment> context) {
    Passage passage = gate.enter(context, assignment, serviceCluster(assignment));
    ServiceClusterAssignmentStatus next = usable(assignment, passage);
    ConditionEvents.report(events, assignment, assignment.getStatus(), next);
    return patchIfChanged(assignment, next).rescheduleAfter(retryAfter(next));
  }

  @Override
  public DeleteControl cleanup(
      ServiceClusterAssignment assignment, Context<ServiceClusterAssignment> context) {
    Passage passage = gate.enter(context, assignment, serviceCluster(assignment));
    List<String> holders = holders(assignment);
    if (!holders.isEmpty()) {
      return waitForHolders(context.getClient(), assignment, passage, holders);
    }
    if (passage instanceof Passage.Open open) {
      return deleteNamespaces(context, assignment, open);
    }
    return withoutCluster(context, assignment, (Passage.Closed) passage);
  }

  /** The namespace ensured through an open passage, or why the cluster cannot be used now. */
  private ServiceClusterAssignmentStatus usable(
      ServiceClusterAssignment assignment, Passage passage) {
    if (passage instanceof Passage.Open open) {
      return ensureNamespace(assignment, open);
    }
    Passage.Closed closed = (Passage.Closed) passage;
    return AssignmentStatus.blocked(assignment, closed.reason(), closed.message(), clock.instant());
  }

  /**
   * Deletion while other finalizers hold the assignment: the namespace and its RoleBinding stay
   * ensured and recorded, {@code Ready} stays as {@code reconcile} finds it ({@code InUse} when
   * usable). Their removal is an update of the assignment, which runs this again.
   */
  private DeleteControl waitForHolders(
      KubernetesClient management,
      ServiceClusterAssignment assignment,
      Passage passage,
      List<String> holders) {
    ServiceClusterAssignmentStatus usable = usable(assignment, passage);
    String namespace =
        usable.getServiceClusterNamespace() == null
            ? null
            : usable.getServiceClusterNamespace().getName();
    ServiceClusterAssignmentStatus next =
        AssignmentStatus.held(
            assignment, usable, holdMessage(assignment, namespace, holders), clock.instant());
    return waitWith(management, assignment, next, retryAfter(next));
  }

  /**
   * Through an open passage: deletes the namespaces of {@link ServiceNamespaces#toDelete} that are
   * ours, and lets the finalizer go once none is left.
   */
  private DeleteControl deleteNamespaces(
      Context<ServiceClusterAssignment> context,
      ServiceClusterAssignment assignment,
      Passage.Open open) {
    KubernetesClient management = context.getClient();
    KubernetesClient client = open.connection().client();
    List<String> pending = new ArrayList<>();
    try {
      for (String name : ServiceNamespaces.toDelete(assignment)) {
        Namespace existing = client.namespaces().withName(name).get();
        if (ServiceNamespaces.presence(existing, assignment) != ServiceNamespaces.Presence.OURS) {
          continue;
        }
        pending.add(name + ServiceNamespaces.whyStillThere(existing));
        if (!ServiceNamespaces.terminating(existing)) {
          client.namespaces().withName(name).delete();
          LOG.infof(
              "%s: deleting namespace %s in service cluster %s",
              ref(assignment), name, serviceCluster(assignment));
        }
      }
    } catch (KubernetesClientException e) {
      ConnectionException failure = ServiceClusterGate.failure(e, open.connection());
      return waitWith(
          management,
          assignment,
          AssignmentStatus.blocked(
              assignment,
              failure.reason(),
              "Deleting "
                  + namespaceOf(assignment)
                  + " in service cluster "
                  + serviceCluster(assignment)
                  + " failed: "
                  + failure.getMessage(),
              clock.instant()),
          config.heartbeatInterval());
    }
    if (pending.isEmpty()) {
      LOG.infof(
          "%s: %s is gone from service cluster %s, finalizer removed",
          ref(assignment), namespaceOf(assignment), serviceCluster(assignment));
      return letGo(context, assignment);
    }
    return waitWith(
        management,
        assignment,
        AssignmentStatus.namespaceProblem(
            assignment,
            Reasons.DELETING,
            "Waiting for namespace "
                + String.join(", ", pending)
                + " to be deleted in service cluster "
                + serviceCluster(assignment)
                + ".",
            clock.instant()),
        DELETION_POLL);
  }

  /**
   * Deletion while the service cluster cannot be used: the finalizer goes when the ServiceCluster
   * is gone or let go (a Warning event names what stays behind); otherwise it waits.
   */
  private DeleteControl withoutCluster(
      Context<ServiceClusterAssignment> context,
      ServiceClusterAssignment assignment,
      Passage.Closed closed) {
    String sc = serviceCluster(assignment);
    String clusterRef = assignment.getMetadata().getNamespace() + "/" + sc;
    if (closed.missing()) {
      return release(
          context,
          assignment,
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster "
              + clusterRef
              + " no longer exists, so "
              + namespaceOf(assignment)
              + " in it cannot be deleted; it is left in place.");
    }
    if (closed.letGo()) {
      return release(
          context,
          assignment,
          Reasons.LET_GO,
          "ServiceCluster "
              + clusterRef
              + " is let go ("
              + Annotations.LET_GO
              + ": \"true\") and cannot be used ("
              + closed.reason()
              + "): "
              + namespaceOf(assignment)
              + " is left behind in that cluster, with everything in it.");
    }
    return waitWith(
        context.getClient(),
        assignment,
        AssignmentStatus.blocked(
            assignment,
            closed.reason(),
            "Deletion of "
                + namespaceOf(assignment)
                + " waits for the service cluster. "
                + closed.message()
                + " If the cluster is gone for good, annotate ServiceCluster "
                + sc
                + " with "
                + Annotations.LET_GO
                + ": \"true\" to let go of it (the namespace then stays behind there).",
            clock.instant()),
        config.heartbeatInterval());
  }

  /**
   * Creates (or finds) the service-side namespace and its RoleBinding; returns the new status. The
   * name is chosen by {@link ServiceNamespaces#choose}; a create that loses a race with someone
   * else's namespace of that name chooses again. A request the service cluster fails or refuses
   * gives {@code Ready=False} with the reason of {@link ServiceClusterGate#failure} and the API
   * server's message.
   */
  private ServiceClusterAssignmentStatus ensureNamespace(
      ServiceClusterAssignment assignment, Passage.Open open) {
    KubernetesClient client = open.connection().client();
    String sc = serviceCluster(assignment);
    String doing = null;
    try {
      for (int round = 0; ; round++) {
        doing = "Looking up " + namespaceOf(assignment) + " in service cluster " + sc;
        Map<String, Namespace> seen = new HashMap<>();
        ServiceNamespaces.Choice choice =
            ServiceNamespaces.choose(
                ServiceNamespaces.recorded(assignment),
                ServiceNamespaces.candidates(assignment),
                name -> {
                  Namespace ns = client.namespaces().withName(name).get();
                  seen.put(name, ns);
                  return ServiceNamespaces.presence(ns, assignment);
                });
        if (!choice.found()) {
          return AssignmentStatus.conflict(
              assignment, conflictMessage(assignment, choice.foreign()), clock.instant());
        }
        String namespace = choice.name();
        if (choice.presence() == ServiceNamespaces.Presence.ABSENT) {
          doing = "Creating namespace " + namespace + " in service cluster " + sc;
          try {
            client.namespaces().resource(ServiceNamespaces.desired(assignment, namespace)).create();
          } catch (KubernetesClientException e) {
            if (ApiErrors.isConflict(e) && round == 0) {
              continue; // created by someone else meanwhile: look again
            }
            throw e;
          }
          LOG.infof(
              "%s: created namespace %s in service cluster %s%s",
              ref(assignment),
              namespace,
              sc,
              choice.foreign().isEmpty()
                  ? ""
                  : " (" + String.join(", ", choice.foreign()) + " exist there and are not ours)");
        } else if (ServiceNamespaces.terminating(seen.get(namespace))) {
          return AssignmentStatus.namespaceProblem(
              assignment,
              Reasons.NAMESPACE_TERMINATING,
              "Namespace "
                  + namespace
                  + " is being deleted in the service cluster; it is"
                  + " created again once it is gone.",
              clock.instant());
        }
        try {
          bind(open, namespace);
        } catch (KubernetesClientException e) {
          ConnectionException failure = bindingFailure(e, open, namespace);
          return AssignmentStatus.unbound(
              assignment,
              namespace,
              readyMessage(assignment, namespace),
              failure.reason(),
              failure.getMessage(),
              clock.instant());
        }
        return AssignmentStatus.ready(
            assignment, namespace, readyMessage(assignment, namespace), clock.instant());
      }
    } catch (KubernetesClientException e) {
      ConnectionException failure = ServiceClusterGate.failure(e, open.connection());
      return AssignmentStatus.blocked(
          assignment,
          failure.reason(),
          doing + " failed: " + failure.getMessage(),
          clock.instant());
    }
  }

  /**
   * Binds {@code service-namespace-cluster-role} to KubeCarrier's identity in the service cluster
   * with the RoleBinding {@code service-namespace-role-binding} in {@code namespace}.
   */
  private void bind(Passage.Open open, String namespace) {
    open.connection()
        .client()
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
  }

  /** Why {@link #bind} failed, with what to do when the existing RoleBinding cannot be changed. */
  private ConnectionException bindingFailure(
      KubernetesClientException e, Passage.Open open, String namespace) {
    ConnectionException failure = ServiceClusterGate.failure(e, open.connection());
    String binding = config.serviceNamespaceRoleBinding();
    String message =
        "Binding ClusterRole "
            + config.serviceNamespaceClusterRole()
            + " with RoleBinding "
            + binding
            + " in namespace "
            + namespace
            + " of service cluster "
            + open.cluster().getMetadata().getName()
            + " failed: "
            + failure.getMessage();
    if (Reasons.REQUEST_REJECTED.equals(failure.reason()) && !failure.isTransient()) {
      // in practice: someone changed its roleRef, which the API server never lets change again
      message +=
          " If RoleBinding "
              + binding
              + " there was changed by someone else, delete it; it is created again.";
    }
    return new ConnectionException(failure.reason(), message, failure.isTransient());
  }

  /** Lets the finalizer go without deleting the namespace, with a Warning event saying so. */
  private DeleteControl release(
      Context<ServiceClusterAssignment> context,
      ServiceClusterAssignment assignment,
      String reason,
      String message) {
    LOG.warnf("%s: %s Finalizer removed.", ref(assignment), message);
    events.warning(assignment, reason, message);
    return letGo(context, assignment);
  }

  /** Removes our finalizer ({@link FinalizerRelease}) and fires {@link AssignmentReleased}. */
  private DeleteControl letGo(
      Context<ServiceClusterAssignment> context, ServiceClusterAssignment assignment) {
    DeleteControl done = FinalizerRelease.release(context, assignment);
    released.fire(
        new AssignmentReleased(
            assignment.getMetadata().getNamespace(),
            assignment.getMetadata().getName(),
            assignment.getMetadata().getUid()));
    return done;
  }

  /** Patches the status of a waiting deletion when it changed, and waits {@code retry}. */
  private DeleteControl waitWith(
      KubernetesClient management,
      ServiceClusterAssignment assignment,
      ServiceClusterAssignmentStatus next,
      Duration retry) {
    if (!next.equals(assignment.getStatus())) {
      ConditionEvents.report(events, assignment, assignment.getStatus(), next);
      management
          .resource(StatusPatches.minimal(assignment, next, ServiceClusterAssignment::new))
          .patchStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
  }

  private Duration retryAfter(ServiceClusterAssignmentStatus next) {
    return next.isReady() ? config.assignmentResyncInterval() : config.heartbeatInterval();
  }

  /** The finalizers other than ours: while any is there, the deletion waits. */
  static List<String> holders(ServiceClusterAssignment a) {
    List<String> finalizers = a.getMetadata().getFinalizers();
    return finalizers == null
        ? List.of()
        : finalizers.stream().filter(f -> !Finalizers.CLUSTER_REGISTRY.equals(f)).toList();
  }

  /** What a held deletion waits for, and how to see it. */
  static String holdMessage(ServiceClusterAssignment a, String namespace, List<String> holders) {
    String sc = serviceCluster(a);
    String where = namespace == null ? "its namespace" : "namespace " + namespace;
    StringBuilder m = new StringBuilder();
    List<String> others = new ArrayList<>(holders);
    if (others.remove(Finalizers.PROPAGATION_AGENT)) {
      m.append("Deletion waits for the instances placed in ")
          .append(where)
          .append(" of service cluster ")
          .append(sc)
          .append(" (finalizer ")
          .append(Finalizers.PROPAGATION_AGENT)
          .append(
              "): they keep running until their tenants delete them. See them with: kubectl -n ")
          .append(a.getSpec().getManagementNamespace().getName())
          .append(" get <kind> -l ")
          .append(Labels.REGION)
          .append("=")
          .append(sc)
          .append(" (for each kind offered there).");
      if (!others.isEmpty()) {
        m.append(" It also waits for the finalizers ").append(others).append('.');
      }
    } else {
      m.append("Deletion waits for the finalizers ")
          .append(others)
          .append(" of other controllers; ")
          .append(where)
          .append(" in service cluster ")
          .append(sc)
          .append(" stays usable meanwhile.");
    }
    return m.toString();
  }

  private static String readyMessage(ServiceClusterAssignment a, String namespace) {
    String message =
        "Namespace " + namespace + " exists in service cluster " + serviceCluster(a) + ".";
    List<String> candidates = ServiceNamespaces.candidates(a);
    int attempt = candidates.indexOf(namespace);
    if (attempt > 0) {
      message +=
          " It is alternative name "
              + attempt
              + ": "
              + String.join(", ", candidates.subList(0, attempt))
              + " existed there, not created by KubeCarrier for this tenant namespace and"
              + " provider, when it was chosen; they are left alone.";
    }
    return message;
  }

  private static String conflictMessage(ServiceClusterAssignment a, List<String> tried) {
    return "Namespaces "
        + String.join(", ", tried)
        + " already exist in service cluster "
        + serviceCluster(a)
        + " and none was created by KubeCarrier for tenant namespace "
        + a.getSpec().getManagementNamespace().getName()
        + " and provider "
        + a.getMetadata().getNamespace()
        + "; they are never taken over. Delete or rename one of them there.";
  }

  /** The namespace of {@code a} for messages: the recorded one, or what it would be. */
  private static String namespaceOf(ServiceClusterAssignment a) {
    String recorded = ServiceNamespaces.recorded(a);
    return recorded != null
        ? "namespace " + recorded
        : "its namespace (none recorded; one of "
            + String.join(", ", ServiceNamespaces.candidates(a))
            + " if it was created)";
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
