package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.awaitReady;
import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.identityKubeconfig;
import static io.kubecarrier.registry.RegistryFixture.kubeconfigSecret;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.serviceCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceClusterAssignments create, record and delete namespaces in a real service cluster. */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterAssignmentIT {

  @Test
  void createsRecordsAndDeletesTheServiceNamespace() {
    String provider = providerNamespace("provider");
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    kubeconfigSecret(provider, "us", identityKubeconfig(us));
    serviceCluster(provider, "us", "us");
    awaitReady(provider, "us");

    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);

    String serviceNamespace = Names.serviceNamespaceName(provider, tenant);
    assertThat(ready.getStatus().getServiceClusterNamespace().getName())
        .isEqualTo(serviceNamespace);
    assertThat(
            Conditions.isTrue(ready.getStatus().getConditions(), ConditionTypes.NAMESPACE_CREATED))
        .isTrue();
    assertThat(ready.getMetadata().getFinalizers()).contains("kubecarrier.io/cluster-registry");
    Namespace created = us.adminClient().namespaces().withName(serviceNamespace).get();
    assertThat(created.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY)
        .containsEntry(Labels.TENANT_NAMESPACE, tenant)
        .containsEntry(Labels.OWNER_NAMESPACE, provider)
        .containsEntry(Labels.SERVICE_CLUSTER, "us");
    RoleBinding binding =
        us.adminClient()
            .rbac()
            .roleBindings()
            .inNamespace(serviceNamespace)
            .withName("kubecarrier")
            .get();
    assertThat(binding.getRoleRef().getName()).isEqualTo("kubecarrier-service-namespace");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getNamespace()).isEqualTo(RegistryFixture.SA_NAMESPACE);
              assertThat(s.getName()).isEqualTo(RegistryFixture.SA_NAME);
            });

    // the identity (what the propagation agent will use) may work with Secrets in that namespace
    try (KubernetesClient identity =
        us.client(
            us.serviceAccountToken(
                RegistryFixture.SA_NAMESPACE, RegistryFixture.SA_NAME, Duration.ofMinutes(10)))) {
      identity
          .secrets()
          .inNamespace(serviceNamespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("connection")
                  .endMetadata()
                  .withStringData(Map.of("k", "v"))
                  .build())
          .create();
      assertThat(identity.secrets().inNamespace(serviceNamespace).withName("connection").get())
          .isNotNull();
    }

    // deletion removes the namespace and then the assignment
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(name)
        .delete();
    await("assignment and namespace gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    assertThat(us.adminClient().namespaces().withName(serviceNamespace).get()).isNull();
  }

  @Test
  void aForeignNamespaceOfTheSameNameIsNotTakenOver() {
    String provider = providerNamespace("provider");
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    kubeconfigSecret(provider, "us", identityKubeconfig(us));
    serviceCluster(provider, "us", "us");
    awaitReady(provider, "us");

    String tenant = RegistryFixture.unique("tenant");
    String serviceNamespace = Names.serviceNamespaceName(provider, tenant);
    us.adminClient()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(serviceNamespace)
                .addToLabels("team", "someone-else")
                .endMetadata()
                .build())
        .create();
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment conflict =
        AssignmentFixture.awaitReadyReason(provider, name, Reasons.NAMESPACE_CONFLICT);
    Condition created =
        Conditions.find(conflict.getStatus().getConditions(), ConditionTypes.NAMESPACE_CREATED)
            .orElseThrow();
    assertThat(created.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(created.getMessage()).contains(serviceNamespace).contains("never taken over");
    assertThat(conflict.getStatus().getServiceClusterNamespace()).isNull();

    Namespace foreign = us.adminClient().namespaces().withName(serviceNamespace).get();
    assertThat(foreign.getMetadata().getLabels()).doesNotContainKey(Labels.MANAGED_BY);
    assertThat(
            us.adminClient()
                .rbac()
                .roleBindings()
                .inNamespace(serviceNamespace)
                .withName("kubecarrier")
                .get())
        .isNull();

    // deleting the assignment leaves the foreign namespace alone
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(name)
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    Namespace after = us.adminClient().namespaces().withName(serviceNamespace).get();
    assertThat(after).isNotNull();
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void aLongManagementNamespaceGetsAHashedServiceNamespace() {
    String provider = providerNamespace("provider");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    kubeconfigSecret(provider, "eu", identityKubeconfig(eu));
    serviceCluster(provider, "eu", "eu");
    awaitReady(provider, "eu");

    String tenant = RegistryFixture.unique("t" + "x".repeat(55)); // 63 characters
    String name = Names.assignmentName(tenant, "eu");
    AssignmentFixture.create(provider, tenant, "eu");
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);
    String serviceNamespace = ready.getStatus().getServiceClusterNamespace().getName();
    assertThat(serviceNamespace)
        .hasSizeLessThanOrEqualTo(63)
        .isEqualTo(Names.serviceNamespaceName(provider, tenant))
        .isNotEqualTo("kc-" + tenant);
    assertThat(eu.adminClient().namespaces().withName(serviceNamespace).get()).isNotNull();
  }
}
