package io.kubecarrier.registry.assignment;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.registry.support.StatusPatches;
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
    ServiceClusterAssignmentStatus s = start(a);
    s.setServiceClusterNamespace(ObjectReference.of(namespace));
    String message =
        "Namespace "
            + namespace
            + " exists in service cluster "
            + a.getSpec().getServiceCluster().getName()
            + ".";
    set(
        s,
        a,
        Condition.ofTrue(ConditionTypes.NAMESPACE_CREATED, Reasons.NAMESPACE_CREATED, message),
        now);
    set(s, a, Condition.ofTrue(ConditionTypes.READY, Reasons.READY, message), now);
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
