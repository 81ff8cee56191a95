package io.kubecarrier.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Events that follow status changes, so a failure that persists is reported once and not on every
 * retry: a Warning for each condition other than {@code Ready} that turns False (or stays False
 * with a new reason or message), a Normal event when {@code Ready} turns True, and a Warning when
 * {@code Ready} turns False and no other condition says why.
 */
public final class ConditionEvents {

  private static final Logger LOG = Logger.getLogger(ConditionEvents.class);

  private ConditionEvents() {}

  /** An event to record: {@link EventRecorder#NORMAL} or {@link EventRecorder#WARNING}. */
  public record Note(String type, String reason, String message) {}

  /** The events that the change from {@code before} to {@code after} deserves. */
  public static List<Note> notes(List<Condition> before, List<Condition> after) {
    List<Condition> old = before == null ? List.of() : before;
    List<Note> notes = new ArrayList<>();
    for (Condition c : after) {
      if (Condition.FALSE.equals(c.getStatus())
          && !ConditionTypes.READY.equals(c.getType())
          && isNew(old, c)) {
        notes.add(
            new Note(EventRecorder.WARNING, c.getReason(), c.getType() + ": " + c.getMessage()));
      }
    }
    Optional<Condition> ready = Conditions.find(after, ConditionTypes.READY);
    if (ready.isPresent() && isNew(old, ready.get())) {
      Condition c = ready.get();
      if (Condition.TRUE.equals(c.getStatus())) {
        notes.add(new Note(EventRecorder.NORMAL, c.getReason(), c.getMessage()));
      } else if (Condition.FALSE.equals(c.getStatus()) && notes.isEmpty()) {
        notes.add(new Note(EventRecorder.WARNING, c.getReason(), c.getMessage()));
      }
    }
    return notes;
  }

  /** Records and logs the events of a status change of {@code object}. */
  public static void report(
      EventRecorder events, HasMetadata object, KubeCarrierStatus before, KubeCarrierStatus after) {
    if (after == null) {
      return;
    }
    for (Note note : notes(conditions(before), conditions(after))) {
      String ref = ref(object);
      if (EventRecorder.NORMAL.equals(note.type())) {
        LOG.infof("%s %s: %s (%s)", object.getKind(), ref, note.reason(), note.message());
      } else {
        LOG.warnf("%s %s: %s: %s", object.getKind(), ref, note.reason(), note.message());
      }
      events.record(object, note.type(), note.reason(), note.message());
    }
  }

  private static List<Condition> conditions(KubeCarrierStatus status) {
    return status == null || status.getConditions() == null ? List.of() : status.getConditions();
  }

  private static boolean isNew(List<Condition> before, Condition c) {
    Optional<Condition> old = Conditions.find(before, c.getType());
    return old.isEmpty()
        || !Objects.equals(old.get().getStatus(), c.getStatus())
        || !Objects.equals(old.get().getReason(), c.getReason())
        || !Objects.equals(old.get().getMessage(), c.getMessage());
  }

  private static String ref(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }
}
