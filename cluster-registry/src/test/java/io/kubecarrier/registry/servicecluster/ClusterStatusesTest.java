package io.kubecarrier.registry.servicecluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.servicecluster.Heartbeat.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterStatusesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(40);
  private static final Outcome OK = Outcome.success("v1.35.4");

  @Test
  void aWaitingDeletionListsItsAssignmentsAndKeepsTheHeartbeat() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus beat = Heartbeat.next(ready, OK, 1L, T0.plusSeconds(10), GRACE);
    List<ServiceClusterAssignment> remaining =
        List.of(
            assignment("team-a.eu", Reasons.IN_USE, "Deletion waits for the instances"),
            assignment("team-b.eu", null, null));
    ServiceClusterStatus waiting =
        ClusterStatuses.waitingForAssignments(
            ready, beat, remaining, false, 1L, T0.plusSeconds(10));
    assertThat(waiting.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(waiting.isConditionTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE)).isTrue();
    Condition r = waiting.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(r.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(r.getReason()).isEqualTo(Reasons.DEPENDENTS_EXIST);
    assertThat(r.getMessage())
        .contains("2 ServiceClusterAssignments")
        .contains("team-a.eu (Ready=True InUse: Deletion waits for the instances)")
        .contains("team-b.eu (no status yet)")
        .doesNotContain("let-go");
    assertThat(r.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:10Z");

    // the next heartbeats keep the transition time although Heartbeat.next says Ready each time
    ServiceClusterStatus beat2 = Heartbeat.next(waiting, OK, 1L, T0.plusSeconds(20), GRACE);
    ServiceClusterStatus again =
        ClusterStatuses.waitingForAssignments(
            waiting, beat2, remaining, false, 1L, T0.plusSeconds(20));
    assertThat(again.getCondition(ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:10Z");
    assertThat(again.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:20Z");
    assertThat(again.getConditions()).extracting(Condition::getType).doesNotHaveDuplicates();
  }

  @Test
  void anUnreachableWaitingClusterSuggestsLetGoAndALetGoOneSaysSo() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus down =
        Heartbeat.next(
            ready,
            Outcome.failed(ConnectionException.transientFailure(Reasons.UNREACHABLE, "refused")),
            1L,
            T0.plusSeconds(100),
            GRACE);
    List<ServiceClusterAssignment> one =
        List.of(assignment("t.eu", Reasons.CLUSTER_UNREACHABLE, "w"));
    assertThat(
            ClusterStatuses.waitingForAssignments(ready, down, one, false, 1L, T0.plusSeconds(100))
                .getCondition(ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("1 ServiceClusterAssignment ")
        .contains("annotate this ServiceCluster with kubecarrier.io/let-go: \"true\"");
    assertThat(
            ClusterStatuses.waitingForAssignments(ready, down, one, true, 1L, T0.plusSeconds(100))
                .getCondition(ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("Let go (kubecarrier.io/let-go: \"true\")");
  }

  @Test
  void manyAssignmentsAreCounted() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    List<ServiceClusterAssignment> many =
        IntStream.range(0, 25).mapToObj(i -> assignment("t" + i + ".eu", null, null)).toList();
    assertThat(
            ClusterStatuses.waitingForAssignments(ready, ready, many, false, 1L, T0)
                .getCondition(ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("t9.eu")
        .doesNotContain("t10.eu")
        .contains("and 15 more");
  }

  @Test
  void theLetGoNoteIsAddedOnceAndMovesNoTransitionTime() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus noted =
        ClusterStatuses.noteLetGo(
            Heartbeat.next(ready, OK, 1L, T0.plusSeconds(10), GRACE), true, 1L, T0.plusSeconds(10));
    Condition r = noted.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(r.getMessage()).endsWith(ClusterStatuses.LET_GO_NOTE);
    assertThat(r.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    ServiceClusterStatus twice =
        ClusterStatuses.noteLetGo(StatusPatches.copy(noted), true, 1L, T0.plusSeconds(20));
    assertThat(twice).isEqualTo(noted);
    assertThat(
            ClusterStatuses.noteLetGo(
                    Heartbeat.next(ready, OK, 1L, T0.plusSeconds(10), GRACE),
                    false,
                    1L,
                    T0.plusSeconds(10))
                .getCondition(ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .doesNotContain("let-go");
  }

  private static ServiceClusterAssignment assignment(String name, String reason, String message) {
    ServiceClusterAssignment a = new ServiceClusterAssignment();
    a.getMetadata().setNamespace("p");
    a.getMetadata().setName(name);
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setServiceCluster(ObjectReference.of("eu"));
    spec.setManagementNamespace(ObjectReference.of(name.substring(0, name.indexOf('.'))));
    a.setSpec(spec);
    if (reason != null) {
      ServiceClusterAssignmentStatus s = new ServiceClusterAssignmentStatus();
      s.setCondition(
          Reasons.IN_USE.equals(reason)
              ? Condition.ofTrue(ConditionTypes.READY, reason, message)
              : Condition.ofFalse(ConditionTypes.READY, reason, message),
          T0);
      a.setStatus(s);
    }
    return a;
  }
}
