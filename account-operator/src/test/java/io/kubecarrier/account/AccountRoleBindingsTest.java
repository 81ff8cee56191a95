package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountRoleBindingsTest {

  static Account account(List<AccountRole> roles, Subject... subjects) {
    return Fixtures.account("acme", roles, List.of(subjects));
  }

  @Test
  void oneBindingPerRoleToTheRoleClusterRole() {
    List<RoleBinding> rbs =
        AccountRoleBindings.desired(
            account(
                List.of(AccountRole.Tenant, AccountRole.Provider),
                Subject.user("alice"),
                Subject.group("ops"),
                Subject.serviceAccount("ci", "deployer")));
    assertThat(rbs)
        .extracting(rb -> rb.getMetadata().getName())
        .containsExactly("kubecarrier:provider", "kubecarrier:tenant");
    RoleBinding provider = rbs.get(0);
    assertThat(provider.getMetadata().getNamespace()).isEqualTo("acme");
    assertThat(provider.getMetadata().getLabels())
        .containsEntry(Labels.ACCOUNT, "acme")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR);
    assertThat(provider.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(provider.getRoleRef().getName()).isEqualTo(AccountRoles.PROVIDER_CLUSTER_ROLE);
    assertThat(provider.getSubjects())
        .extracting(
            s -> s.getKind() + ":" + s.getApiGroup() + ":" + s.getNamespace() + ":" + s.getName())
        .containsExactly(
            "User:rbac.authorization.k8s.io:null:alice",
            "Group:rbac.authorization.k8s.io:null:ops",
            "ServiceAccount::ci:deployer");
  }

  @Test
  void matchesIgnoresHowTheServerSpellsEmptyFieldsAndExtraLabels() {
    RoleBinding desired =
        AccountRoleBindings.desired(
                account(List.of(AccountRole.Tenant), Subject.serviceAccount("ci", "deployer")))
            .get(0);
    RoleBinding fromServer =
        new RoleBindingBuilder(desired)
            .editMetadata()
            .addToLabels("extra", "x")
            .withResourceVersion("7")
            .endMetadata()
            .editFirstSubject()
            .withApiGroup(null)
            .endSubject()
            .build();
    assertThat(AccountRoleBindings.matches(fromServer, desired)).isTrue();
  }

  @Test
  void aRemovedSubjectOrLabelIsAMismatch() {
    RoleBinding desired =
        AccountRoleBindings.desired(
                account(List.of(AccountRole.Tenant), Subject.user("a"), Subject.user("b")))
            .get(0);
    RoleBinding fewer =
        AccountRoleBindings.desired(account(List.of(AccountRole.Tenant), Subject.user("a"))).get(0);
    assertThat(AccountRoleBindings.matches(desired, fewer)).isFalse();
    RoleBinding unlabelled =
        new RoleBindingBuilder(desired).editMetadata().withLabels(null).endMetadata().build();
    assertThat(AccountRoleBindings.matches(unlabelled, desired)).isFalse();
  }
}
