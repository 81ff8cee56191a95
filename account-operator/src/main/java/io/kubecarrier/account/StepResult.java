package io.kubecarrier.account;

import io.kubecarrier.api.common.Condition;

/**
 * Outcome of one step of a reconcile, as the condition it sets on the Account.
 *
 * @param type condition type, from {@link io.kubecarrier.api.common.ConditionTypes}
 * @param status {@link Condition#TRUE}, {@link Condition#FALSE} or {@link Condition#UNKNOWN}
 * @param reason a constant of {@link io.kubecarrier.api.common.Reasons}
 * @param message what happened and, when not True, what to do
 */
public record StepResult(String type, String status, String reason, String message) {

  public static StepResult ok(String type, String reason, String message) {
    return new StepResult(type, Condition.TRUE, reason, message);
  }

  public static StepResult failed(String type, String reason, String message) {
    return new StepResult(type, Condition.FALSE, reason, message);
  }

  public static StepResult waiting(String type, String reason, String message) {
    return new StepResult(type, Condition.UNKNOWN, reason, message);
  }

  public boolean isOk() {
    return Condition.TRUE.equals(status);
  }

  /** The condition, for {@code generation}. */
  public Condition toCondition(Long generation) {
    return Condition.of(type, status, reason, message).withObservedGeneration(generation);
  }
}
