package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.awaitReady;
import static io.kubecarrier.account.Fixtures.create;
import static io.kubecarrier.account.Fixtures.deleteAndAwaitGone;
import static io.kubecarrier.account.Fixtures.management;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.testkit.Access;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An account that loses the Tenant role keeps its {@code kubecarrier:tenant} RoleBinding (reading
 * Offerings and connection Secrets) while tenant instances remain in its namespace, and loses it
 * once they are gone; without instances it goes at once.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class TenantAccessKeptIT {

  private static final List<AccountRole> BOTH = List.of(AccountRole.Provider, AccountRole.Tenant);
  private static final List<AccountRole> PROVIDER = List.of(AccountRole.Provider);
  private static final String OFFERINGS = "offerings.catalog.kubecarrier.io";
  private static final String TENANT_BINDING = "kubecarrier:tenant";

  @Test
  void theTenantBindingIsKeptWhileInstancesRemain() {
    String name = unique("keep");
    create(name, BOTH, Subject.user(name));
    awaitReady(name);
    Access user = Access.as(management(), name);
    try (TenantCrds crds = TenantCrds.create(name)) {
      crds.createWidget(name, "w1");

      setRoles(name, PROVIDER);
      awaitRbacMessage(name, "is kept while 1 tenant instance(s) remain");
      assertThat(Fixtures.ready(name)).isTrue();
      assertThat(rbacReady(name).getStatus()).isEqualTo(Condition.TRUE);
      assertThat(rbacReady(name).getMessage()).contains("Widget/w1");
      assertThat(AccountLifecycleIT.bindings(name).get(TENANT_BINDING).getMetadata().getLabels())
          .containsEntry(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE);
      assertThat(user.can("list", OFFERINGS, name)).isTrue();
      assertThat(user.can("get", "secrets", name)).isTrue();
      try (KubernetesClient tenant = management().impersonating(name)) {
        assertThat(tenant.resources(Offering.class).inNamespace(name).list().getItems()).isEmpty();
      }

      // the role comes back while the binding is kept: an ordinary binding again
      setRoles(name, BOTH);
      waiting("the binding is no longer marked withdrawn")
          .until(
              () ->
                  !AccountLifecycleIT.bindings(name)
                      .get(TENANT_BINDING)
                      .getMetadata()
                      .getLabels()
                      .containsKey(Labels.WITHDRAWN));
      awaitReady(name);
      assertThat(rbacReady(name).getMessage()).doesNotContain("kept");

      setRoles(name, PROVIDER);
      awaitRbacMessage(name, "is kept while 1 tenant instance(s) remain");

      // the tenant deletes its last instance: the binding goes (re-checked, nothing to watch)
      crds.deleteWidget(name, "w1");
      waiting("the kubecarrier:tenant RoleBinding goes with the last instance")
          .until(() -> !AccountLifecycleIT.bindings(name).containsKey(TENANT_BINDING));
      waiting("reading offerings is denied").until(() -> !user.can("list", OFFERINGS, name));
      waiting("RBACReady no longer mentions a kept binding")
          .until(() -> !rbacReady(name).getMessage().contains("kept"));
      assertThat(AccountLifecycleIT.bindings(name)).containsOnlyKeys("kubecarrier:provider");
    }
    deleteAndAwaitGone(name);
    AccountLifecycleIT.assertNothingLeft(name);
  }

  @Test
  void withoutInstancesTheTenantBindingGoesAtOnce() {
    String name = unique("drop");
    create(name, BOTH, Subject.user(name));
    awaitReady(name);
    assertThat(Access.as(management(), name).can("list", OFFERINGS, name)).isTrue();

    setRoles(name, PROVIDER);
    awaitReady(name);
    assertThat(AccountLifecycleIT.bindings(name)).containsOnlyKeys("kubecarrier:provider");
    assertThat(rbacReady(name).getMessage()).doesNotContain("kept");
    assertThat(Access.as(management(), name).can("list", OFFERINGS, name)).isFalse();
    deleteAndAwaitGone(name);
  }

  private static void setRoles(String name, List<AccountRole> roles) {
    admin()
        .resources(Account.class)
        .withName(name)
        .edit(
            a -> {
              a.getSpec().setRoles(roles);
              return a;
            });
  }

  private static Condition rbacReady(String name) {
    return Fixtures.condition(name, ConditionTypes.RBAC_READY).orElseThrow();
  }

  private static void awaitRbacMessage(String name, String text) {
    waiting("RBACReady says " + text)
        .until(
            () ->
                Fixtures.condition(name, ConditionTypes.RBAC_READY)
                    .map(c -> c.getMessage().contains(text))
                    .orElse(false));
  }
}
