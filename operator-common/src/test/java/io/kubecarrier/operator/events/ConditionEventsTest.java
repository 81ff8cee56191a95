package io.kubecarrier.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.operator.events.ConditionEvents.Note;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionEventsTest {

  private static Condition c(String type, String status, String reason, String message) {
    return Condition.of(type, status, reason, message);
  }

  @Test
  void aConditionTurningFalseIsOneWarningAndReadyTrueOneNormal() {
    List<Condition> broken =
        List.of(
            c("NamespaceReady", "False", "NamespaceConflict", "taken"),
            c("Ready", "False", "NamespaceConflict", "taken"));
    assertThat(ConditionEvents.notes(List.of(), broken))
        .containsExactly(
            new Note(EventRecorder.WARNING, "NamespaceConflict", "NamespaceReady: taken"));
    assertThat(ConditionEvents.notes(broken, broken)).as("unchanged: nothing").isEmpty();
    List<Condition> fixed =
        List.of(
            c("NamespaceReady", "True", "NamespaceCreated", "ok"),
            c("Ready", "True", "Ready", "all good"));
    assertThat(ConditionEvents.notes(broken, fixed))
        .containsExactly(new Note(EventRecorder.NORMAL, "Ready", "all good"));
  }

  @Test
  void readyFalseWithoutAnotherReasonIsAWarning() {
    List<Condition> after = List.of(c("Ready", "False", "DependentsExist", "waits for 2"));
    assertThat(ConditionEvents.notes(null, after))
        .containsExactly(new Note(EventRecorder.WARNING, "DependentsExist", "waits for 2"));
    List<Condition> newMessage = List.of(c("Ready", "False", "DependentsExist", "waits for 1"));
    assertThat(ConditionEvents.notes(after, newMessage)).hasSize(1);
  }
}
