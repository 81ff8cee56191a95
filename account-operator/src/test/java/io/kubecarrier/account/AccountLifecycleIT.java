package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.awaitReady;
import static io.kubecarrier.account.Fixtures.create;
import static io.kubecarrier.account.Fixtures.deleteAndAwaitGone;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.tenant.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The account scenarios of the original KubeCarrier, against a real API server. */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class AccountLifecycleIT {

  private static final List<AccountRole> PROVIDER = List.of(AccountRole.Provider);
  private static final List<AccountRole> TENANT = List.of(AccountRole.Tenant);
  private static final List<AccountRole> BOTH = List.of(AccountRole.Provider, AccountRole.Tenant);

  /** The source of the operator's events: its application name. */
  private static final String COMPONENT = "account-operator";

  @Test
  void providerAccount() {
    String name = unique("prov");
    create(name, PROVIDER, Subject.user(name + "-admin"), Subject.group(name + "-team"));
    Account account = awaitReady(name);

    assertThat(account.getStatus().getNamespace().getName()).isEqualTo(name);
    assertThat(conditionTypes(account))
        .containsExactlyInAnyOrder(
            ConditionTypes.READY,
            ConditionTypes.NAMESPACE_READY,
            ConditionTypes.RBAC_READY,
            ConditionTypes.TENANTS_READY);
    Namespace ns = admin().namespaces().withName(name).get();
    assertThat(ns.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR)
        .containsEntry(Labels.ACCOUNT, name);
    assertThat(bindings(name)).containsOnlyKeys("kubecarrier:provider");
    RoleBinding rb = bindings(name).get("kubecarrier:provider");
    assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(rb.getRoleRef().getName()).isEqualTo(AccountRoles.PROVIDER_CLUSTER_ROLE);
    assertThat(rb.getSubjects())
        .extracting(s -> s.getKind() + "/" + s.getName())
        .containsExactly("User/" + name + "-admin", "Group/" + name + "-team");
    // the registry and the agent may read the kubeconfig Secrets here, nowhere else
    assertThat(hubBindings(name))
        .containsOnly(
            entry(
                HubAccess.REGISTRY_CREDENTIALS,
                "ClusterRole/cluster-registry-credentials -> kubecarrier-system/cluster-registry"),
            entry(
                HubAccess.AGENT_CREDENTIALS,
                "ClusterRole/propagation-agent-credentials -> kubecarrier-system/propagation-agent"));

    deleteAndAwaitGone(name);
    assertNothingLeft(name);
  }

  @Test
  void tenantAccount() {
    String name = unique("tnt");
    create(name, TENANT, Subject.serviceAccount("default", name + "-bot"));
    Account account = awaitReady(name);

    assertThat(conditionTypes(account))
        .containsExactlyInAnyOrder(
            ConditionTypes.READY, ConditionTypes.NAMESPACE_READY, ConditionTypes.RBAC_READY);
    assertThat(bindings(name)).containsOnlyKeys("kubecarrier:tenant");
    assertThat(bindings(name).get("kubecarrier:tenant").getSubjects())
        .extracting(s -> s.getKind() + "/" + s.getNamespace() + "/" + s.getName())
        .containsExactly("ServiceAccount/default/" + name + "-bot");
    // the agent may write its connection Secret copies here
    assertThat(hubBindings(name))
        .containsOnly(
            entry(
                HubAccess.AGENT_COPIES,
                "ClusterRole/propagation-agent-copies -> kubecarrier-system/propagation-agent"));
    assertThat(tenantsIn(name)).isEmpty();

    deleteAndAwaitGone(name);
    assertNothingLeft(name);
  }

  @Test
  void providerAndTenantAccount() {
    String name = unique("both");
    create(name, BOTH, Subject.user(name + "-admin"));
    awaitReady(name);

    assertThat(bindings(name)).containsOnlyKeys("kubecarrier:provider", "kubecarrier:tenant");
    assertThat(hubBindings(name)).containsOnlyKeys(HubAccess.GRANTS.keySet());
    // it sees itself as a tenant of its own offerings
    waiting("Tenant " + name + " in its own namespace").until(() -> tenantsIn(name).contains(name));

    deleteAndAwaitGone(name);
    assertNothingLeft(name);
  }

  @Test
  void tenantsAppearInExactlyTheRightProviderNamespaces() {
    String p1 = unique("p1");
    String p2 = unique("p2");
    String t1 = unique("t1");
    String t2 = unique("t2");
    String pt = unique("pt");
    create(p1, PROVIDER, Subject.user(p1));
    create(p2, PROVIDER, Subject.user(p2));
    create(t1, TENANT, Subject.user(t1));
    create(t2, TENANT, Subject.user(t2));
    create(pt, BOTH, Subject.user(pt));
    for (String a : List.of(p1, p2, t1, t2, pt)) {
      awaitReady(a);
    }
    Set<String> tenants = Set.of(t1, t2, pt);
    for (String provider : List.of(p1, p2, pt)) {
      waiting("Tenants of " + tenants + " in " + provider)
          .until(() -> tenantsIn(provider).containsAll(tenants));
      assertThat(tenantsIn(provider)).doesNotContain(p1, p2);
    }
    for (String nonProvider : List.of(t1, t2)) {
      assertThat(tenantsIn(nonProvider)).isEmpty();
    }
    Tenant t1InP1 = admin().resources(Tenant.class).inNamespace(p1).withName(t1).get();
    assertThat(t1InP1.getMetadata().getLabels())
        .containsEntry(Labels.ACCOUNT, t1)
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR);
    assertThat(t1InP1.getSpec().getMetadata().getDisplayName()).isEqualTo("Account " + t1);
    waiting("Tenant " + t1 + " Ready")
        .until(
            () -> {
              Tenant t = admin().resources(Tenant.class).inNamespace(p1).withName(t1).get();
              return t.getStatus() != null && t.getStatus().isReady();
            });

    // a provider labels a tenant (to select it in Catalogs); the operator keeps the label
    try (KubernetesClient provider = Fixtures.management().impersonating(p1)) {
      provider
          .resources(Tenant.class)
          .inNamespace(p1)
          .withName(t1)
          .edit(
              t -> {
                t.getMetadata().getLabels().put("tier", "gold");
                return t;
              });
    }
    admin()
        .resources(Account.class)
        .withName(t1)
        .edit(
            a -> {
              a.getSpec().getMetadata().setDisplayName("Renamed " + t1);
              return a;
            });
    waiting("Tenant " + t1 + " follows the account's display name")
        .until(
            () ->
                "Renamed "
                    .concat(t1)
                    .equals(
                        admin()
                            .resources(Tenant.class)
                            .inNamespace(p1)
                            .withName(t1)
                            .get()
                            .getSpec()
                            .getMetadata()
                            .getDisplayName()));
    assertThat(
            admin()
                .resources(Tenant.class)
                .inNamespace(p1)
                .withName(t1)
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("tier", "gold");

    // t2 loses the Tenant role and becomes a provider: it disappears as a tenant everywhere
    admin()
        .resources(Account.class)
        .withName(t2)
        .edit(
            a -> {
              a.getSpec().setRoles(PROVIDER);
              return a;
            });
    for (String provider : List.of(p1, p2, pt)) {
      waiting("Tenant " + t2 + " gone from " + provider)
          .until(() -> !tenantsIn(provider).contains(t2));
    }
    waiting("Tenants in the new provider " + t2)
        .until(() -> tenantsIn(t2).containsAll(Set.of(t1, pt)));
    assertThat(bindings(t2)).containsOnlyKeys("kubecarrier:provider");

    // deleting a tenant account removes its Tenants from every provider namespace
    deleteAndAwaitGone(t1);
    assertNothingLeft(t1);
    for (String provider : List.of(p1, p2, pt, t2)) {
      assertThat(tenantsIn(provider)).doesNotContain(t1);
    }

    for (String a : List.of(p1, p2, t2, pt)) {
      admin().resources(Account.class).withName(a).delete();
    }
    for (String a : List.of(p1, p2, t2, pt)) {
      deleteAndAwaitGone(a);
      assertNothingLeft(a);
    }
  }

  @Test
  void secondReconcileChangesNothing() {
    String name = unique("idem");
    create(name, PROVIDER, Subject.user(name));
    Account before = awaitReady(name);
    String nsVersion = admin().namespaces().withName(name).get().getMetadata().getResourceVersion();
    String rbVersion =
        bindings(name).get("kubecarrier:provider").getMetadata().getResourceVersion();

    // a new generation that changes nothing the operator derives: everything stays as it was
    admin()
        .resources(Account.class)
        .withName(name)
        .edit(
            a -> {
              a.getSpec().getMetadata().setDescription("a longer description");
              return a;
            });
    long generation = before.getMetadata().getGeneration() + 1;
    waiting("generation " + generation + " observed")
        .until(
            () ->
                Fixtures.get(name)
                    .map(
                        a -> Long.valueOf(generation).equals(a.getStatus().getObservedGeneration()))
                    .orElse(false));
    Account after = Fixtures.get(name).orElseThrow();
    assertThat(admin().namespaces().withName(name).get().getMetadata().getResourceVersion())
        .isEqualTo(nsVersion);
    assertThat(bindings(name).get("kubecarrier:provider").getMetadata().getResourceVersion())
        .isEqualTo(rbVersion);
    assertThat(transitionTimes(after)).isEqualTo(transitionTimes(before));
    assertThat(after.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(generation));

    deleteAndAwaitGone(name);
  }

  @Test
  void driftIsCorrected() {
    String name = unique("drift");
    create(name, TENANT, Subject.user(name));
    awaitReady(name);
    admin().rbac().roleBindings().inNamespace(name).withName("kubecarrier:tenant").delete();
    waiting("RoleBinding recreated").until(() -> bindings(name).containsKey("kubecarrier:tenant"));
    assertThat(bindings(name).get("kubecarrier:tenant").getSubjects())
        .extracting(s -> s.getName())
        .containsExactly(name);
    deleteAndAwaitGone(name);
  }

  @Test
  void foreignNamespaceIsNotTakenOver() {
    String name = unique("taken");
    admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("owner", "someone-else"))
                .endMetadata()
                .build())
        .create();
    create(name, BOTH, Subject.user(name));
    Fixtures.awaitCondition(
        name, ConditionTypes.READY, Condition.FALSE, Reasons.NAMESPACE_CONFLICT);
    Fixtures.awaitCondition(
        name, ConditionTypes.NAMESPACE_READY, Condition.FALSE, Reasons.NAMESPACE_CONFLICT);
    Account account = Fixtures.get(name).orElseThrow();
    assertThat(account.getStatus().getNamespace()).isNull();
    assertThat(Fixtures.condition(name, ConditionTypes.READY).orElseThrow().getMessage())
        .contains("already exists and does not belong to this account");
    assertThat(admin().namespaces().withName(name).get().getMetadata().getLabels())
        .containsOnly(
            Map.entry("owner", "someone-else"), Map.entry("kubernetes.io/metadata.name", name));
    assertThat(bindings(name)).isEmpty();
    waiting("a Warning event about the conflict")
        .until(() -> event(name, "Warning", Reasons.NAMESPACE_CONFLICT).isPresent());
    Event conflict = event(name, "Warning", Reasons.NAMESPACE_CONFLICT).orElseThrow();
    assertThat(conflict.getSource().getComponent()).isEqualTo(COMPONENT);
    assertThat(conflict.getReportingComponent()).isEqualTo(COMPONENT);
    assertThat(conflict.getInvolvedObject().getKind()).isEqualTo(Account.KIND);
    assertThat(conflict.getInvolvedObject().getUid()).isEqualTo(account.getMetadata().getUid());
    assertThat(conflict.getMessage())
        .startsWith(ConditionTypes.NAMESPACE_READY + ": ")
        .contains("already exists and does not belong to this account");

    admin().resources(Account.class).withName(name).delete();
    waiting("account gone").until(() -> Fixtures.get(name).isEmpty());
    assertThat(admin().namespaces().withName(name).get()).isNotNull();
    assertThat(admin().namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
        .isNull();
    admin().namespaces().withName(name).delete();
  }

  /**
   * The remedy of a conflict (labelling the namespace over to the account) works, and a conflict
   * that comes back is counted on the Event written the first time instead of a second Event.
   */
  @Test
  void aHandedOverNamespaceIsAdoptedAndARecurringConflictIsCountedOnOneEvent() {
    String name = unique("handover");
    admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("owner", "someone-else"))
                .endMetadata()
                .build())
        .create();
    create(name, TENANT, Subject.user(name));
    Fixtures.awaitCondition(
        name, ConditionTypes.NAMESPACE_READY, Condition.FALSE, Reasons.NAMESPACE_CONFLICT);
    waiting("a Warning event about the conflict")
        .until(() -> event(name, "Warning", Reasons.NAMESPACE_CONFLICT).isPresent());

    // hand the namespace over, as the condition message says
    admin()
        .namespaces()
        .withName(name)
        .edit(
            ns -> {
              ns.getMetadata().getLabels().putAll(Ownership.labels(name));
              return ns;
            });
    awaitReady(name);
    assertThat(bindings(name)).containsOnlyKeys("kubecarrier:tenant");
    waiting("a Normal event when the account becomes Ready")
        .until(() -> event(name, "Normal", Reasons.READY).isPresent());
    assertThat(event(name, "Normal", Reasons.READY).orElseThrow().getCount()).isEqualTo(1);

    // take it away again: the same conflict, the same Event, counted twice
    admin()
        .namespaces()
        .withName(name)
        .edit(
            ns -> {
              ns.getMetadata().getLabels().keySet().removeAll(Ownership.labels(name).keySet());
              return ns;
            });
    Fixtures.awaitCondition(
        name, ConditionTypes.NAMESPACE_READY, Condition.FALSE, Reasons.NAMESPACE_CONFLICT);
    waiting("the conflict event counted twice")
        .until(
            () ->
                event(name, "Warning", Reasons.NAMESPACE_CONFLICT)
                    .map(e -> Integer.valueOf(2).equals(e.getCount()))
                    .orElse(false));
    List<Event> conflicts =
        events(name).stream()
            .filter(e -> Reasons.NAMESPACE_CONFLICT.equals(e.getReason()))
            .toList();
    assertThat(conflicts).singleElement();
    Event conflict = conflicts.get(0);
    assertThat(conflict.getSource().getComponent()).isEqualTo(COMPONENT);
    assertThat(conflict.getLastTimestamp()).isGreaterThanOrEqualTo(conflict.getFirstTimestamp());

    admin().resources(Account.class).withName(name).delete();
    waiting("account gone").until(() -> Fixtures.get(name).isEmpty());
    assertThat(admin().namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
        .isNull();
    admin().namespaces().withName(name).delete();
  }

  @Test
  void servesOwnAndOperatorSdkMetrics() {
    String name = unique("metrics");
    create(name, TENANT, Subject.user(name));
    awaitReady(name);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("kubecarrier_accounts{state=\"ready\"}"))
        .body(containsString("reconciliations_started_total"))
        .body(containsString("controller_name=\"account-operator\""));
    given().get("/q/health/ready").then().statusCode(200);
    deleteAndAwaitGone(name);
  }

  /** The account-role RoleBindings of {@code namespace} (without the hub operators' ones). */
  static Map<String, RoleBinding> bindings(String namespace) {
    return admin().rbac().roleBindings().inNamespace(namespace).list().getItems().stream()
        .filter(rb -> !HubAccess.GRANTS.containsKey(rb.getMetadata().getName()))
        .collect(Collectors.toMap(rb -> rb.getMetadata().getName(), rb -> rb));
  }

  /** The hub operators' Secret RoleBindings of {@code namespace}: name to bound ServiceAccount. */
  static Map<String, String> hubBindings(String namespace) {
    return admin().rbac().roleBindings().inNamespace(namespace).list().getItems().stream()
        .filter(rb -> HubAccess.GRANTS.containsKey(rb.getMetadata().getName()))
        .collect(
            Collectors.toMap(
                rb -> rb.getMetadata().getName(),
                rb ->
                    rb.getRoleRef().getKind()
                        + "/"
                        + rb.getRoleRef().getName()
                        + " -> "
                        + rb.getSubjects().get(0).getNamespace()
                        + "/"
                        + rb.getSubjects().get(0).getName()));
  }

  static Set<String> tenantsIn(String namespace) {
    return admin().resources(Tenant.class).inNamespace(namespace).list().getItems().stream()
        .map(t -> t.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** The Events about Account {@code account} (cluster-scoped: in namespace default). */
  static List<Event> events(String account) {
    return admin().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> Account.KIND.equals(e.getInvolvedObject().getKind()))
        .filter(e -> account.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The one Event of {@code type} and {@code reason} about Account {@code account}, if any. */
  static Optional<Event> event(String account, String type, String reason) {
    List<Event> found =
        events(account).stream()
            .filter(e -> type.equals(e.getType()) && reason.equals(e.getReason()))
            .toList();
    assertThat(found).as("%s events %s about %s", type, reason, account).hasSizeLessThan(2);
    return found.stream().findFirst();
  }

  private static Set<String> conditionTypes(Account account) {
    return account.getStatus().getConditions().stream()
        .map(Condition::getType)
        .collect(Collectors.toSet());
  }

  private static Map<String, String> transitionTimes(Account account) {
    return account.getStatus().getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, Condition::getLastTransitionTime));
  }

  /** No namespace, RoleBinding or Tenant of the account is left anywhere. */
  static void assertNothingLeft(String account) {
    assertThat(admin().namespaces().withName(account).get()).isNull();
    assertThat(
            admin()
                .rbac()
                .roleBindings()
                .inAnyNamespace()
                .withLabel(Labels.ACCOUNT, account)
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            admin()
                .resources(Tenant.class)
                .inAnyNamespace()
                .withLabel(Labels.ACCOUNT, account)
                .list()
                .getItems())
        .isEmpty();
  }
}
