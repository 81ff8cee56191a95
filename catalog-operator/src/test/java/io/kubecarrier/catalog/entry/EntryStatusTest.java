package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.catalog.InstanceCounter;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import java.time.Instant;
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
  void eventsReportProblemsAndReadinessNotWaitsOrWithdrawals() {
    CatalogEntryStatus created =
        status(
            Condition.ofFalse(ConditionTypes.READY, Reasons.DISCOVERY_PENDING, "no discovery yet"),
            Condition.ofFalse(ConditionTypes.WITHDRAWN, Reasons.NOTHING_WITHDRAWN, "nothing"));
    assertThat(notes(null, created)).isEmpty();

    CatalogEntryStatus establishing =
        status(
            Condition.ofFalse(ConditionTypes.ESTABLISHED, Reasons.PROGRESSING, "waiting"),
            Condition.ofFalse(ConditionTypes.READY, Reasons.PROGRESSING, "waiting"),
            Condition.ofFalse(ConditionTypes.WITHDRAWN, Reasons.NOTHING_WITHDRAWN, "nothing"));
    assertThat(notes(created, establishing)).isEmpty();

    CatalogEntryStatus ready =
        status(
            Condition.ofTrue(ConditionTypes.ESTABLISHED, Reasons.CRD_ESTABLISHED, "established"),
            Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "serves regions eu"),
            Condition.ofTrue(ConditionTypes.WITHDRAWN, Reasons.INSTANCES_KEPT, "kept in team-a"));
    assertThat(notes(establishing, ready))
        .containsExactly(
            new ConditionEvents.Note(EventRecorder.NORMAL, Reasons.READY, "serves regions eu"));

    CatalogEntryStatus waiting =
        status(
            Condition.ofTrue(ConditionTypes.ESTABLISHED, Reasons.CRD_ESTABLISHED, "established"),
            Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, "waits for team-a/x"),
            Condition.ofFalse(ConditionTypes.WITHDRAWN, Reasons.NOTHING_WITHDRAWN, "nothing"));
    assertThat(notes(ready, waiting))
        .containsExactly(
            new ConditionEvents.Note(
                EventRecorder.WARNING, Reasons.DEPENDENTS_EXIST, "waits for team-a/x"));
    // the same again is no new event
    assertThat(notes(waiting, waiting)).isEmpty();

    CatalogEntryStatus refused =
        status(
            Condition.ofFalse(ConditionTypes.ESTABLISHED, Reasons.COLLISION, "names refused"),
            Condition.ofFalse(ConditionTypes.READY, Reasons.COLLISION, "names refused"));
    assertThat(notes(ready, refused))
        .containsExactly(
            new ConditionEvents.Note(
                EventRecorder.WARNING, Reasons.COLLISION, "Established: names refused"));
  }

  private static List<ConditionEvents.Note> notes(
      CatalogEntryStatus before, CatalogEntryStatus after) {
    return ConditionEvents.notes(
        EntryStatus.problems(before).getConditions(), EntryStatus.problems(after).getConditions());
  }

  private static CatalogEntryStatus status(Condition... conditions) {
    CatalogEntryStatus s = new CatalogEntryStatus();
    for (Condition c : conditions) {
      s.setCondition(c, Instant.EPOCH);
    }
    return s;
  }

  @Test
  void instancesOutsideTheOfferedRegionsAreFoundByOneSelector() {
    assertThat(InstanceCounter.outsideSelector(List.of("eu-west-1", "us-east-1")))
        .isEqualTo("kubecarrier.io/region,kubecarrier.io/region notin (eu-west-1,us-east-1)");
    assertThat(InstanceCounter.outsideSelector(List.of())).isEqualTo("kubecarrier.io/region");
  }
}
