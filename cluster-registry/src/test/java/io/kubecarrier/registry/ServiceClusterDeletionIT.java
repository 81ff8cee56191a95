package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.awaitCondition;
import static io.kubecarrier.registry.RegistryFixture.getServiceCluster;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.readyServiceCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.registry.connect.ServiceClusterClients;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deleting ServiceClusters and their assignments in every order finishes: the ServiceCluster
 * deletes its assignments and keeps its heartbeat while they finish (no deadlock with assignments
 * that need the cluster), a held assignment waits for its holder, and a cluster whose API server is
 * gone is let go explicitly with the let-go annotation.
 */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterDeletionIT {

  @Inject RegistryConfig config;
  @Inject ServiceClusterClients clients;

  @Test
  void aDeletedServiceClusterDeletesItsAssignmentsAndWaitsForTheHeldOne() {
    String provider = providerNamespace("provider");
    KubeCluster eu = readyServiceCluster(provider, "eu", KubeClusters.EU_WEST_1);
    String heldTenant = RegistryFixture.unique("held");
    String freeTenant = RegistryFixture.unique("free");
    String held = Names.assignmentName(heldTenant, "eu");
    String free = Names.assignmentName(freeTenant, "eu");
    AssignmentFixture.create(provider, heldTenant, "eu");
    AssignmentFixture.create(provider, freeTenant, "eu");
    String heldNamespace = namespaceOf(AssignmentFixture.awaitReady(provider, held));
    String freeNamespace = namespaceOf(AssignmentFixture.awaitReady(provider, free));
    AssignmentFixture.hold(provider, held);

    management().resources(ServiceCluster.class).inNamespace(provider).withName("eu").delete();

    await("the unheld assignment and its namespace gone")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                AssignmentFixture.get(provider, free) == null
                    && eu.adminClient().namespaces().withName(freeNamespace).get() == null);
    ServiceCluster waiting =
        awaitCondition(
            provider,
            "eu",
            ConditionTypes.READY,
            Condition.FALSE,
            Reasons.DEPENDENTS_EXIST,
            Duration.ofSeconds(30));
    assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
    await("the message lists the held assignment with what it waits for")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> readyMessage(getServiceCluster(provider, "eu")),
            m ->
                m.contains("1 ServiceClusterAssignment ")
                    && m.contains(held + " (Ready=True " + Reasons.IN_USE)
                    && m.contains("instances placed in namespace " + heldNamespace)
                    && !m.contains(free));

    ServiceClusterAssignment heldNow = AssignmentFixture.get(provider, held);
    assertThat(heldNow.getMetadata().getDeletionTimestamp())
        .as("deleted by the registry")
        .isNotNull();
    assertThat(heldNow.getStatus().isReady()).isTrue();
    assertThat(eu.adminClient().namespaces().withName(heldNamespace).get()).isNotNull();

    // the heartbeat goes on during deletion: reachable, and its time moves
    String beat = getServiceCluster(provider, "eu").getStatus().getLastHeartbeatTime();
    await("heartbeat continues")
        .atMost(config.heartbeatInterval().multipliedBy(3).plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> getServiceCluster(provider, "eu"),
            sc ->
                Instant.parse(sc.getStatus().getLastHeartbeatTime()).isAfter(Instant.parse(beat))
                    && sc.getStatus().isConditionTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE));

    // the agent lets go: the namespace, the assignment and the ServiceCluster go
    AssignmentFixture.release(provider, held);
    await("held assignment and ServiceCluster gone")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                AssignmentFixture.get(provider, held) == null
                    && getServiceCluster(provider, "eu") == null);
    assertThat(eu.adminClient().namespaces().withName(heldNamespace).get()).isNull();
    assertThat(clients.cached(provider, "eu")).isEmpty();
  }

  @Test
  void letGoOnAReachableClusterChangesNothingButTheMessage() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    String namespace = namespaceOf(AssignmentFixture.awaitReady(provider, name));

    letGo(provider, "us");
    await("Ready says it is let go")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> getServiceCluster(provider, "us"),
            sc -> sc.getStatus().isReady() && readyMessage(sc).contains("Let go"));

    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(name)
        .delete();
    await("assignment gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    assertThat(us.adminClient().namespaces().withName(namespace).get())
        .as("the cluster answers: cleaned up as usual")
        .isNull();
    assertThat(letGoEvent(provider, name)).isEmpty();
  }

  @Test
  void aClusterThatIsGoneIsLetGoExplicitly() {
    String provider = providerNamespace("provider");
    KubeCluster eu = readyServiceCluster(provider, "eu", KubeClusters.EU_WEST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "eu");
    AssignmentFixture.create(provider, tenant, "eu");
    String namespace = namespaceOf(AssignmentFixture.awaitReady(provider, name));

    eu.stopApiServer();
    try {
      awaitCondition(
          provider,
          "eu",
          ConditionTypes.SERVICE_CLUSTER_REACHABLE,
          Condition.UNKNOWN,
          Reasons.HEARTBEAT_TIMEOUT,
          config.heartbeatGrace().plus(config.requestTimeout()).plusSeconds(15));

      // not let go: both deletions wait, and say how to let go
      management()
          .resources(ServiceClusterAssignment.class)
          .inNamespace(provider)
          .withName(name)
          .delete();
      management().resources(ServiceCluster.class).inNamespace(provider).withName("eu").delete();
      // the reason was ClusterUnreachable before the deletion too: await the deletion's message
      ServiceClusterAssignment waiting =
          await(provider + "/" + name + " deletion waits for the service cluster")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> AssignmentFixture.get(provider, name),
                  a ->
                      a != null
                          && a.getStatus() != null
                          && readyMessage(a).contains("waits for the service cluster"));
      assertThat(
              Conditions.find(waiting.getStatus().getConditions(), ConditionTypes.READY)
                  .orElseThrow()
                  .getReason())
          .isEqualTo(Reasons.CLUSTER_UNREACHABLE);
      assertThat(readyMessage(waiting))
          .contains("waits for the service cluster")
          .contains(Annotations.LET_GO + ": \"true\"");
      ServiceCluster clusterWaiting =
          awaitCondition(
              provider,
              "eu",
              ConditionTypes.READY,
              Condition.FALSE,
              Reasons.DEPENDENTS_EXIST,
              Duration.ofSeconds(30));
      assertThat(readyMessage(clusterWaiting)).contains(name).contains(Annotations.LET_GO);
      await("both keep waiting while not let go")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  AssignmentFixture.get(provider, name) != null
                      && getServiceCluster(provider, "eu") != null);

      // let go: both finish without the cluster, with a LetGo Warning naming what stays behind
      letGo(provider, "eu");
      await("assignment and ServiceCluster gone")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  AssignmentFixture.get(provider, name) == null
                      && getServiceCluster(provider, "eu") == null);
      Event event =
          await("LetGo event")
              .atMost(Duration.ofSeconds(10))
              .until(() -> letGoEvent(provider, name), Optional::isPresent)
              .orElseThrow();
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getMessage()).contains(namespace).contains("left behind");
    } finally {
      eu.startApiServer(Duration.ofSeconds(60));
    }
    assertThat(eu.adminClient().namespaces().withName(namespace).get())
        .as("left behind in the cluster that was let go")
        .isNotNull();
    eu.adminClient().namespaces().withName(namespace).delete();
  }

  private static void letGo(String ns, String name) {
    management()
        .resources(ServiceCluster.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            sc -> {
              sc.getMetadata().getAnnotations().put(Annotations.LET_GO, Annotations.LET_GO_TRUE);
              return sc;
            });
  }

  private static Optional<Event> letGoEvent(String ns, String assignment) {
    return management().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> assignment.equals(e.getInvolvedObject().getName()))
        .filter(e -> Reasons.LET_GO.equals(e.getReason()))
        .findFirst();
  }

  private static String namespaceOf(ServiceClusterAssignment a) {
    return a.getStatus().getServiceClusterNamespace().getName();
  }

  private static String readyMessage(ServiceCluster sc) {
    return sc == null || sc.getStatus() == null
        ? ""
        : Conditions.find(sc.getStatus().getConditions(), ConditionTypes.READY)
            .map(Condition::getMessage)
            .orElse("");
  }

  private static String readyMessage(ServiceClusterAssignment a) {
    return Conditions.find(a.getStatus().getConditions(), ConditionTypes.READY)
        .map(Condition::getMessage)
        .orElse("");
  }
}
