package io.kubecarrier.registry.assignment;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Instant;

/**
 * The statuses of a ServiceClusterAssignment, each built from the previous one so that {@code
 * lastTransitionTime} moves only on real changes. Pure, tested on its own.
 */
public final class AssignmentStatus {

  private AssignmentStatus() {}

  /** The namespace exists and is ours: recorded, {@code NamespaceCreated=True}, {@code Ready}. */
  public static ServiceClusterAssignmentStatus ready(
      ServiceClusterAssignment a, String namespace, Instant now) {
    return ready(a, namespace, exists(a, namespace), now);
  }

  /** {@link #ready(ServiceClusterAssignment, String, Instant)} with its own {@code message}. */
  public static ServiceClusterAssignmentStatus ready(
      ServiceClusterAssignment a, String namespace, String message, Instant now) {
    ServiceClusterAssignmentStatus s = recorded(a, namespace, message, now);
    set(s, a, Condition.ofTrue(ConditionTypes.READY, Reasons.READY, message), now);
    return s;
  }

  /**
   * The assignment is being deleted but still held (by the propagation agent's finalizer, while
   * instances are placed through it). {@code usable} is what the namespace is as {@code reconcile}
   * finds it: when it is ready, the namespace stays recorded and usable and {@code Ready} stays
   * {@code True}, reason {@link Reasons#IN_USE}, with {@code hold} as its message; otherwise its
   * {@code Ready} keeps status and reason and says both.
   */
  public static ServiceClusterAssignmentStatus held(
      ServiceClusterAssignment a, ServiceClusterAssignmentStatus usable, String hold, Instant now) {
    ServiceClusterAssignmentStatus s = StatusPatches.copy(usable);
    Condition ready = usable.getCondition(ConditionTypes.READY).orElseThrow();
    if (Condition.TRUE.equals(ready.getStatus())) {
      set(s, a, Condition.ofTrue(ConditionTypes.READY, Reasons.IN_USE, hold), now);
    } else {
      set(
          s,
          a,
          Condition.of(
              ConditionTypes.READY,
              ready.getStatus(),
              ready.getReason(),
              hold + " Meanwhile the namespace cannot be used: " + ready.getMessage()),
          now);
    }
    return s;
  }

  /**
   * No name can be used, every one tried is foreign: nothing recorded, {@code NamespaceCreated} and
   * {@code Ready} {@code False}/{@link Reasons#NAMESPACE_CONFLICT}.
   */
  public static ServiceClusterAssignmentStatus conflict(
      ServiceClusterAssignment a, String message, Instant now) {
    ServiceClusterAssignmentStatus s =
        namespaceProblem(a, Reasons.NAMESPACE_CONFLICT, message, now);
    s.setServiceClusterNamespace(null);
    return s;
  }

  /**
   * The namespace cannot be (or is no longer) used: {@code NamespaceCreated=False} and {@code
   * Ready=False} with {@code reason} ({@link Reasons#NAMESPACE_CONFLICT}, {@link
   * Reasons#NAMESPACE_TERMINATING}).
   */
  public static ServiceClusterAssignmentStatus namespaceProblem(
      ServiceClusterAssignment a, String reason, String message, Instant now) {
    ServiceClusterAssignmentStatus s = start(a);
    set(s, a, Condition.ofFalse(ConditionTypes.NAMESPACE_CREATED, reason, message), now);
    set(s, a, Condition.ofFalse(ConditionTypes.READY, reason, message), now);
    return s;
  }

  /**
   * The namespace exists and is ours, but binding KubeCarrier's identity in it failed: recorded,
   * {@code NamespaceCreated=True} with {@code created} (what {@link #ready} would say), {@code
   * Ready=False} with {@code reason}.
   */
  public static ServiceClusterAssignmentStatus unbound(
      ServiceClusterAssignment a,
      String namespace,
      String created,
      String reason,
      String message,
      Instant now) {
    ServiceClusterAssignmentStatus s = recorded(a, namespace, created, now);
    set(s, a, Condition.ofFalse(ConditionTypes.READY, reason, message), now);
    return s;
  }

  /**
   * The service cluster cannot be used now: {@code Ready=False} with the reason; what is known of
   * the namespace stays ({@code NamespaceCreated} {@code Unknown} if nothing is).
   */
  public static ServiceClusterAssignmentStatus blocked(
      ServiceClusterAssignment a, String reason, String message, Instant now) {
    ServiceClusterAssignmentStatus s = start(a);
    if (s.getCondition(ConditionTypes.NAMESPACE_CREATED).isEmpty()) {
      set(s, a, Condition.ofUnknown(ConditionTypes.NAMESPACE_CREATED, reason, message), now);
    }
    set(s, a, Condition.ofFalse(ConditionTypes.READY, reason, message), now);
    return s;
  }

  private static ServiceClusterAssignmentStatus recorded(
      ServiceClusterAssignment a, String namespace, String message, Instant now) {
    ServiceClusterAssignmentStatus s = start(a);
    s.setServiceClusterNamespace(ObjectReference.of(namespace));
    set(
        s,
        a,
        Condition.ofTrue(ConditionTypes.NAMESPACE_CREATED, Reasons.NAMESPACE_CREATED, message),
        now);
    return s;
  }

  private static String exists(ServiceClusterAssignment a, String namespace) {
    return "Namespace "
        + namespace
        + " exists in service cluster "
        + a.getSpec().getServiceCluster().getName()
        + ".";
  }

  private static ServiceClusterAssignmentStatus start(ServiceClusterAssignment a) {
    ServiceClusterAssignmentStatus s =
        a.getStatus() == null
            ? new ServiceClusterAssignmentStatus()
            : StatusPatches.copy(a.getStatus());
    s.setObservedGeneration(a.getMetadata().getGeneration());
    return s;
  }

  private static void set(
      ServiceClusterAssignmentStatus s, ServiceClusterAssignment a, Condition c, Instant now) {
    s.setCondition(c.withObservedGeneration(a.getMetadata().getGeneration()), now);
  }
}
