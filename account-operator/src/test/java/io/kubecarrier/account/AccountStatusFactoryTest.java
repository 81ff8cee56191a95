package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountStatusFactoryTest {

  static final Clock T0 = Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2025-01-01T11:00:00Z"), ZoneOffset.UTC);

  static Account account(long generation, AccountRole... roles) {
    Account a = Fixtures.account("acme", List.of(roles), List.of(Subject.user("alice")));
    a.getMetadata().setGeneration(generation);
    return a;
  }

  static final List<StepResult> ALL_OK =
      List.of(
          StepResult.ok(ConditionTypes.NAMESPACE_READY, Reasons.NAMESPACE_CREATED, "ns"),
          StepResult.ok(ConditionTypes.RBAC_READY, Reasons.RBAC_APPLIED, "rbac"),
          StepResult.ok(ConditionTypes.TENANTS_READY, Reasons.TENANTS_SYNCED, "tenants"));

  @Test
  void readyWhenEveryStepIsOk() {
    Account a = account(3, AccountRole.Provider);
    AccountStatus s = AccountStatusFactory.reconciled(a, ALL_OK, T0);
    assertThat(s.isReady()).isTrue();
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.getNamespace().getName()).isEqualTo("acme");
    assertThat(s.getConditions())
        .hasSize(4)
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    assertThat(s.getCondition(ConditionTypes.READY).orElseThrow().getMessage())
        .contains("namespace acme", "Provider");
  }

  @Test
  void readyTakesReasonAndMessageOfTheFirstFailingStep() {
    Account a = account(1, AccountRole.Tenant);
    AccountStatus s =
        AccountStatusFactory.reconciled(
            a,
            List.of(
                StepResult.failed(
                    ConditionTypes.NAMESPACE_READY, Reasons.NAMESPACE_CONFLICT, "taken"),
                StepResult.waiting(ConditionTypes.RBAC_READY, Reasons.PROGRESSING, "waits")),
            T0);
    Condition ready = s.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready.getReason()).isEqualTo(Reasons.NAMESPACE_CONFLICT);
    assertThat(ready.getMessage()).isEqualTo("taken");
    assertThat(s.getNamespace()).isNull();
    assertThat(s.getCondition(ConditionTypes.RBAC_READY).orElseThrow().getStatus())
        .isEqualTo(Condition.UNKNOWN);
  }

  @Test
  void secondReconcileChangesNothingAndKeepsTransitionTimes() {
    Account a = account(2, AccountRole.Provider);
    a.setStatus(AccountStatusFactory.reconciled(a, ALL_OK, T0));
    AccountStatus again = AccountStatusFactory.reconciled(a, ALL_OK, T1);
    assertThat(AccountStatusFactory.changed(a, again)).isFalse();
    assertThat(again.getConditions())
        .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z"));
  }

  @Test
  void transitionTimeMovesOnlyOnARealTransition() {
    Account a = account(2, AccountRole.Provider);
    a.setStatus(AccountStatusFactory.reconciled(a, ALL_OK, T0));
    AccountStatus failed =
        AccountStatusFactory.reconciled(
            a,
            List.of(
                ALL_OK.get(0),
                StepResult.failed(ConditionTypes.RBAC_READY, Reasons.RBAC_FAILED, "forbidden"),
                ALL_OK.get(2)),
            T1);
    assertThat(failed.getCondition(ConditionTypes.RBAC_READY).orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-01-01T11:00:00Z");
    assertThat(
            failed
                .getCondition(ConditionTypes.NAMESPACE_READY)
                .orElseThrow()
                .getLastTransitionTime())
        .isEqualTo("2025-01-01T10:00:00Z");
    assertThat(AccountStatusFactory.changed(a, failed)).isTrue();
  }

  @Test
  void tenantsReadyGoesWhenTheProviderRoleGoes() {
    Account a = account(1, AccountRole.Provider, AccountRole.Tenant);
    a.setStatus(AccountStatusFactory.reconciled(a, ALL_OK, T0));
    Account tenantOnly = account(2, AccountRole.Tenant);
    tenantOnly.setStatus(a.getStatus());
    AccountStatus s = AccountStatusFactory.reconciled(tenantOnly, ALL_OK.subList(0, 2), T1);
    assertThat(s.getCondition(ConditionTypes.TENANTS_READY)).isEmpty();
    assertThat(s.isReady()).isTrue();
  }

  @Test
  void failedStatusCarriesTheError() {
    Account a = account(1, AccountRole.Tenant);
    AccountStatus s = AccountStatusFactory.failed(a, new IllegalStateException("boom"), T0);
    Condition ready = s.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Reasons.RECONCILE_ERROR);
    assertThat(ready.getMessage()).contains("boom", "retries");
  }

  @Test
  void statusPatchIsMinimal() {
    Account a = account(1, AccountRole.Tenant);
    a.getMetadata().setResourceVersion("42");
    a.getMetadata().setUid("u");
    AccountStatus s = AccountStatusFactory.reconciled(a, ALL_OK.subList(0, 2), T0);
    Account patch = AccountStatusFactory.statusPatch(a, s);
    assertThat(patch.getSpec()).isNull();
    assertThat(patch.getMetadata().getName()).isEqualTo("acme");
    assertThat(patch.getMetadata().getResourceVersion()).isNull();
    assertThat(patch.getStatus()).isSameAs(s);
  }
}
