package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.testkit.K8sBinaries;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RBAC that ships in k8s/rbac/account-operator.yaml is least privilege. */
class ShippedRbacTest {

  static List<HasMetadata> objects;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    try (InputStream in =
        Files.newInputStream(K8sBinaries.repoRoot().resolve("k8s/rbac/account-operator.yaml"))) {
      objects = (List<HasMetadata>) Serialization.unmarshal(in);
    }
  }

  static ClusterRole clusterRole(String name) {
    return objects.stream()
        .filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(name))
        .map(ClusterRole.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  @Test
  void theOperatorCanBindOnlyTheAccountRolesAndHubSecretRolesAndHoldsNoSecrets() {
    ClusterRole operator = clusterRole("account-operator-cluster-role");
    List<PolicyRule> rules = operator.getRules();
    assertThat(rules)
        .filteredOn(r -> r.getVerbs().contains("bind") || r.getVerbs().contains("escalate"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getVerbs()).containsExactly("bind");
              assertThat(r.getResources()).containsExactly("clusterroles");
              assertThat(r.getResourceNames())
                  .containsExactlyInAnyOrderElementsOf(AccountRoles.BOUND_CLUSTER_ROLES);
              assertThat(AccountRoles.BOUND_CLUSTER_ROLES)
                  .containsExactlyInAnyOrder(
                      "kubecarrier:provider",
                      "kubecarrier:tenant",
                      "cluster-registry-credentials",
                      "propagation-agent-credentials",
                      "propagation-agent-copies");
            });
    assertThat(rules).noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
    assertThat(rules).noneSatisfy(r -> assertThat(r.getResources()).contains("*"));
    assertThat(rules).noneSatisfy(r -> assertThat(r.getVerbs()).contains("*"));
    assertThat(rules)
        .noneSatisfy(
            r -> assertThat(r.getResources()).containsAnyOf("roles", "clusterrolebindings"));
  }

  @Test
  void hubObjectsOfAnAccountMayBeReadAndDeletedNothingMore() {
    List<PolicyRule> rules = clusterRole("account-operator-cluster-role").getRules();
    Map<String, List<String>> hubKinds =
        Map.of(
            "kubecarrier.io",
            List.of("serviceclusters", "serviceclusterassignments", "customresourcediscoveries"),
            "catalog.kubecarrier.io",
            List.of("catalogentrysets", "catalogentries", "catalogs"));
    hubKinds.forEach(
        (group, resources) -> {
          for (String resource : resources) {
            assertThat(rules)
                .as("rules on %s.%s", resource, group)
                .filteredOn(r -> r.getApiGroups().contains(group))
                .filteredOn(r -> r.getResources().contains(resource))
                .singleElement()
                .satisfies(
                    r -> {
                      assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "delete");
                      assertThat(r.getResourceNames()).isNullOrEmpty();
                    });
          }
        });
    // never the status of a hub object (their operators write it), never their finalizers
    assertThat(rules)
        .flatExtracting(PolicyRule::getResources)
        .noneMatch(
            r ->
                r.endsWith("/status") && !r.equals("accounts/status") && !r.equals("tenants/status")
                    || r.endsWith("/finalizers") && !r.equals("accounts/finalizers"));
  }

  @Test
  void eventsMayBeCreatedAndCountedNotListedOrDeleted() {
    assertThat(clusterRole("account-operator-cluster-role").getRules())
        .filteredOn(r -> r.getResources().contains("events"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "patch");
            });
  }

  @Test
  void leaseAccessIsLimitedToTheOperatorsLeaseInItsNamespace() {
    assertThat(clusterRole("account-operator-cluster-role").getRules())
        .noneSatisfy(r -> assertThat(r.getResources()).contains("leases"));
    Role role =
        objects.stream()
            .filter(o -> o instanceof Role)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals("account-operator-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getMetadata().getNamespace()).isEqualTo("kubecarrier-system");
    assertThat(role.getRules())
        .filteredOn(r -> r.getVerbs().contains("update"))
        .singleElement()
        .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("account-operator"));
    assertThat(objects)
        .filteredOn(o -> o instanceof RoleBinding)
        .map(RoleBinding.class::cast)
        .anySatisfy(
            rb -> {
              assertThat(rb.getRoleRef().getName()).isEqualTo("account-operator-leader-election");
              assertThat(rb.getSubjects())
                  .singleElement()
                  .satisfies(s -> assertThat(s.getName()).isEqualTo("account-operator"));
            });
  }

  @Test
  void tenantInstanceReadAccessComesOnlyByAggregation() {
    ClusterRole role = clusterRole("account-operator-tenant-instances");
    assertThat(role.getRules()).isNullOrEmpty();
    assertThat(role.getAggregationRule().getClusterRoleSelectors())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getMatchLabels())
                    .containsExactly(Map.entry(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR, "true")));
    assertThat(objects)
        .filteredOn(o -> o instanceof ClusterRoleBinding)
        .map(ClusterRoleBinding.class::cast)
        .filteredOn(b -> b.getRoleRef().getName().equals("account-operator-tenant-instances"))
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.getSubjects())
                    .singleElement()
                    .satisfies(
                        s -> {
                          assertThat(s.getKind()).isEqualTo("ServiceAccount");
                          assertThat(s.getName()).isEqualTo("account-operator");
                          assertThat(s.getNamespace()).isEqualTo("kubecarrier-system");
                        }));
  }

  @Test
  void accountRolesGrantWhatTheIssueSays() {
    ClusterRole provider = clusterRole("kubecarrier:provider");
    assertThat(provider.getRules())
        .flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder(
            "secrets",
            "serviceclusters",
            "serviceclusterassignments",
            "customresourcediscoveries",
            "catalogentrysets",
            "catalogentries",
            "catalogs",
            "tenants");
    assertThat(provider.getRules())
        .filteredOn(r -> r.getResources().contains("tenants"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getVerbs())
                    .containsExactlyInAnyOrder("get", "list", "watch", "update", "patch"));
    ClusterRole tenant = clusterRole("kubecarrier:tenant");
    assertThat(tenant.getRules()).hasSize(2);
    assertThat(tenant.getRules())
        .filteredOn(r -> r.getApiGroups().contains("catalog.kubecarrier.io"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources())
                  .containsExactlyInAnyOrder("offerings", "providers", "regions");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
            });
    // its own Secrets and ConfigMaps (copies the agent brings up, sources it takes down), in its
    // namespace only (the binding's): nothing else of the core group
    assertThat(tenant.getRules())
        .filteredOn(r -> r.getApiGroups().contains(""))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactlyInAnyOrder("secrets", "configmaps");
              assertThat(r.getVerbs())
                  .containsExactlyInAnyOrder(
                      "get",
                      "list",
                      "watch",
                      "create",
                      "update",
                      "patch",
                      "delete",
                      "deletecollection");
            });
  }
}
