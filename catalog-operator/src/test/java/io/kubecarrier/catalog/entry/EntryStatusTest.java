package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.catalog.InstanceCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryStatusTest {

  @Test
  void nothingKept() {
    Condition c = EntryStatus.withdrawn(Withdrawals.NONE);
    assertThat(c.getType()).isEqualTo(ConditionTypes.WITHDRAWN);
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN);
  }

  @Test
  void namesNamespacesAndRegionsThatKeepInstances() {
    Condition c =
        EntryStatus.withdrawn(
            new Withdrawals(
                List.of("team-a", "team-b"), Map.of("us-east-1", List.of("team-c/cache"))));
    assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(c.getReason()).isEqualTo(Reasons.INSTANCES_KEPT);
    assertThat(c.getMessage())
        .contains("kept in team-a, team-b")
        .contains("region us-east-1 is no longer offered and still holds team-c/cache")
        .doesNotContain("may go on");
  }

  @Test
  void aFullSampleSaysThereMayBeMore() {
    Condition c =
        EntryStatus.withdrawn(
            new Withdrawals(
                List.of(),
                Map.of(
                    "us-east-1",
                    List.of("a/1", "a/2", "a/3", "a/4", "a/5")
                        .subList(0, InstanceCounter.SAMPLE))));
    assertThat(c.getMessage()).contains("may go on").doesNotContain("Offering");
  }

  @Test
  void instancesOutsideTheOfferedRegionsAreFoundByOneSelector() {
    assertThat(InstanceCounter.outsideSelector(List.of("eu-west-1", "us-east-1")))
        .isEqualTo("kubecarrier.io/region,kubecarrier.io/region notin (eu-west-1,us-east-1)");
    assertThat(InstanceCounter.outsideSelector(List.of())).isEqualTo("kubecarrier.io/region");
  }
}
