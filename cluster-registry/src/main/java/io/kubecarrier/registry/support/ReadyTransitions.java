package io.kubecarrier.registry.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Logs and records an Event when an object's {@code Ready} condition changes its status or reason,
 * and only then: a lasting error is reported once, not on every retry.
 */
public final class ReadyTransitions {

  private ReadyTransitions() {}

  /** Whether {@code Ready} differs in status or reason between the two statuses. */
  public static boolean changed(KubeCarrierStatus before, KubeCarrierStatus after) {
    Optional<Condition> b =
        Optional.ofNullable(before).flatMap(s -> s.getCondition(ConditionTypes.READY));
    Optional<Condition> a =
        Optional.ofNullable(after).flatMap(s -> s.getCondition(ConditionTypes.READY));
    if (b.isEmpty() || a.isEmpty()) {
      return b.isPresent() != a.isPresent();
    }
    return !Objects.equals(b.get().getStatus(), a.get().getStatus())
        || !Objects.equals(b.get().getReason(), a.get().getReason());
  }

  public static void report(
      EventRecorder events,
      Logger log,
      HasMetadata object,
      KubeCarrierStatus before,
      KubeCarrierStatus after) {
    if (!changed(before, after)) {
      return;
    }
    Condition ready = after.getCondition(ConditionTypes.READY).orElseThrow();
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    if (Condition.TRUE.equals(ready.getStatus())) {
      log.infof("%s/%s: ready (%s)", ns, name, ready.getMessage());
      events.normal(object, ready.getReason(), ready.getMessage());
    } else {
      log.warnf("%s/%s: not ready, %s: %s", ns, name, ready.getReason(), ready.getMessage());
      events.warning(object, ready.getReason(), ready.getMessage());
    }
  }
}
