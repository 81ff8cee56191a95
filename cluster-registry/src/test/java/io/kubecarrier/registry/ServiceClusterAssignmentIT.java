package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.readyServiceCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceClusterAssignments create, record and delete namespaces in a real service cluster. */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterAssignmentIT {

  @Test
  void createsRecordsAndDeletesTheServiceNamespace() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);

    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);

    String serviceNamespace = "kc-" + provider + "-" + tenant;
    assertThat(ready.getStatus().getServiceClusterNamespace().getName())
        .isEqualTo(serviceNamespace)
        .isEqualTo(Names.serviceNamespaceName(provider, tenant));
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
  void aForeignNamespaceAtTheNameIsSkippedForTheNextCandidateAndLeftAlone() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);

    String tenant = RegistryFixture.unique("tenant");
    String taken = Names.serviceNamespaceCandidate(provider, tenant, 0);
    String next = Names.serviceNamespaceCandidate(provider, tenant, 1);
    Namespace foreign = foreignNamespace(us, taken);
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);

    assertThat(ready.getStatus().getServiceClusterNamespace().getName()).isEqualTo(next);
    assertThat(
            Conditions.find(ready.getStatus().getConditions(), ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains(next)
        .contains(taken);
    Namespace created = us.adminClient().namespaces().withName(next).get();
    assertThat(created.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY)
        .containsEntry(Labels.OWNER_NAMESPACE, provider);
    assertThat(roleBinding(us, next)).isNotNull();
    assertUntouched(us, foreign);

    // deleting the assignment deletes its namespace and leaves the foreign one alone
    deleteAssignment(provider, name);
    await("assignment gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    assertThat(us.adminClient().namespaces().withName(next).get()).isNull();
    assertUntouched(us, foreign);
    us.adminClient().namespaces().withName(taken).delete();
  }

  @Test
  void everyCandidateForeignIsAConflictNamingThemAll() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);

    String tenant = RegistryFixture.unique("tenant");
    List<Namespace> foreign = new ArrayList<>();
    for (int attempt = 0; attempt < 4; attempt++) {
      foreign.add(foreignNamespace(us, Names.serviceNamespaceCandidate(provider, tenant, attempt)));
    }
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment conflict =
        AssignmentFixture.awaitReadyReason(provider, name, Reasons.NAMESPACE_CONFLICT);
    Condition created =
        Conditions.find(conflict.getStatus().getConditions(), ConditionTypes.NAMESPACE_CREATED)
            .orElseThrow();
    assertThat(created.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(created.getMessage()).contains("never taken over");
    foreign.forEach(ns -> assertThat(created.getMessage()).contains(ns.getMetadata().getName()));
    assertThat(conflict.getStatus().getServiceClusterNamespace()).isNull();

    deleteAssignment(provider, name);
    await("assignment gone")
        .atMost(Duration.ofSeconds(30))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    for (Namespace ns : foreign) {
      assertUntouched(us, ns);
      us.adminClient().namespaces().withName(ns.getMetadata().getName()).delete();
    }
  }

  @Test
  void anAssignmentHeldByTheAgentKeepsItsNamespaceUntilReleased() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);

    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);
    String serviceNamespace = ready.getStatus().getServiceClusterNamespace().getName();
    AssignmentFixture.hold(provider, name);

    deleteAssignment(provider, name);
    ServiceClusterAssignment held =
        await("held: Ready=True InUse")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> AssignmentFixture.get(provider, name),
                a ->
                    a.getMetadata().getDeletionTimestamp() != null
                        && a.getStatus()
                            .getCondition(ConditionTypes.READY)
                            .filter(c -> Reasons.IN_USE.equals(c.getReason()))
                            .isPresent());
    Condition inUse = held.getStatus().getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(inUse.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(inUse.getMessage())
        .contains("waits for the instances placed in namespace " + serviceNamespace)
        .contains("keep running until their tenants delete them")
        .contains("kubectl -n " + tenant + " get <kind> -l kubecarrier.io/region=us");
    assertThat(held.getStatus().isConditionTrue(ConditionTypes.NAMESPACE_CREATED)).isTrue();
    assertThat(held.getStatus().getServiceClusterNamespace().getName()).isEqualTo(serviceNamespace);
    Namespace kept = us.adminClient().namespaces().withName(serviceNamespace).get();
    assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(roleBinding(us, serviceNamespace)).isNotNull();

    // the namespace stays ensured while held: a removed RoleBinding comes back
    us.adminClient()
        .rbac()
        .roleBindings()
        .inNamespace(serviceNamespace)
        .withName("kubecarrier")
        .delete();
    await("RoleBinding ensured again")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> roleBinding(us, serviceNamespace) != null);
    assertThat(us.adminClient().namespaces().withName(serviceNamespace).get()).isNotNull();

    // the agent lets go: the namespace goes, then the assignment
    AssignmentFixture.release(provider, name);
    await("assignment gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    assertThat(us.adminClient().namespaces().withName(serviceNamespace).get()).isNull();
  }

  @Test
  void aRoleBindingTheApiServerRefusesToChangeIsRequestRejectedWithItsMessage() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    String serviceNamespace =
        AssignmentFixture.awaitReady(provider, name)
            .getStatus()
            .getServiceClusterNamespace()
            .getName();

    // someone replaces the registry's RoleBinding with one for another role: roleRef is immutable,
    // so the registry's apply is answered HTTP 422 (an answer, not an unreachable cluster)
    RoleBinding foreign =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("kubecarrier")
            .withNamespace(serviceNamespace)
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName("view")
            .endRoleRef()
            .addNewSubject()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("User")
            .withName("someone-else")
            .endSubject()
            .build();
    await("RoleBinding kubecarrier replaced by someone else's")
        .atMost(Duration.ofSeconds(30))
        .until(() -> replaceRoleBinding(us, foreign));

    ServiceClusterAssignment rejected =
        AssignmentFixture.awaitReadyReason(provider, name, Reasons.REQUEST_REJECTED);
    Condition ready = rejected.getStatus().getCondition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready.getMessage())
        .contains("RoleBinding kubecarrier in namespace " + serviceNamespace)
        .contains("HTTP 422")
        .contains("cannot change roleRef")
        .contains("delete it")
        .doesNotContain("does not answer");
    assertThat(rejected.getStatus().isConditionTrue(ConditionTypes.NAMESPACE_CREATED)).isTrue();
    assertThat(rejected.getStatus().getServiceClusterNamespace().getName())
        .isEqualTo(serviceNamespace);
    assertThat(roleBinding(us, serviceNamespace).getRoleRef().getName())
        .as("never taken over")
        .isEqualTo("view");
    assertThat(
            RegistryFixture.condition(
                    RegistryFixture.getServiceCluster(provider, "us"), ConditionTypes.READY)
                .orElseThrow()
                .getStatus())
        .as("the cluster itself stays Ready")
        .isEqualTo(Condition.TRUE);
    await("Warning event RequestRejected on the assignment")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                management().v1().events().inNamespace(provider).list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName()))
                    .filter(e -> "Warning".equals(e.getType()))
                    .map(Event::getReason)
                    .anyMatch(Reasons.REQUEST_REJECTED::equals));

    // doing what the message says: the registry binds its role again
    us.adminClient()
        .rbac()
        .roleBindings()
        .inNamespace(serviceNamespace)
        .withName("kubecarrier")
        .delete();
    AssignmentFixture.awaitReady(provider, name);
    assertThat(roleBinding(us, serviceNamespace).getRoleRef().getName())
        .isEqualTo("kubecarrier-service-namespace");
    await("the second, identical Ready event counted on the first one")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                management().v1().events().inNamespace(provider).list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName()))
                    .filter(e -> Reasons.READY.equals(e.getReason()))
                    .anyMatch(e -> e.getCount() != null && e.getCount() >= 2));

    deleteAssignment(provider, name);
    await("assignment gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(provider, name) == null);
  }

  /**
   * Deletes RoleBinding {@code kubecarrier} and creates {@code replacement}; false when the
   * registry created its own again in between.
   */
  private static boolean replaceRoleBinding(KubeCluster cluster, RoleBinding replacement) {
    var bindings =
        cluster
            .adminClient()
            .rbac()
            .roleBindings()
            .inNamespace(replacement.getMetadata().getNamespace());
    bindings.withName(replacement.getMetadata().getName()).delete();
    try {
      bindings.resource(replacement).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void aLongManagementNamespaceGetsAHashedServiceNamespace() {
    String provider = providerNamespace("provider");
    KubeCluster eu = readyServiceCluster(provider, "eu", KubeClusters.EU_WEST_1);

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

  private static Namespace foreignNamespace(KubeCluster cluster, String name) {
    return cluster
        .adminClient()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("team", "someone-else")
                .endMetadata()
                .build())
        .create();
  }

  /** The foreign namespace is still there, not terminating, with the same labels, unbound. */
  private static void assertUntouched(KubeCluster cluster, Namespace before) {
    Namespace now =
        cluster.adminClient().namespaces().withName(before.getMetadata().getName()).get();
    assertThat(now).isNotNull();
    assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(now.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(now.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(roleBinding(cluster, before.getMetadata().getName())).isNull();
  }

  private static RoleBinding roleBinding(KubeCluster cluster, String namespace) {
    return cluster
        .adminClient()
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .withName("kubecarrier")
        .get();
  }

  private static void deleteAssignment(String provider, String name) {
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(name)
        .delete();
  }
}
