package io.kubecarrier.propagation.status;

import static io.kubecarrier.propagation.TestInstances.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.propagation.placement.Placement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which of the service object's conditions becomes ServiceReady, and how. */
class ServiceReadinessTest {

  private static Map<String, Object> cond(String type, String status, String reason, String msg) {
    return Map.of("type", type, "status", status, "reason", reason, "message", msg);
  }

  private static Optional<Condition> of(List<Map<String, Object>> conditions) {
    return ServiceReadiness.of(Map.of("conditions", conditions), "eu-west-1", 4L);
  }

  @Test
  void readyIsCopiedWithTheClusterNamed() {
    Condition c =
        of(List.of(
                cond("Progressing", "True", "Rolling", "x"),
                cond("Ready", "False", "BackupRunning", "backup in progress")))
            .orElseThrow();
    assertThat(c.getType()).isEqualTo(ConditionTypes.SERVICE_READY);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("BackupRunning");
    assertThat(c.getMessage()).isEqualTo("[eu-west-1] backup in progress");
    assertThat(c.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void readyIsPreferredThenAvailableThenTheFirstOfTheOthersInOrder() {
    assertThat(
            of(List.of(cond("Available", "True", "A", "a"), cond("Ready", "False", "R", "r")))
                .orElseThrow()
                .getReason())
        .isEqualTo("R");
    Condition available =
        of(List.of(cond("Healthy", "False", "H", "h"), cond("Available", "True", "A", "up")))
            .orElseThrow();
    assertThat(available.getReason()).isEqualTo("A");
    assertThat(available.getMessage()).isEqualTo("[eu-west-1] Available: up");
    assertThat(
            of(List.of(cond("Healthy", "False", "H", "h"), cond("Running", "True", "Run", "r")))
                .orElseThrow()
                .getReason())
        .as("Running comes before Healthy")
        .isEqualTo("Run");
    assertThat(
            of(List.of(
                    cond("AllReplicasReady", "True", "All", ""), cond("Running", "False", "R", "")))
                .orElseThrow()
                .getMessage())
        .isEqualTo("[eu-west-1] AllReplicasReady");
  }

  @Test
  void noReadinessConditionMeansNone() {
    assertThat(of(List.of(cond("Progressing", "True", "P", "p")))).isEmpty();
    assertThat(ServiceReadiness.of(Map.of(), "eu-west-1", 1L)).isEmpty();
    assertThat(ServiceReadiness.of(Map.of("conditions", "garbage"), "eu-west-1", 1L)).isEmpty();
    assertThat(ServiceReadiness.of(null, "eu-west-1", 1L)).isEmpty();
  }

  @Test
  void badValuesBecomeValidOnes() {
    Condition c =
        of(List.of(Map.of("type", "Ready", "status", "yes", "reason", "not a reason!")))
            .orElseThrow();
    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getReason()).as("the condition's type stands in").isEqualTo("Ready");
    assertThat(c.getMessage()).isEqualTo("[eu-west-1]");
  }

  @Test
  void aConditionThatGoesAwayIsRemovedFromTheStatus() {
    Placement pl = new Placement("acme", "eu-west-1", "kc-a");
    Map<String, Object> with =
        InstanceStatus.from(Map.of())
            .placement(pl)
            .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
            .condition(of(List.of(cond("Ready", "True", "Up", "up"))).orElseThrow())
            .build(T0)
            .orElseThrow();
    assertThat(InstanceStatus.conditions(with))
        .extracting(Condition::getType)
        .contains(ConditionTypes.SERVICE_READY);
    Map<String, Object> without =
        InstanceStatus.from(with)
            .placement(pl)
            .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
            .withoutCondition(ConditionTypes.SERVICE_READY)
            .build(T0)
            .orElseThrow();
    assertThat(InstanceStatus.conditions(without))
        .extracting(Condition::getType)
        .containsExactly(ConditionTypes.SYNCED);
  }
}
