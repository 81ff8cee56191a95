package io.kubecarrier.account;

import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the status of an Account from the outcome of its reconcile steps. Starts from a copy of
 * the current status, so {@code lastTransitionTime} moves only on a real transition, and the caller
 * can compare old and new to skip a write that changes nothing.
 */
public final class AccountStatusFactory {

  /** Sub-conditions this operator writes besides Ready. */
  static final Set<String> SUB_CONDITIONS =
      Set.of(
          ConditionTypes.NAMESPACE_READY, ConditionTypes.RBAC_READY, ConditionTypes.TENANTS_READY);

  private AccountStatusFactory() {}

  /** A deep copy of {@code account}'s status (an empty status when it has none). */
  public static AccountStatus copyOf(Account account) {
    return Objects.requireNonNullElseGet(
        StatusPatches.copy(account.getStatus()), AccountStatus::new);
  }

  /**
   * The status after a reconcile: one condition per step, sub-conditions without a step removed,
   * and Ready summarising them (True when all are True, otherwise False with the reason and message
   * of the first step that is not).
   */
  public static AccountStatus reconciled(Account account, List<StepResult> steps, Clock clock) {
    Long generation = account.getMetadata().getGeneration();
    AccountStatus status = copyOf(account);
    status.setObservedGeneration(generation);
    boolean namespaceReady =
        steps.stream().anyMatch(s -> s.type().equals(ConditionTypes.NAMESPACE_READY) && s.isOk());
    status.setNamespace(
        namespaceReady ? ObjectReference.of(account.getMetadata().getName()) : null);
    for (String type : SUB_CONDITIONS) {
      if (steps.stream().noneMatch(s -> s.type().equals(type))) {
        status.removeCondition(type);
      }
    }
    for (StepResult step : steps) {
      status.setCondition(step.toCondition(generation), clock);
    }
    status.setCondition(ready(account, steps).toCondition(generation), clock);
    return status;
  }

  static StepResult ready(Account account, List<StepResult> steps) {
    return steps.stream()
        .filter(s -> !s.isOk())
        .findFirst()
        .map(s -> StepResult.failed(ConditionTypes.READY, s.reason(), s.message()))
        .orElseGet(
            () ->
                StepResult.ok(
                    ConditionTypes.READY,
                    Reasons.READY,
                    "namespace "
                        + account.getMetadata().getName()
                        + " is ready for the roles "
                        + account.getSpec().getRoles().stream().distinct().sorted().toList()));
  }

  /** The status while the Account is being deleted: Ready=False with why deletion waits. */
  public static AccountStatus deleting(Account account, StepResult ready, Clock clock) {
    AccountStatus status = copyOf(account);
    status.setCondition(ready.toCondition(account.getMetadata().getGeneration()), clock);
    return status;
  }

  /** The status after an unexpected error: Ready=False with reason ReconcileError. */
  public static AccountStatus failed(Account account, Exception e, Clock clock) {
    return deleting(
        account,
        StepResult.failed(
            ConditionTypes.READY,
            Reasons.RECONCILE_ERROR,
            "reconcile failed: " + ApiErrors.describe(e) + "; the operator retries with back-off"),
        clock);
  }

  /** A minimal Account that carries only identity and {@code status}, for a status patch. */
  public static Account statusPatch(Account account, AccountStatus status) {
    return StatusPatches.minimal(account, status, Account::new);
  }

  /** Whether {@code status} differs from the stored status of {@code account}. */
  public static boolean changed(Account account, AccountStatus status) {
    return !status.equals(copyOf(account));
  }
}
