package io.kubecarrier.propagation.status;

import static io.kubecarrier.propagation.TestInstances.T0;
import static io.kubecarrier.propagation.TestInstances.T1;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.propagation.placement.Placement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status of a tenant instance: what is copied, what is kept, when it is written. */
class InstanceStatusTest {

  @Test
  void statusIsWrittenOnlyWhenItChangesAndTransitionTimesStay() {
    Placement pl = new Placement("acme", "eu-west-1", "kc-a");
    Map<String, Object> first =
        InstanceStatus.from(Map.of())
            .copied(Map.of("phase", "Running"))
            .placement(pl)
            .observedGeneration(3L)
            .synced()
            .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
            .build(T0)
            .orElseThrow();
    assertThat(first).containsEntry("phase", "Running");
    Map<String, Object> block = InstanceStatus.block(first);
    assertThat(block)
        .containsEntry("serviceCluster", "eu-west-1")
        .containsEntry("serviceNamespace", "kc-a")
        .containsEntry("observedGeneration", 3L)
        .containsEntry("lastSyncTime", "2026-01-01T00:00:00Z");
    // same inputs later: nothing to write
    assertThat(
            InstanceStatus.from(first)
                .copied(Map.of("phase", "Running"))
                .placement(pl)
                .observedGeneration(3L)
                .synced()
                .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
                .build(T1))
        .isEmpty();
    // unreachable: the copied status stays, the condition changes, its time moves
    Map<String, Object> later =
        InstanceStatus.from(first)
            .condition(
                Condition.ofFalse(
                    ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.CLUSTER_UNREACHABLE, "down"))
            .build(T1)
            .orElseThrow();
    assertThat(later).containsEntry("phase", "Running");
    List<Condition> conds = InstanceStatus.conditions(later);
    assertThat(conds)
        .extracting(Condition::getType)
        .containsExactly(ConditionTypes.SYNCED, ConditionTypes.SERVICE_CLUSTER_REACHABLE);
    assertThat(conds.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(InstanceStatus.block(later)).containsEntry("lastSyncTime", "2026-01-01T00:00:00Z");
  }
}
