package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.awaitReady;
import static io.kubecarrier.account.Fixtures.create;
import static io.kubecarrier.account.Fixtures.management;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.testkit.Access;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Isolation between accounts, decided by the real RBAC authorizer (SubjectAccessReviews and
 * impersonated requests as the accounts' users), and revocation when roles or subjects change.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class AccessMatrixIT {

  private static final String SECRETS = "secrets";
  private static final String CONFIG_MAPS = "configmaps";
  private static final String NAMESPACES = "namespaces";
  private static final String SERVICE_CLUSTERS = "serviceclusters.kubecarrier.io";
  private static final String ASSIGNMENTS = "serviceclusterassignments.kubecarrier.io";
  private static final String DISCOVERIES = "customresourcediscoveries.kubecarrier.io";
  private static final String ENTRY_SETS = "catalogentrysets.catalog.kubecarrier.io";
  private static final String ENTRIES = "catalogentries.catalog.kubecarrier.io";
  private static final String CATALOGS = "catalogs.catalog.kubecarrier.io";
  private static final String TENANTS = "tenants.catalog.kubecarrier.io";
  private static final String OFFERINGS = "offerings.catalog.kubecarrier.io";
  private static final String PROVIDERS = "providers.catalog.kubecarrier.io";
  private static final String REGIONS = "regions.catalog.kubecarrier.io";
  private static final String ACCOUNTS = "accounts.catalog.kubecarrier.io";

  /** One row of the matrix: who, verb, resource, namespace, expected decision. */
  record Check(String who, Access access, String verb, String resource, String ns, boolean allow) {
    @Override
    public String toString() {
      return (allow ? "ALLOW " : "DENY  ")
          + who
          + " "
          + verb
          + " "
          + resource
          + " in "
          + (ns == null ? "<cluster>" : ns);
    }
  }

  @Test
  void accountsAreIsolated() {
    String p1 = unique("iso-p1");
    String p2 = unique("iso-p2");
    String t1 = unique("iso-t1");
    String t2 = unique("iso-t2");
    String both = unique("iso-pt");
    String p2Group = p2 + "-team";
    create(p1, List.of(AccountRole.Provider), Subject.user(p1 + "-alice"));
    create(p2, List.of(AccountRole.Provider), Subject.group(p2Group));
    create(t1, List.of(AccountRole.Tenant), Subject.user(t1 + "-bob"));
    create(t2, List.of(AccountRole.Tenant), Subject.serviceAccount("default", t2 + "-bot"));
    create(both, List.of(AccountRole.Provider, AccountRole.Tenant), Subject.user(both + "-carol"));
    for (String a : List.of(p1, p2, t1, t2, both)) {
      awaitReady(a);
    }
    var c = management();
    Access alice = Access.as(c, p1 + "-alice");
    Access p2Member = Access.as(c, "dave", p2Group);
    Access bob = Access.as(c, t1 + "-bob");
    Access bot = Access.asServiceAccount(c, "default", t2 + "-bot");
    Access carol = Access.as(c, both + "-carol");

    List<Check> matrix = new ArrayList<>();
    // tenant t1 (user bob)
    matrix.add(new Check("t1-user", bob, "get", OFFERINGS, t1, true));
    matrix.add(new Check("t1-user", bob, "list", OFFERINGS, t1, true));
    matrix.add(new Check("t1-user", bob, "watch", PROVIDERS, t1, true));
    matrix.add(new Check("t1-user", bob, "list", REGIONS, t1, true));
    matrix.add(new Check("t1-user", bob, "create", OFFERINGS, t1, false));
    matrix.add(new Check("t1-user", bob, "get", OFFERINGS, t2, false));
    matrix.add(new Check("t1-user", bob, "list", OFFERINGS, p1, false));
    matrix.add(new Check("t1-user", bob, "get", SECRETS, t1, true));
    // its own Secrets and ConfigMaps (related resources it hands its instances): in its namespace
    for (String verb : List.of("create", "update", "delete")) {
      matrix.add(new Check("t1-user", bob, verb, SECRETS, t1, true));
      matrix.add(new Check("t1-user", bob, verb, CONFIG_MAPS, t1, true));
      matrix.add(new Check("t1-user", bob, verb, SECRETS, t2, false));
      matrix.add(new Check("t1-user", bob, verb, CONFIG_MAPS, p1, false));
    }
    matrix.add(new Check("t1-user", bob, "list", SECRETS, p1, false));
    matrix.add(new Check("t1-user", bob, "list", SECRETS, null, false));
    matrix.add(new Check("t1-user", bob, "list", SERVICE_CLUSTERS, t1, false));
    matrix.add(new Check("t1-user", bob, "get", SERVICE_CLUSTERS, p1, false));
    matrix.add(new Check("t1-user", bob, "list", SERVICE_CLUSTERS, null, false));
    matrix.add(new Check("t1-user", bob, "list", TENANTS, p1, false));
    matrix.add(new Check("t1-user", bob, "list", NAMESPACES, null, false));
    matrix.add(new Check("t1-user", bob, "list", ACCOUNTS, null, false));
    // tenant t2 (a ServiceAccount)
    matrix.add(new Check("t2-sa", bot, "list", OFFERINGS, t2, true));
    matrix.add(new Check("t2-sa", bot, "list", OFFERINGS, t1, false));
    matrix.add(new Check("t2-sa", bot, "get", SECRETS, t2, true));
    matrix.add(new Check("t2-sa", bot, "list", NAMESPACES, null, false));
    // provider p1 (user alice)
    matrix.add(new Check("p1-user", alice, "create", SERVICE_CLUSTERS, p1, true));
    matrix.add(new Check("p1-user", alice, "delete", SERVICE_CLUSTERS, p1, true));
    matrix.add(new Check("p1-user", alice, "create", SECRETS, p1, true));
    matrix.add(new Check("p1-user", alice, "get", SECRETS, p1, true));
    matrix.add(new Check("p1-user", alice, "create", ASSIGNMENTS, p1, true));
    matrix.add(new Check("p1-user", alice, "create", DISCOVERIES, p1, true));
    matrix.add(new Check("p1-user", alice, "create", ENTRY_SETS, p1, true));
    matrix.add(new Check("p1-user", alice, "update", ENTRIES, p1, true));
    matrix.add(new Check("p1-user", alice, "create", CATALOGS, p1, true));
    matrix.add(new Check("p1-user", alice, "list", TENANTS, p1, true));
    matrix.add(new Check("p1-user", alice, "patch", TENANTS, p1, true));
    matrix.add(new Check("p1-user", alice, "create", TENANTS, p1, false));
    matrix.add(new Check("p1-user", alice, "delete", TENANTS, p1, false));
    matrix.add(new Check("p1-user", alice, "patch", SERVICE_CLUSTERS + "/status", p1, false));
    matrix.add(new Check("p1-user", alice, "create", SERVICE_CLUSTERS, p2, false));
    matrix.add(new Check("p1-user", alice, "get", SECRETS, p2, false));
    matrix.add(new Check("p1-user", alice, "get", SECRETS, t1, false));
    matrix.add(new Check("p1-user", alice, "list", SERVICE_CLUSTERS, null, false));
    matrix.add(new Check("p1-user", alice, "get", OFFERINGS, p1, false));
    matrix.add(new Check("p1-user", alice, "list", NAMESPACES, null, false));
    matrix.add(
        new Check("p1-user", alice, "create", "rolebindings.rbac.authorization.k8s.io", p1, false));
    // provider p2 through a group
    matrix.add(new Check("p2-group-member", p2Member, "create", SERVICE_CLUSTERS, p2, true));
    matrix.add(new Check("p2-group-member", p2Member, "list", SECRETS, p2, true));
    matrix.add(new Check("p2-group-member", p2Member, "list", SECRETS, p1, false));
    // provider + tenant
    matrix.add(new Check("pt-user", carol, "create", SERVICE_CLUSTERS, both, true));
    matrix.add(new Check("pt-user", carol, "list", OFFERINGS, both, true));
    matrix.add(new Check("pt-user", carol, "list", OFFERINGS, t1, false));
    matrix.add(new Check("pt-user", carol, "create", SERVICE_CLUSTERS, p1, false));

    List<String> wrong = new ArrayList<>();
    for (Check check : matrix) {
      boolean allowed = check.access().can(check.verb(), check.resource(), check.ns());
      if (allowed != check.allow()) {
        wrong.add(check + " but was " + (allowed ? "allowed" : "denied"));
      }
      System.out.println("access check: " + check);
    }
    assertThat(wrong).as("access decisions that differ from the matrix").isEmpty();
    assertThat(matrix).hasSizeGreaterThanOrEqualTo(20);

    // real requests as the users, not only reviews
    try (KubernetesClient asAlice = management().impersonating(p1 + "-alice")) {
      asAlice
          .secrets()
          .inNamespace(p1)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("kubeconfig")
                  .endMetadata()
                  .addToStringData("kubeconfig", "x")
                  .build())
          .create();
      assertThat(asAlice.secrets().inNamespace(p1).withName("kubeconfig").get()).isNotNull();
      assertThatThrownBy(() -> asAlice.secrets().inNamespace(p2).list())
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
    }
    try (KubernetesClient asBob = management().impersonating(t1 + "-bob")) {
      assertThatThrownBy(() -> asBob.namespaces().list())
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
    }

    for (String a : List.of(p1, p2, t1, t2, both)) {
      admin().resources(Account.class).withName(a).delete();
    }
    for (String a : List.of(p1, p2, t1, t2, both)) {
      Fixtures.deleteAndAwaitGone(a);
    }
  }

  @Test
  void roleAndSubjectChangesRevokeAccess() {
    String name = unique("revoke");
    String keep = name + "-keep";
    String drop = name + "-drop";
    create(
        name,
        List.of(AccountRole.Provider, AccountRole.Tenant),
        Subject.user(keep),
        Subject.user(drop));
    awaitReady(name);
    var c = management();
    Access kept = Access.as(c, keep);
    Access dropped = Access.as(c, drop);
    assertThat(kept.can("create", SERVICE_CLUSTERS, name)).isTrue();
    assertThat(kept.can("list", OFFERINGS, name)).isTrue();
    assertThat(dropped.can("create", SERVICE_CLUSTERS, name)).isTrue();
    assertThat(dropped.can("list", OFFERINGS, name)).isTrue();

    // the Provider role goes: its permissions go for everyone
    admin()
        .resources(Account.class)
        .withName(name)
        .edit(
            a -> {
              a.getSpec().setRoles(List.of(AccountRole.Tenant));
              return a;
            });
    waiting("Provider permissions revoked")
        .until(() -> !kept.can("create", SERVICE_CLUSTERS, name));
    assertThat(dropped.can("create", SERVICE_CLUSTERS, name)).isFalse();
    assertThat(kept.can("list", OFFERINGS, name)).isTrue();

    // a subject goes: it loses access, the other keeps it
    admin()
        .resources(Account.class)
        .withName(name)
        .edit(
            a -> {
              a.getSpec().setSubjects(List.of(Subject.user(keep)));
              return a;
            });
    waiting("removed subject loses access").until(() -> !dropped.can("list", OFFERINGS, name));
    assertThat(kept.can("list", OFFERINGS, name)).isTrue();

    // and the Provider role comes back, for the remaining subject only
    admin()
        .resources(Account.class)
        .withName(name)
        .edit(
            a -> {
              a.getSpec().setRoles(List.of(AccountRole.Provider, AccountRole.Tenant));
              return a;
            });
    waiting("Provider permissions granted again")
        .until(() -> kept.can("create", SERVICE_CLUSTERS, name));
    assertThat(dropped.can("create", SERVICE_CLUSTERS, name)).isFalse();

    Fixtures.deleteAndAwaitGone(name);
    assertThat(kept.can("list", OFFERINGS, name)).isFalse();
  }
}
