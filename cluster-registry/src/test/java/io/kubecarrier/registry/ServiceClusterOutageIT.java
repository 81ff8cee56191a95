package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.awaitCondition;
import static io.kubecarrier.registry.RegistryFixture.awaitReady;
import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.getServiceCluster;
import static io.kubecarrier.registry.RegistryFixture.identityKubeconfig;
import static io.kubecarrier.registry.RegistryFixture.kubeconfigSecret;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.measured;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.serviceCluster;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An outage of one service cluster's API server: that cluster turns unreachable within the grace
 * period while the other stays Ready, an assignment deletion waits for it and says so, and all of
 * it recovers when the API server is back. The API server is always restarted (other tests share
 * the clusters).
 */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterOutageIT {

  @Inject RegistryConfig config;

  @Test
  void anUnreachableClusterTurnsUnknownWhileTheOtherStaysReadyAndBothRecover() {
    String ns = providerNamespace("outage");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    kubeconfigSecret(ns, "eu", identityKubeconfig(eu));
    kubeconfigSecret(ns, "us", identityKubeconfig(us));
    serviceCluster(ns, "eu", "eu");
    serviceCluster(ns, "us", "us");
    awaitReady(ns, "eu");
    awaitReady(ns, "us");
    String tenant = RegistryFixture.unique("tenant");
    AssignmentFixture.create(ns, tenant, "eu");
    AssignmentFixture.awaitReady(ns, Names.assignmentName(tenant, "eu"));
    String serviceNamespace = Names.serviceNamespaceName(ns, tenant);

    // grace period + one interval + one request timeout, and slack for a loaded machine
    Duration detectionBound =
        config
            .heartbeatGrace()
            .plus(config.heartbeatInterval())
            .plus(config.requestTimeout())
            .plusSeconds(5);
    String settings =
        "grace "
            + config.heartbeatGrace().toSeconds()
            + "s, interval "
            + config.heartbeatInterval().toSeconds()
            + "s";
    Instant stopped;
    eu.stopApiServer();
    try {
      stopped = Instant.now();
      await("eu unreachable, us still ready")
          .atMost(detectionBound)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                assertThat(getServiceCluster(ns, "us").getStatus().isReady())
                    .as("us ready")
                    .isTrue();
                return Conditions.hasStatus(
                    getServiceCluster(ns, "eu").getStatus().getConditions(),
                    ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                    Condition.UNKNOWN);
              });
      measured(
          "API server stopped -> ServiceClusterReachable=Unknown (" + settings + ")",
          Duration.between(stopped, Instant.now()));
      var eusc = getServiceCluster(ns, "eu");
      assertThat(
              Conditions.find(eusc.getStatus().getConditions(), ConditionTypes.READY).orElseThrow())
          .satisfies(
              c -> {
                assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
                assertThat(c.getReason()).isEqualTo(Reasons.HEARTBEAT_TIMEOUT);
                assertThat(c.getMessage())
                    .contains("No successful heartbeat since")
                    .contains(eu.url());
              });
      assertThat(given().get("/q/metrics").then().extract().asString())
          .contains(
              "kubecarrier_service_cluster_reachable{namespace=\""
                  + ns
                  + "\",service_cluster=\"eu\"} 0.0")
          .contains(
              "kubecarrier_service_cluster_reachable{namespace=\""
                  + ns
                  + "\",service_cluster=\"us\"} 1.0");

      // deleting the assignment waits for the cluster and says so
      management()
          .resources(ServiceClusterAssignment.class)
          .inNamespace(ns)
          .withName(Names.assignmentName(tenant, "eu"))
          .delete();
      ServiceClusterAssignment waiting =
          AssignmentFixture.awaitReadyReason(
              ns, Names.assignmentName(tenant, "eu"), Reasons.CLUSTER_UNREACHABLE);
      assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(
              Conditions.find(waiting.getStatus().getConditions(), ConditionTypes.READY)
                  .orElseThrow()
                  .getMessage())
          .contains("waits for the service cluster");
    } finally {
      eu.startApiServer(Duration.ofSeconds(60));
    }
    Instant restarted = Instant.now();
    await("eu ready again")
        .atMost(config.heartbeatInterval().plusSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> getServiceCluster(ns, "eu").getStatus().isReady());
    measured(
        "API server ready (/readyz) -> ServiceCluster Ready again (" + settings + ")",
        Duration.between(restarted, Instant.now()));
    assertThat(getServiceCluster(ns, "us").getStatus().isReady()).isTrue();

    // the waiting deletion completes
    await("assignment gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> AssignmentFixture.get(ns, Names.assignmentName(tenant, "eu")) == null);
    assertThat(eu.adminClient().namespaces().withName(serviceNamespace).get()).isNull();
    awaitCondition(
        ns,
        "eu",
        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
        Condition.TRUE,
        Reasons.HEARTBEAT_OK,
        Duration.ofSeconds(5));
  }
}
