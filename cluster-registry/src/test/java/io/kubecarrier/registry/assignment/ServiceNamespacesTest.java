package io.kubecarrier.registry.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
    Namespace ns = ServiceNamespaces.desired(assignment("provider", "team-a", "eu"));
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
  void onlyOurOwnNamespaceIsOurs() {
    ServiceClusterAssignment a = assignment("provider", "team-a", "eu");
    assertThat(ServiceNamespaces.ownedBy(ServiceNamespaces.desired(a), a)).isTrue();
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

  private static Namespace withLabels(Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("kc-team-a")
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
