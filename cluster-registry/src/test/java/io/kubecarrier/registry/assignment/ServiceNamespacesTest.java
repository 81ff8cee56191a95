package io.kubecarrier.registry.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.registry.assignment.ServiceNamespaces.Presence;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceNamespacesTest {

  static ServiceClusterAssignment assignment(String provider, String tenant, String cluster) {
    ServiceClusterAssignment a = new ServiceClusterAssignment();
    a.getMetadata().setNamespace(provider);
    a.getMetadata().setName(tenant + "." + cluster);
    a.getMetadata().setGeneration(1L);
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setManagementNamespace(ObjectReference.of(tenant));
    spec.setServiceCluster(ObjectReference.of(cluster));
    a.setSpec(spec);
    return a;
  }

  @Test
  void desiredNamespaceIsDeterministicAndLabelled() {
    ServiceClusterAssignment team = assignment("provider", "team-a", "eu");
    Namespace ns = ServiceNamespaces.desired(team, ServiceNamespaces.name(team));
    assertThat(ns.getMetadata().getName()).isEqualTo("kc-provider-team-a");
    assertThat(ns.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY)
        .containsEntry(Labels.TENANT_NAMESPACE, "team-a")
        .containsEntry(Labels.OWNER_NAMESPACE, "provider")
        .containsEntry(Labels.OWNER_KIND, "ServiceClusterAssignment")
        .containsEntry(Labels.OWNER_NAME, "team-a.eu")
        .containsEntry(Labels.SERVICE_CLUSTER, "eu");
    String longTenant = "t".repeat(63);
    assertThat(ServiceNamespaces.name(assignment("provider", longTenant, "eu")))
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("kc-provider-t");
  }

  @Test
  void candidatesArePerProviderAndTenantAndStartWithTheName() {
    ServiceClusterAssignment a = assignment("acme", "team-a", "eu");
    List<String> candidates = ServiceNamespaces.candidates(a);
    assertThat(candidates)
        .hasSize(ServiceNamespaces.CANDIDATES)
        .doesNotHaveDuplicates()
        .allSatisfy(n -> assertThat(Names.isDnsLabel(n)).as(n).isTrue());
    assertThat(candidates.get(0)).isEqualTo("kc-acme-team-a");
    assertThat(candidates.get(1)).startsWith("kc-acme-team-a-");
    assertThat(ServiceNamespaces.candidates(assignment("acme", "team-a", "us")))
        .as("the same in every cluster")
        .isEqualTo(candidates);
    assertThat(ServiceNamespaces.candidates(assignment("other", "team-a", "eu")))
        .doesNotContainAnyElementsOf(candidates);
  }

  @Test
  void choiceTakesTheFirstCandidateThatIsFreeOrOurs() {
    List<String> c = List.of("n0", "n1", "n2", "n3");
    assertThat(choose(null, c, Map.of())).isEqualTo(choice("n0", Presence.ABSENT));
    assertThat(choose(null, c, Map.of("n0", Presence.OURS))).isEqualTo(choice("n0", Presence.OURS));
    assertThat(choose(null, c, Map.of("n0", Presence.FOREIGN)))
        .isEqualTo(choice("n1", Presence.ABSENT, "n0"));
    assertThat(
            choose(
                null,
                c,
                Map.of("n0", Presence.FOREIGN, "n1", Presence.FOREIGN, "n2", Presence.OURS)))
        .isEqualTo(choice("n2", Presence.OURS, "n0", "n1"));
  }

  @Test
  void aRecordedNameIsKeptWhileItIsFreeOrOurs() {
    List<String> c = List.of("n0", "n1", "n2", "n3");
    assertThat(choose("n1", c, Map.of("n1", Presence.OURS)))
        .as("n0 is not even looked at")
        .isEqualTo(choice("n1", Presence.OURS));
    assertThat(choose("n1", c, Map.of()))
        .as("absent: created again under the same name")
        .isEqualTo(choice("n1", Presence.ABSENT));
    assertThat(choose("kc-team-a", c, Map.of("kc-team-a", Presence.OURS)))
        .as("an older name that is ours")
        .isEqualTo(choice("kc-team-a", Presence.OURS));
    assertThat(choose("n1", c, Map.of("n1", Presence.FOREIGN)))
        .as("taken by someone else: back to the candidates, n1 not asked twice")
        .isEqualTo(choice("n0", Presence.ABSENT, "n1"));
  }

  @Test
  void everyCandidateForeignIsAConflictNamingAllOfThem() {
    List<String> c = List.of("n0", "n1", "n2", "n3");
    Map<String, Presence> all =
        Map.of(
            "n0", Presence.FOREIGN,
            "n1", Presence.FOREIGN,
            "n2", Presence.FOREIGN,
            "n3", Presence.FOREIGN);
    ServiceNamespaces.Choice none = choose(null, c, all);
    assertThat(none.found()).isFalse();
    assertThat(none.foreign()).containsExactly("n0", "n1", "n2", "n3");
  }

  @Test
  void presenceFollowsTheOwnershipLabels() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    assertThat(ServiceNamespaces.presence(null, a)).isEqualTo(Presence.ABSENT);
    assertThat(ServiceNamespaces.presence(ServiceNamespaces.desired(a, "x"), a))
        .isEqualTo(Presence.OURS);
    assertThat(ServiceNamespaces.presence(withLabels(Map.of("team", "x")), a))
        .isEqualTo(Presence.FOREIGN);
  }

  @Test
  void deletionRemovesTheRecordedNamespaceOrElseTheCandidates() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    assertThat(ServiceNamespaces.toDelete(a)).isEqualTo(ServiceNamespaces.candidates(a));
    a.setStatus(AssignmentStatus.ready(a, "kc-somewhere", Instant.now()));
    assertThat(ServiceNamespaces.toDelete(a)).containsExactly("kc-somewhere");
  }

  @Test
  void aHeldDeletionStaysReadyInUse() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    a.setStatus(AssignmentStatus.ready(a, "kc-provider-team-a", t0));
    ServiceClusterAssignmentStatus usable =
        AssignmentStatus.ready(a, "kc-provider-team-a", t0.plusSeconds(5));
    String hold =
        ServiceClusterAssignmentReconciler.holdMessage(
            a, "kc-provider-team-a", List.of(Finalizers.PROPAGATION_AGENT));
    assertThat(hold)
        .contains("waits for the instances placed in namespace kc-provider-team-a")
        .contains("keep running until their tenants delete them")
        .contains("kubectl -n team-a get <kind> -l kubecarrier.io/region=eu");
    ServiceClusterAssignmentStatus held = AssignmentStatus.held(a, usable, hold, t0.plusSeconds(5));
    assertThat(held.isReady()).isTrue();
    assertThat(held.getServiceClusterNamespace().getName()).isEqualTo("kc-provider-team-a");
    assertThat(held.isConditionTrue(ConditionTypes.NAMESPACE_CREATED)).isTrue();
    var ready = held.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Reasons.IN_USE);
    assertThat(ready.getMessage()).isEqualTo(hold);
    assertThat(ready.getLastTransitionTime())
        .as("still True: no transition")
        .isEqualTo("2026-01-01T00:00:00Z");

    ServiceClusterAssignmentStatus down =
        AssignmentStatus.blocked(a, Reasons.CLUSTER_UNREACHABLE, "down", t0.plusSeconds(9));
    ServiceClusterAssignmentStatus heldDown =
        AssignmentStatus.held(a, down, hold, t0.plusSeconds(9));
    assertThat(heldDown.isReady()).isFalse();
    assertThat(heldDown.getCondition(ConditionTypes.READY).orElseThrow().getMessage())
        .startsWith(hold)
        .endsWith("down");
    assertThat(ServiceClusterAssignmentReconciler.holdMessage(a, null, List.of("example.com/keep")))
        .contains("[example.com/keep]")
        .contains("its namespace");
  }

  @Test
  void holdersAreTheFinalizersOfOthers() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    assertThat(ServiceClusterAssignmentReconciler.holders(a)).isEmpty();
    a.getMetadata().setFinalizers(List.of(Finalizers.CLUSTER_REGISTRY));
    assertThat(ServiceClusterAssignmentReconciler.holders(a)).isEmpty();
    a.getMetadata()
        .setFinalizers(List.of(Finalizers.CLUSTER_REGISTRY, Finalizers.PROPAGATION_AGENT));
    assertThat(ServiceClusterAssignmentReconciler.holders(a))
        .containsExactly(Finalizers.PROPAGATION_AGENT);
  }

  @Test
  void aConflictRecordsNothing() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    a.setStatus(AssignmentStatus.ready(a, "kc-provider-team-a", Instant.now()));
    ServiceClusterAssignmentStatus conflict = AssignmentStatus.conflict(a, "taken", Instant.now());
    assertThat(conflict.getServiceClusterNamespace()).isNull();
    assertThat(conflict.getCondition(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo(Reasons.NAMESPACE_CONFLICT);
  }

  @Test
  void onlyOurOwnNamespaceIsOurs() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    assertThat(ServiceNamespaces.ownedBy(ServiceNamespaces.desired(a, "kc-provider-team-a"), a))
        .isTrue();
    assertThat(
            ServiceNamespaces.ownedBy(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("kc-team-a")
                    .endMetadata()
                    .build(),
                a))
        .isFalse();
    Map<String, String> otherProvider = new HashMap<>(ServiceNamespaces.labels(a));
    otherProvider.put(Labels.OWNER_NAMESPACE, "other-provider");
    assertThat(ServiceNamespaces.ownedBy(withLabels(otherProvider), a)).isFalse();
    Map<String, String> otherOperator = new HashMap<>(ServiceNamespaces.labels(a));
    otherOperator.put(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR);
    assertThat(ServiceNamespaces.ownedBy(withLabels(otherOperator), a)).isFalse();
  }

  @Test
  void roleBindingBindsTheIdentityToTheNamespaceRole() {
    RoleBinding rb =
        ServiceNamespaceRoleBindings.desired(
            "kc-team-a",
            "kubecarrier",
            "kubecarrier-service-namespace",
            new SubjectBuilder()
                .withKind("ServiceAccount")
                .withNamespace("kubecarrier-system")
                .withName("kubecarrier")
                .build());
    assertThat(rb.getMetadata().getNamespace()).isEqualTo("kc-team-a");
    assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(rb.getRoleRef().getName()).isEqualTo("kubecarrier-service-namespace");
    assertThat(rb.getSubjects()).singleElement().extracting("name").isEqualTo("kubecarrier");
  }

  @Test
  void statusRecordsTheNamespaceAndConflicts() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ServiceClusterAssignmentStatus ready = AssignmentStatus.ready(a, "kc-team-a", t0);
    assertThat(ready.getServiceClusterNamespace().getName()).isEqualTo("kc-team-a");
    assertThat(ready.isReady()).isTrue();
    assertThat(ready.isConditionTrue(ConditionTypes.NAMESPACE_CREATED)).isTrue();

    ServiceClusterAssignmentStatus conflict =
        AssignmentStatus.namespaceProblem(a, Reasons.NAMESPACE_CONFLICT, "taken", t0);
    assertThat(conflict.isReady()).isFalse();
    assertThat(conflict.getCondition(ConditionTypes.NAMESPACE_CREATED).orElseThrow().getReason())
        .isEqualTo(Reasons.NAMESPACE_CONFLICT);

    a.setStatus(ready);
    ServiceClusterAssignmentStatus blocked =
        AssignmentStatus.blocked(a, Reasons.CLUSTER_UNREACHABLE, "down", t0.plusSeconds(5));
    assertThat(blocked.isConditionTrue(ConditionTypes.NAMESPACE_CREATED))
        .as("namespace still known")
        .isTrue();
    assertThat(blocked.getCondition(ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo(Reasons.CLUSTER_UNREACHABLE);
  }

  @Test
  void anUnboundNamespaceIsRecordedAndCreatedButNotReady() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ServiceClusterAssignmentStatus unbound =
        AssignmentStatus.unbound(
            a, "kc-provider-team-a", "exists", Reasons.REQUEST_REJECTED, "HTTP 422", t0);
    assertThat(unbound.getServiceClusterNamespace().getName()).isEqualTo("kc-provider-team-a");
    assertThat(unbound.isConditionTrue(ConditionTypes.NAMESPACE_CREATED)).isTrue();
    assertThat(unbound.isReady()).isFalse();
    var ready = unbound.getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(ready.getMessage()).isEqualTo("HTTP 422");
  }

  @Test
  void aTerminatingNamespaceSaysWhatTheNamespaceControllerReports() {
    Namespace ns = withLabels(Map.of());
    assertThat(ServiceNamespaces.whyStillThere(ns)).isEmpty();
    ns.setStatus(
        new NamespaceStatusBuilder()
            .addNewCondition()
            .withType("NamespaceDeletionDiscoveryFailure")
            .withStatus("False")
            .withReason("ResourcesDiscovered")
            .endCondition()
            .addNewCondition()
            .withType("NamespaceContentRemaining")
            .withStatus("True")
            .withMessage(
                "Some resources are remaining: redis.cache.example.com has 1 resource instances")
            .endCondition()
            .addNewCondition()
            .withType("NamespaceFinalizersRemaining")
            .withStatus("True")
            .withReason("SomeFinalizersRemain")
            .endCondition()
            .build());
    assertThat(ServiceNamespaces.whyStillThere(ns))
        .isEqualTo(
            " (NamespaceContentRemaining: Some resources are remaining: redis.cache.example.com has"
                + " 1 resource instances; NamespaceFinalizersRemaining: SomeFinalizersRemain)");
  }

  private static ServiceNamespaces.Choice choose(
      String recorded, List<String> candidates, Map<String, Presence> existing) {
    Set<String> asked = new HashSet<>();
    return ServiceNamespaces.choose(
        recorded,
        candidates,
        name -> {
          assertThat(asked.add(name)).as("asked once: " + name).isTrue();
          return existing.getOrDefault(name, Presence.ABSENT);
        });
  }

  private static ServiceNamespaces.Choice choice(
      String name, Presence presence, String... foreign) {
    return new ServiceNamespaces.Choice(name, presence, List.of(foreign));
  }

  private static Namespace withLabels(Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("kc-team-a")
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
