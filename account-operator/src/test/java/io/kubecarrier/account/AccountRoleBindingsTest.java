package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.HubAccess;
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
        .containsExactly(
            "kubecarrier:provider",
            "kubecarrier:tenant",
            HubAccess.REGISTRY_CREDENTIALS,
            HubAccess.AGENT_COPIES,
            HubAccess.AGENT_CREDENTIALS);
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
  void hubOperatorsGetSecretRightsByRoleAndKeepTheProvidersWhileServiceClustersRemain() {
    Account tenant = account(List.of(AccountRole.Tenant), Subject.user("t"));
    List<RoleBinding> rbs = AccountRoleBindings.desired(tenant);
    assertThat(rbs)
        .extracting(rb -> rb.getMetadata().getName())
        .containsExactly("kubecarrier:tenant", HubAccess.AGENT_COPIES);
    RoleBinding copies = rbs.get(1);
    assertThat(copies.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(copies.getRoleRef().getName()).isEqualTo(HubAccess.AGENT_COPIES);
    assertThat(copies.getSubjects())
        .extracting(s -> s.getKind() + ":" + s.getNamespace() + ":" + s.getName())
        .containsExactly("ServiceAccount:kubecarrier-system:propagation-agent");
    assertThat(copies.getMetadata().getLabels()).containsEntry(Labels.ACCOUNT, "acme");
    // the Provider role is gone, its ServiceClusters are not: the kubeconfigs stay readable
    assertThat(
            AccountRoleBindings.desired(tenant, AccountRoleBindings.TenantBindingKept.NONE, true))
        .extracting(rb -> rb.getMetadata().getName())
        .containsExactly(
            "kubecarrier:tenant",
            HubAccess.REGISTRY_CREDENTIALS,
            HubAccess.AGENT_COPIES,
            HubAccess.AGENT_CREDENTIALS);
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

  static RoleBinding existing(String namespace, String name) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .build();
  }

  @Test
  void onlyATenantBindingWithoutTheTenantRoleIsCheckedForInstances() {
    Account provider = account(List.of(AccountRole.Provider), Subject.user("a"));
    Account both = account(List.of(AccountRole.Provider, AccountRole.Tenant), Subject.user("a"));
    RoleBinding tenant = existing("acme", "kubecarrier:tenant");
    assertThat(AccountRoleBindings.tenantBindingWithoutRole(provider, List.of(tenant))).isTrue();
    assertThat(AccountRoleBindings.tenantBindingWithoutRole(both, List.of(tenant))).isFalse();
    assertThat(
            AccountRoleBindings.tenantBindingWithoutRole(
                provider, List.of(existing("acme", "kubecarrier:provider"))))
        .isFalse();
    assertThat(
            AccountRoleBindings.tenantBindingWithoutRole(
                provider, List.of(existing("other", "kubecarrier:tenant"))))
        .isFalse();
    // nothing to check: no listing at all (the client is never used)
    assertThat(AccountRoleBindings.tenantBindingKept(null, both, List.of(tenant)).kept()).isFalse();
  }

  @Test
  void aKeptTenantBindingIsDesiredAndLabelledWithdrawn() {
    Account provider = account(List.of(AccountRole.Provider), Subject.user("a"));
    var kept =
        new AccountRoleBindings.TenantBindingKept(
            List.of(HubObjects.Found.instance("Widget", "w1", false)));
    List<RoleBinding> rbs = AccountRoleBindings.desired(provider, kept);
    assertThat(rbs)
        .extracting(rb -> rb.getMetadata().getName())
        .containsExactly(
            "kubecarrier:provider",
            "kubecarrier:tenant",
            HubAccess.REGISTRY_CREDENTIALS,
            HubAccess.AGENT_COPIES,
            HubAccess.AGENT_CREDENTIALS);
    assertThat(rbs.get(0).getMetadata().getLabels()).doesNotContainKey(Labels.WITHDRAWN);
    RoleBinding tenant = rbs.get(1);
    assertThat(tenant.getMetadata().getLabels())
        .containsEntry(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE)
        .containsEntry(Labels.ACCOUNT, "acme");
    assertThat(tenant.getRoleRef().getName()).isEqualTo(AccountRoles.TENANT_CLUSTER_ROLE);
    assertThat(tenant.getSubjects()).extracting(s -> s.getName()).containsExactly("a");
    assertThat(AccountRoleBindings.desired(provider, AccountRoleBindings.TenantBindingKept.NONE))
        .extracting(rb -> rb.getMetadata().getName())
        .containsExactly(
            "kubecarrier:provider", HubAccess.REGISTRY_CREDENTIALS, HubAccess.AGENT_CREDENTIALS);
    assertThat(AccountRoleBindings.appliedMessage(provider, kept))
        .startsWith("roles [Provider] are bound to 1 subject(s) in namespace acme; ")
        .contains("kubecarrier:tenant is kept while 1 tenant instance(s) remain");
  }

  @Test
  void theWithdrawnLabelComesAndGoesWithTheRole() {
    Account provider = account(List.of(AccountRole.Provider), Subject.user("a"));
    Account tenant = account(List.of(AccountRole.Tenant), Subject.user("a"));
    var kept =
        new AccountRoleBindings.TenantBindingKept(
            List.of(HubObjects.Found.instance("Widget", "w1", false)));
    RoleBinding withdrawn = AccountRoleBindings.desired(provider, kept).get(1);
    RoleBinding published = AccountRoleBindings.desired(tenant).get(0);
    assertThat(AccountRoleBindings.matches(published, withdrawn)).isFalse();
    assertThat(AccountRoleBindings.matches(withdrawn, published)).isFalse();
    assertThat(AccountRoleBindings.matches(withdrawn, withdrawn)).isTrue();
    // the role is back while instances remain: a normal binding, normal message
    assertThat(AccountRoleBindings.desired(tenant, kept).get(0).getMetadata().getLabels())
        .doesNotContainKey(Labels.WITHDRAWN);
    assertThat(AccountRoleBindings.appliedMessage(tenant, kept)).doesNotContain("kept");
  }
}
