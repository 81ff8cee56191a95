package io.kubecarrier.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00.750Z");
  private static final Instant T1 = Instant.parse("2024-05-01T12:05:00Z");
  private static final Instant T2 = Instant.parse("2024-05-01T12:10:00Z");

  private final List<Condition> conditions = new ArrayList<>();

  @Test
  void addsANewConditionWithTheCurrentTime() {
    boolean changed =
        Conditions.set(conditions, Condition.ofTrue("Ready", Reasons.READY, "all good"), T0);

    assertThat(changed).isTrue();
    assertThat(conditions).hasSize(1);
    Condition c = conditions.get(0);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(c.getReason()).isEqualTo("Ready");
    assertThat(c.getMessage()).isEqualTo("all good");
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T12:00:00Z");
  }

  @Test
  void settingTheSameConditionAgainIsUnchanged() {
    Conditions.set(conditions, ready().withObservedGeneration(3L), T0);
    List<Condition> before = copy(conditions);

    boolean changed = Conditions.set(conditions, ready().withObservedGeneration(3L), T1);

    assertThat(changed).isFalse();
    assertThat(conditions).isEqualTo(before);
  }

  @Test
  void reasonMessageAndGenerationUpdatesKeepTheTransitionTime() {
    Conditions.set(conditions, ready(), T0);

    assertThat(
            Conditions.set(conditions, Condition.ofTrue("Ready", "OtherReason", "still good"), T1))
        .isTrue();
    assertThat(
            Conditions.set(
                conditions,
                Condition.ofTrue("Ready", "OtherReason", "still good").withObservedGeneration(7L),
                T2))
        .isTrue();

    Condition c = Conditions.find(conditions, "Ready").orElseThrow();
    assertThat(c.getReason()).isEqualTo("OtherReason");
    assertThat(c.getMessage()).isEqualTo("still good");
    assertThat(c.getObservedGeneration()).isEqualTo(7L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T12:00:00Z");
  }

  @Test
  void aStatusChangeMovesTheTransitionTime() {
    Conditions.set(conditions, ready(), T0);

    boolean changed =
        Conditions.set(
            conditions, Condition.ofFalse("Ready", Reasons.UNREACHABLE, "connection refused"), T1);

    assertThat(changed).isTrue();
    Condition c = conditions.get(0);
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.UNREACHABLE);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T12:05:00Z");

    // and back
    Conditions.set(conditions, ready(), T2);
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2024-05-01T12:10:00Z");
  }

  @Test
  void theCallersTransitionTimeIsIgnoredAndItsObjectNotStored() {
    Condition desired = ready();
    desired.setLastTransitionTime("1999-01-01T00:00:00Z");

    Conditions.set(conditions, desired, T0);
    desired.setMessage("changed afterwards");

    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(conditions.get(0).getMessage()).isEqualTo("all good");
  }

  @Test
  void aMissingTransitionTimeIsFilledIn() {
    Condition stored = ready();
    conditions.add(stored);

    assertThat(Conditions.set(conditions, ready(), T1)).isTrue();
    assertThat(stored.getLastTransitionTime()).isEqualTo("2024-05-01T12:05:00Z");
  }

  @Test
  void eachTypeOnceOtherTypesUntouched() {
    Conditions.set(conditions, ready(), T0);
    Conditions.set(
        conditions, Condition.ofTrue(ConditionTypes.NAMESPACE_READY, "NamespaceCreated", ""), T0);
    Conditions.set(
        conditions,
        Condition.ofFalse(ConditionTypes.NAMESPACE_READY, Reasons.NAMESPACE_CONFLICT, "taken"),
        T1);

    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly("Ready", "NamespaceReady");
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(conditions.get(1).getLastTransitionTime()).isEqualTo("2024-05-01T12:05:00Z");
  }

  @Test
  void clockVariant() {
    Clock clock = Clock.fixed(T1, ZoneOffset.UTC);
    assertThat(
            Conditions.set(
                conditions, "Ready", Condition.UNKNOWN, Reasons.PROGRESSING, "working", 2L, clock))
        .isTrue();
    assertThat(
            Conditions.set(
                conditions, "Ready", Condition.UNKNOWN, Reasons.PROGRESSING, "working", 2L, clock))
        .isFalse();
    Condition c = conditions.get(0);
    assertThat(c.getObservedGeneration()).isEqualTo(2L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T12:05:00Z");
  }

  @Test
  void queries() {
    assertThat(Conditions.find(null, "Ready")).isEmpty();
    assertThat(Conditions.isTrue(conditions, "Ready")).isFalse();
    assertThat(Conditions.isUnknown(conditions, "Ready")).isTrue();

    Conditions.set(conditions, ready(), T0);
    assertThat(Conditions.isTrue(conditions, "Ready")).isTrue();
    assertThat(Conditions.isFalse(conditions, "Ready")).isFalse();
    assertThat(Conditions.isUnknown(conditions, "Ready")).isFalse();
    assertThat(Conditions.hasStatus(conditions, "Ready", "True")).isTrue();

    assertThat(Conditions.remove(conditions, "Ready")).isTrue();
    assertThat(Conditions.remove(conditions, "Ready")).isFalse();
    assertThat(conditions).isEmpty();
  }

  @Test
  void formatIsRfc3339WithWholeSecondsInUtc() {
    assertThat(Conditions.format(T0)).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(Conditions.parse("2024-05-01T12:00:00Z")).isEqualTo(T0.minusMillis(750));
  }

  @Test
  void statusBaseDelegates() {
    TestStatus status = new TestStatus();
    assertThat(status.isReady()).isFalse();
    assertThat(status.setCondition(ready(), T0)).isTrue();
    assertThat(status.setCondition(ready(), Clock.fixed(T1, ZoneOffset.UTC))).isFalse();
    assertThat(status.isReady()).isTrue();
    assertThat(status.isConditionTrue("Ready")).isTrue();
    assertThat(status.getCondition("Ready"))
        .map(Condition::getLastTransitionTime)
        .contains("2024-05-01T12:00:00Z");
    assertThat(status.removeCondition("Ready")).isTrue();
    assertThat(status.isReady()).isFalse();
  }

  private static Condition ready() {
    return Condition.ofTrue("Ready", Reasons.READY, "all good");
  }

  private static List<Condition> copy(List<Condition> list) {
    List<Condition> copy = new ArrayList<>();
    list.forEach(c -> copy.add(c.copy()));
    return copy;
  }

  static class TestStatus extends KubeCarrierStatus {}
}
