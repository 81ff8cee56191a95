package io.kubecarrier.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
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

  @Test
  void operatorHoldsAllVerbsOnePerCrd() {
    assertThat(TenantCrdAccess.rules(CRDS))
        .extracting(r -> r.getApiGroups().get(0) + "/" + r.getResources().get(0))
        .containsExactly(
            "a.hub.example/memcacheds", "b.hub.example/postgres", "b.hub.example/redis");
    assertThat(TenantCrdAccess.rules(CRDS))
        .allSatisfy(
            r ->
                assertThat(r.getVerbs()).contains("create", "delete", "deletecollection", "order"));
  }

  @Test
  void tenantsMayOrderButNeverOrphan() {
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
        .doesNotContain("orphan", "*");
  }

  @Test
  void agentGetsInstancesAndStatusPerGroupButNoDelete() {
    // order: the agent creates adopted instances, which the admission policy checks
    List<String> verbs = List.of("get", "list", "watch", "create", "update", "patch", "order");
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
