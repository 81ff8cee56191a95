package io.kubecarrier.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantCrdAccessTest {

  static CustomResourceDefinition crd(String group, String plural) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withNewNames()
        .withPlural(plural)
        .endNames()
        .endSpec()
        .build();
  }

  static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  static final List<CustomResourceDefinition> CRDS =
      List.of(
          crd("b.hub.example", "redis"),
          crd("a.hub.example", "memcacheds"),
          crd("b.hub.example", "postgres"),
          crd("b.hub.example", "redis"));

  private static List<String> names(List<CustomResourceDefinition> crds) {
    return crds.stream().map(c -> c.getMetadata().getName()).toList();
  }

  @Test
  void aGrantForACrdNotYetCachedSurvivesAnotherEntrysGrantUntilTheCacheShowsIt() {
    Map<String, CustomResourceDefinition> pending = new HashMap<>();
    CustomResourceDefinition redis = crd("a.hub.example", "redis");
    CustomResourceDefinition backups = crd("a.hub.example", "redisbackups");
    CustomResourceDefinition restores = crd("a.hub.example", "redisrestores");

    // two entries at once, each computing from a cache that has neither new CRD yet
    assertThat(names(TenantCrdAccess.granted(pending, List.of(redis), backups, null)))
        .containsExactly("redis.a.hub.example", "redisbackups.a.hub.example");
    assertThat(names(TenantCrdAccess.granted(pending, List.of(redis), restores, null)))
        .as("the first entry's grant is kept")
        .containsExactly(
            "redis.a.hub.example", "redisbackups.a.hub.example", "redisrestores.a.hub.example");

    // the cache catches up; then an entry's CRD goes
    List<CustomResourceDefinition> cached = List.of(redis, backups, restores);
    assertThat(names(TenantCrdAccess.granted(pending, cached, null, null))).hasSize(3);
    assertThat(pending).isEmpty();
    assertThat(names(TenantCrdAccess.granted(pending, cached, null, "redisbackups.a.hub.example")))
        .containsExactly("redis.a.hub.example", "redisrestores.a.hub.example");
  }

  @Test
  void aPendingGrantIsWithdrawnWhenItsCrdIsRemovedBeforeTheCacheSawIt() {
    Map<String, CustomResourceDefinition> pending = new HashMap<>();
    TenantCrdAccess.granted(pending, List.of(), crd("a.hub.example", "redis"), null);
    assertThat(names(TenantCrdAccess.granted(pending, List.of(), null, "redis.a.hub.example")))
        .isEmpty();
    assertThat(pending).isEmpty();
  }

  @Test
  void operatorHoldsAllVerbsOnePerCrdAndItsPoliciesByName() {
    List<PolicyRule> rules = TenantCrdAccess.rules(CRDS);
    assertThat(rules)
        .extracting(r -> r.getApiGroups().get(0) + "/" + r.getResources().get(0))
        .containsExactly(
            "a.hub.example/memcacheds",
            "b.hub.example/postgres",
            "b.hub.example/redis",
            "admissionregistration.k8s.io/validatingadmissionpolicies");
    PolicyRule policies = rules.get(3);
    assertThat(policies.getResources())
        .containsExactly("validatingadmissionpolicies", "validatingadmissionpolicybindings");
    assertThat(policies.getResourceNames())
        .containsExactly(
            "kubecarrier-region.memcacheds.a.hub.example",
            "kubecarrier-region.postgres.b.hub.example",
            "kubecarrier-region.redis.b.hub.example");
    assertThat(policies.getVerbs()).containsExactly("get", "update", "patch", "delete");
    assertThat(TenantCrdAccess.rules(List.of())).isEmpty();
    assertThat(rules.subList(0, 3))
        .allSatisfy(
            r ->
                assertThat(r.getVerbs())
                    .contains("create", "delete", "deletecollection", "order", "manage"));
  }

  @Test
  void operatorHoldsEveryVerbItGrantsOnInstances() {
    assertThat(TenantCrdAccess.OPERATOR_VERBS)
        .containsAll(TenantCrdAccess.INSTANCE_VERBS)
        .containsAll(TenantCrdAccess.AGENT_VERBS)
        .doesNotContain("orphan", "*");
    assertThat(TenantCrdAccess.rules(CRDS).subList(0, 3))
        .allSatisfy(
            r ->
                assertThat(r.getVerbs()).containsExactlyElementsOf(TenantCrdAccess.OPERATOR_VERBS));
  }

  @Test
  void tenantsMayOrderButNeverOrphanOrManage() {
    assertThat(TenantCrdAccess.rule("b.hub.example", "redis").getVerbs())
        .containsExactly(
            "get",
            "list",
            "watch",
            "create",
            "update",
            "patch",
            "delete",
            "deletecollection",
            "order")
        .doesNotContain("orphan", "manage", "*");
  }

  @Test
  void agentGetsInstancesAndStatusPerGroupButNoDelete() {
    // order: the agent creates adopted instances, which the admission policy checks; manage: it
    // sets and removes its finalizer (and annotates adopted instances), which the policy checks too
    List<String> verbs =
        List.of("get", "list", "watch", "create", "update", "patch", "order", "manage");
    List<String> status = List.of("get", "update", "patch");
    assertThat(TenantCrdAccess.agentRules(CRDS))
        .containsExactly(
            rule("a.hub.example", List.of("memcacheds"), verbs),
            rule("a.hub.example", List.of("memcacheds/status"), status),
            rule("b.hub.example", List.of("postgres", "redis"), verbs),
            rule("b.hub.example", List.of("postgres/status", "redis/status"), status));
  }

  @Test
  void accountOperatorGetsReadOnly() {
    assertThat(TenantCrdAccess.readRules(CRDS))
        .containsExactly(
            rule("a.hub.example", List.of("memcacheds"), List.of("get", "list")),
            rule("b.hub.example", List.of("postgres", "redis"), List.of("get", "list")));
  }

  @Test
  void noCrdsNoRules() {
    assertThat(TenantCrdAccess.agentRules(List.of())).isEmpty();
    assertThat(TenantCrdAccess.readRules(List.of())).isEmpty();
    assertThat(TenantCrdAccess.rules(List.of())).isEmpty();
  }
}
