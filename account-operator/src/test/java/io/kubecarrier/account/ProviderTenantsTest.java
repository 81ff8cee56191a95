package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.tenant.Tenant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProviderTenantsTest {

  static Account account(String name, boolean ready, AccountRole... roles) {
    Account a = Fixtures.account(name, List.of(roles), List.of(Subject.user(name)));
    if (ready) {
      a.setStatus(
          AccountStatusFactory.reconciled(
              a, List.of(), AccountStatusFactoryTest.T0)); // no failing step: Ready=True
    }
    return a;
  }

  @Test
  void onlyReadyTenantAccountsThatAreNotDeletingBecomeTenants() {
    Account deleting = account("deleting", true, AccountRole.Tenant);
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
    List<Tenant> tenants =
        ProviderTenants.desired(
            "prov",
            Stream.of(
                account("zeta", true, AccountRole.Tenant),
                account("alpha", true, AccountRole.Provider, AccountRole.Tenant),
                account("notready", false, AccountRole.Tenant),
                account("provider", true, AccountRole.Provider),
                deleting));
    assertThat(tenants).extracting(t -> t.getMetadata().getName()).containsExactly("alpha", "zeta");
    Tenant alpha = tenants.get(0);
    assertThat(alpha.getMetadata().getNamespace()).isEqualTo("prov");
    assertThat(alpha.getMetadata().getLabels())
        .containsEntry(Labels.ACCOUNT, "alpha")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR);
    assertThat(alpha.getSpec().getMetadata().getDisplayName()).isEqualTo("Account alpha");
  }

  @Test
  void providerLabelsDoNotMakeATenantDiffer() {
    Tenant desired =
        ProviderTenants.desired("prov", Stream.of(account("t", true, AccountRole.Tenant))).get(0);
    Tenant actual =
        ProviderTenants.desired("prov", Stream.of(account("t", true, AccountRole.Tenant))).get(0);
    actual.getMetadata().getLabels();
    actual.getMetadata().setLabels(new java.util.HashMap<>(actual.getMetadata().getLabels()));
    actual.getMetadata().getLabels().put("tier", "gold");
    assertThat(ProviderTenants.matches(actual, desired)).isTrue();
    actual.getSpec().getMetadata().setDisplayName("changed");
    assertThat(ProviderTenants.matches(actual, desired)).isFalse();
  }

  @Test
  void readyMeansTheReadyCondition() {
    Account a = account("t", true, AccountRole.Tenant);
    assertThat(a.getStatus().getCondition(ConditionTypes.READY).orElseThrow().getStatus())
        .isEqualTo(Condition.TRUE);
    assertThat(ProviderTenants.isVisibleTenant(a)).isTrue();
    assertThat(ProviderTenants.isVisibleTenant(account("t", false, AccountRole.Tenant))).isFalse();
  }
}
