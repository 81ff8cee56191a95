package io.kubecarrier.registry.servicecluster;

import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a ServiceCluster's {@code Ready} says beyond the heartbeat ({@link Heartbeat#next}): that it
 * is let go, and, while its deletion waits, which assignments it waits for and what each of them
 * waits for. Pure, tested on its own.
 */
public final class ClusterStatuses {

  /** Assignments named one by one in a waiting deletion's message; the rest are counted. */
  static final int LISTED = 10;

  static final String LET_GO_NOTE =
      " Let go ("
          + Annotations.LET_GO
          + ": \"true\"): deletions that wait for this cluster while it does not answer finish"
          + " without it and leave their objects behind there.";

  private ClusterStatuses() {}

  /**
   * {@code status} with the let-go note at the end of the {@code Ready} message when {@code letGo}
   * (changed in place, and returned).
   */
  public static ServiceClusterStatus noteLetGo(
      ServiceClusterStatus status, boolean letGo, Long generation, Instant now) {
    Optional<Condition> ready = status.getCondition(ConditionTypes.READY);
    if (letGo && ready.isPresent() && !ready.get().getMessage().endsWith(LET_GO_NOTE)) {
      Condition c = ready.get();
      status.setCondition(
          Condition.of(
                  ConditionTypes.READY, c.getStatus(), c.getReason(), c.getMessage() + LET_GO_NOTE)
              .withObservedGeneration(generation),
          now);
    }
    return status;
  }

  /**
   * The status of a ServiceCluster whose deletion waits for {@code remaining} (not empty): the
   * heartbeat's {@code beat} (reachability, version, last heartbeat time kept current) with {@code
   * Ready=False}/{@code DependentsExist} listing each assignment with its own {@code Ready}. Its
   * {@code lastTransitionTime} is measured against {@code previous}, not against the heartbeat's
   * own {@code Ready}.
   */
  public static ServiceClusterStatus waitingForAssignments(
      ServiceClusterStatus previous,
      ServiceClusterStatus beat,
      List<ServiceClusterAssignment> remaining,
      boolean letGo,
      Long generation,
      Instant now) {
    ServiceClusterStatus status = StatusPatches.copy(beat);
    Optional<Condition> before =
        previous == null ? Optional.empty() : previous.getCondition(ConditionTypes.READY);
    List<Condition> conditions = status.getConditions();
    for (int i = 0; i < conditions.size(); i++) {
      if (ConditionTypes.READY.equals(conditions.get(i).getType())) {
        if (before.isPresent()) {
          conditions.set(i, before.get().copy());
        } else {
          conditions.remove(i);
        }
        break;
      }
    }
    StringBuilder m = new StringBuilder("Deletion waits for ");
    m.append(remaining.size())
        .append(remaining.size() == 1 ? " ServiceClusterAssignment" : " ServiceClusterAssignments")
        .append(" of this cluster, deleted by the registry: ")
        .append(
            remaining.stream()
                .limit(LISTED)
                .map(ClusterStatuses::describe)
                .collect(Collectors.joining("; ")));
    if (remaining.size() > LISTED) {
      m.append("; and ").append(remaining.size() - LISTED).append(" more");
    }
    m.append(". The heartbeat goes on until they are gone.");
    if (letGo) {
      m.append(LET_GO_NOTE);
    } else if (!status.isConditionTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE)) {
      m.append(" If the cluster is gone for good, annotate this ServiceCluster with ")
          .append(Annotations.LET_GO)
          .append(": \"true\".");
    }
    status.setCondition(
        Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, m.toString())
            .withObservedGeneration(generation),
        now);
    return status;
  }

  /** {@code <name> (Ready=<status> <reason>: <message>)}. */
  static String describe(ServiceClusterAssignment a) {
    String name = a.getMetadata().getName();
    Optional<Condition> ready =
        a.getStatus() == null ? Optional.empty() : a.getStatus().getCondition(ConditionTypes.READY);
    return ready
        .map(
            c ->
                name
                    + " (Ready="
                    + c.getStatus()
                    + " "
                    + c.getReason()
                    + ": "
                    + c.getMessage()
                    + ")")
        .orElse(name + " (no status yet)");
  }
}
