package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountEventsTest {

  static final StepResult CONFLICT =
      StepResult.failed(ConditionTypes.NAMESPACE_READY, Reasons.NAMESPACE_CONFLICT, "taken");
  static final StepResult WAITING =
      StepResult.waiting(ConditionTypes.RBAC_READY, Reasons.PROGRESSING, "waits");

  static Account account() {
    Account a =
        Fixtures.account("acme", List.of(AccountRole.Tenant), List.of(Subject.user("alice")));
    a.getMetadata().setGeneration(1L);
    return a;
  }

  @Test
  void aNewFailureIsOneWarningNamedAfterTheCondition() {
    Account a = account();
    AccountStatus failed =
        AccountStatusFactory.reconciled(a, List.of(CONFLICT, WAITING), AccountStatusFactoryTest.T0);
    assertThat(AccountEvents.notes(a.getStatus(), failed))
        .containsExactly(
            new AccountEvents.Note("Warning", Reasons.NAMESPACE_CONFLICT, "NamespaceReady: taken"));
  }

  @Test
  void aPersistingFailureIsNotRepeated() {
    Account a = account();
    a.setStatus(
        AccountStatusFactory.reconciled(
            a, List.of(CONFLICT, WAITING), AccountStatusFactoryTest.T0));
    AccountStatus again =
        AccountStatusFactory.reconciled(a, List.of(CONFLICT, WAITING), AccountStatusFactoryTest.T1);
    assertThat(AccountEvents.notes(a.getStatus(), again)).isEmpty();
  }

  @Test
  void becomingReadyIsANormalEvent() {
    Account a = account();
    a.setStatus(
        AccountStatusFactory.reconciled(
            a, List.of(CONFLICT, WAITING), AccountStatusFactoryTest.T0));
    AccountStatus ok =
        AccountStatusFactory.reconciled(
            a,
            List.of(StepResult.ok(ConditionTypes.NAMESPACE_READY, Reasons.NAMESPACE_CREATED, "ok")),
            AccountStatusFactoryTest.T1);
    assertThat(AccountEvents.notes(a.getStatus(), ok))
        .extracting(AccountEvents.Note::type, AccountEvents.Note::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", Reasons.READY));
  }

  @Test
  void aReadyOnlyFailureIsAWarning() {
    Account a = account();
    AccountStatus held =
        AccountStatusFactory.deleting(
            a,
            StepResult.failed(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, "ServiceCluster/x"),
            AccountStatusFactoryTest.T0);
    assertThat(AccountEvents.notes(a.getStatus(), held))
        .containsExactly(
            new AccountEvents.Note("Warning", Reasons.DEPENDENTS_EXIST, "ServiceCluster/x"));
  }
}
