package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events about Accounts: a Warning for every condition that turns (or stays, with a new
 * reason or message) False, and a Normal event when the account becomes Ready. Events follow status
 * changes, so a failure that persists is reported once, not on every retry. Events of
 * cluster-scoped objects go to the {@code default} namespace, where {@code kubectl describe} looks.
 */
@ApplicationScoped
public class AccountEvents {

  static final String EVENT_NAMESPACE = "default";
  static final String COMPONENT = "kubecarrier-account-operator";
  private static final Logger LOG = Logger.getLogger(AccountEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  public AccountEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** An event to emit: Normal or Warning, with a reason and a message. */
  public record Note(String type, String reason, String message) {}

  /** The events that the change from {@code before} to {@code after} deserves. */
  public static List<Note> notes(AccountStatus before, AccountStatus after) {
    List<Note> notes = new ArrayList<>();
    for (Condition c : after.getConditions()) {
      if (!Condition.FALSE.equals(c.getStatus()) || ConditionTypes.READY.equals(c.getType())) {
        continue;
      }
      if (isNew(before, c)) {
        notes.add(new Note("Warning", c.getReason(), c.getType() + ": " + c.getMessage()));
      }
    }
    Optional<Condition> ready = Conditions.find(after.getConditions(), ConditionTypes.READY);
    if (ready.isPresent() && isNew(before, ready.get())) {
      Condition c = ready.get();
      if (Condition.TRUE.equals(c.getStatus())) {
        notes.add(new Note("Normal", c.getReason(), c.getMessage()));
      } else if (Condition.FALSE.equals(c.getStatus()) && notes.isEmpty()) {
        notes.add(new Note("Warning", c.getReason(), c.getMessage()));
      }
    }
    return notes;
  }

  private static boolean isNew(AccountStatus before, Condition c) {
    Optional<Condition> old =
        before == null ? Optional.empty() : Conditions.find(before.getConditions(), c.getType());
    return old.isEmpty()
        || !Objects.equals(old.get().getStatus(), c.getStatus())
        || !Objects.equals(old.get().getReason(), c.getReason())
        || !Objects.equals(old.get().getMessage(), c.getMessage());
  }

  /** Emits the events for a status change of {@code account}; failures are logged, not thrown. */
  public void statusChanged(Account account, AccountStatus before, AccountStatus after) {
    for (Note note : notes(before, after)) {
      emit(account, note);
    }
  }

  void emit(Account account, Note note) {
    String name = account.getMetadata().getName();
    String now = Conditions.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(EVENT_NAMESPACE)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(name + ".")
                  .withNamespace(EVENT_NAMESPACE)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(Account.API_VERSION)
                          .withKind(Account.KIND)
                          .withName(name)
                          .withUid(account.getMetadata().getUid())
                          .build())
                  .withType(note.type())
                  .withReason(note.reason())
                  .withMessage(note.message())
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
      LOG.debugf("account %s: event %s %s", name, note.type(), note.reason());
    } catch (RuntimeException e) {
      LOG.warnf("account %s: could not record event %s: %s", name, note.reason(), e.getMessage());
    }
  }
}
