package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.awaitCondition;
import static io.kubecarrier.registry.RegistryFixture.awaitReady;
import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.condition;
import static io.kubecarrier.registry.RegistryFixture.getServiceCluster;
import static io.kubecarrier.registry.RegistryFixture.identityKubeconfig;
import static io.kubecarrier.registry.RegistryFixture.kubeconfigSecret;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.measured;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.serviceCluster;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.registry.connect.ServiceClusterClients;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ServiceClusters against the real management cluster and the two real service clusters, through
 * KubeCarrier's least-privilege identity of k8s/service-cluster/.
 */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterIT {

  @Inject ServiceClusterClients clients;

  @Test
  void twoServiceClustersBecomeReadyWithTheirRealVersions() {
    String ns = providerNamespace("provider");
    for (KubeCluster service : RegistryFixture.clusters().serviceClusters()) {
      kubeconfigSecret(ns, service.name() + "-kubeconfig", identityKubeconfig(service));
      Instant created = Instant.now();
      serviceCluster(ns, service.name(), service.name() + "-kubeconfig");
      ServiceCluster ready = awaitReady(ns, service.name());
      measured(
          "ServiceCluster " + service.name() + " created -> Ready",
          Duration.between(created, Instant.now()));

      String realVersion = service.adminClient().getKubernetesVersion().getGitVersion();
      assertThat(ready.getStatus().getKubernetesVersion()).isEqualTo(realVersion).startsWith("v1.");
      assertThat(ready.getStatus().getLastHeartbeatTime()).isNotBlank();
      assertThat(condition(ready, ConditionTypes.SERVICE_CLUSTER_REACHABLE))
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(Condition.TRUE));
      assertThat(ready.getStatus().getObservedGeneration())
          .isEqualTo(ready.getMetadata().getGeneration());
      assertThat(ready.getMetadata().getFinalizers()).contains("kubecarrier.io/cluster-registry");
    }
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String name : List.of(KubeClusters.EU_WEST_1, KubeClusters.US_EAST_1)) {
      assertThat(metrics)
          .contains(
              "kubecarrier_service_cluster_reachable{namespace=\""
                  + ns
                  + "\",service_cluster=\""
                  + name
                  + "\"} 1.0")
          .contains("kubecarrier_service_cluster_heartbeat_seconds_bucket{namespace=\"" + ns);
    }
  }

  @Test
  void heartbeatsMoveTheHeartbeatTimeButNotTheTransitionTime() {
    String ns = providerNamespace("provider");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    kubeconfigSecret(ns, "eu", identityKubeconfig(eu));
    serviceCluster(ns, "eu", "eu");
    ServiceCluster first = awaitReady(ns, "eu");
    String transition =
        condition(first, ConditionTypes.READY).orElseThrow().getLastTransitionTime();
    String heartbeat = first.getStatus().getLastHeartbeatTime();
    ServiceCluster later =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> getServiceCluster(ns, "eu"),
                sc -> !heartbeat.equals(sc.getStatus().getLastHeartbeatTime()));
    assertThat(condition(later, ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo(transition);
  }

  @Test
  void brokenConnectionsGiveDistinctReasonsAndRecover() throws Exception {
    String ns = providerNamespace("provider");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    String good = identityKubeconfig(eu);

    serviceCluster(ns, "no-secret", "absent");
    kubeconfigSecret(ns, "no-key", Map.of("config", good));
    serviceCluster(ns, "no-key", "no-key");
    kubeconfigSecret(ns, "garbage", "this: [is not a kubeconfig");
    serviceCluster(ns, "garbage", "garbage");
    kubeconfigSecret(
        ns,
        "exec",
        good.replace(
            "    token: ",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n    token: "));
    serviceCluster(ns, "exec", "exec");
    kubeconfigSecret(ns, "bad-token", eu.kubeconfig("kubecarrier", "not-a-valid-token"));
    serviceCluster(ns, "bad-token", "bad-token");
    kubeconfigSecret(
        ns,
        "wrong-ca",
        eu.kubeconfig("kubecarrier", "x").replace(b64(eu.caCertPem()), b64(us.caCertPem())));
    serviceCluster(ns, "wrong-ca", "wrong-ca");
    kubeconfigSecret(ns, "nowhere", good.replace(eu.url(), "https://127.0.0.1:" + freePort()));
    serviceCluster(ns, "nowhere", "nowhere");

    Map<String, String> expected =
        Map.of(
            "no-secret", Reasons.SECRET_NOT_FOUND,
            "no-key", Reasons.SECRET_KEY_MISSING,
            "garbage", Reasons.INVALID_KUBECONFIG,
            "exec", Reasons.INVALID_KUBECONFIG,
            "bad-token", Reasons.UNAUTHORIZED,
            "wrong-ca", Reasons.TLS_ERROR,
            "nowhere", Reasons.UNREACHABLE);
    expected.forEach(
        (name, reason) -> {
          ServiceCluster sc =
              awaitCondition(
                  ns, name, ConditionTypes.READY, Condition.FALSE, reason, Duration.ofSeconds(30));
          Condition reachable =
              condition(sc, ConditionTypes.SERVICE_CLUSTER_REACHABLE).orElseThrow();
          assertThat(reachable.getStatus()).isEqualTo(Condition.FALSE);
          assertThat(reachable.getReason()).isEqualTo(reason);
          assertThat(reachable.getMessage()).as(name + " message").hasSizeGreaterThan(40);
        });
    assertThat(
            condition(getServiceCluster(ns, "exec"), ConditionTypes.READY)
                .orElseThrow()
                .getMessage())
        .contains("exec credential plugin");

    // each failure is reported once as a Warning event
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<Event> events = management().v1().events().inNamespace(ns).list().getItems();
              for (var e : expected.entrySet()) {
                assertThat(events)
                    .filteredOn(ev -> e.getKey().equals(ev.getInvolvedObject().getName()))
                    .extracting(Event::getReason)
                    .containsExactly(e.getValue());
              }
            });

    // no hot loop: a lasting error leaves the object alone
    String version = getServiceCluster(ns, "no-secret").getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> getServiceCluster(ns, "no-secret").getMetadata().getResourceVersion(),
            version::equals);

    // fixing the Secret makes the cluster ready (within the error back-off)
    kubeconfigSecret(ns, "absent", good);
    awaitReady(ns, "no-secret");
  }

  @Test
  void rotatedCredentialsRebuildTheClientAndRevokedOnesAreNotUsed() {
    String ns = providerNamespace("provider");
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    String holderA = RegistryFixture.unique("token-a");
    String holderB = RegistryFixture.unique("token-b");
    String tokenA = RegistryFixture.revocableToken(us, holderA);
    kubeconfigSecret(ns, "us", us.kubeconfig("kubecarrier", tokenA));
    serviceCluster(ns, "us", "us");
    awaitReady(ns, "us");
    String builtFrom = clients.cached(ns, "us").orElseThrow().secretVersion();

    // rotate: the client is rebuilt from the new Secret version
    String tokenB = RegistryFixture.revocableToken(us, holderB);
    kubeconfigSecret(ns, "us", us.kubeconfig("kubecarrier", tokenB));
    String secretVersion =
        management()
            .secrets()
            .inNamespace(ns)
            .withName("us")
            .get()
            .getMetadata()
            .getResourceVersion();
    await("client rebuilt")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> clients.cached(ns, "us").orElseThrow().secretVersion(),
            v -> v.endsWith("/" + secretVersion));
    assertThat(clients.cached(ns, "us").orElseThrow().secretVersion()).isNotEqualTo(builtFrom);

    // revoke A: the registry does not use it any more, so the cluster stays ready
    RegistryFixture.revoke(us, holderA);
    try (KubernetesClient revoked = us.client(tokenA)) {
      await("token A revoked")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> revoked.getKubernetesVersion())
                      .hasMessageContaining("401"));
    }
    String heartbeat = getServiceCluster(ns, "us").getStatus().getLastHeartbeatTime();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> getServiceCluster(ns, "us").getStatus().isReady());
    assertThat(getServiceCluster(ns, "us").getStatus().getLastHeartbeatTime())
        .isNotEqualTo(heartbeat);

    // revoke B, which is in use: the next heartbeat says so
    RegistryFixture.revoke(us, holderB);
    awaitCondition(
        ns,
        "us",
        ConditionTypes.READY,
        Condition.FALSE,
        Reasons.UNAUTHORIZED,
        Duration.ofSeconds(15));
  }

  @Test
  void deletingAServiceClusterClosesItsClientAndDropsItsMetrics() {
    String ns = providerNamespace("provider");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    kubeconfigSecret(ns, "gone", identityKubeconfig(eu));
    serviceCluster(ns, "gone", "gone");
    awaitReady(ns, "gone");
    assertThat(clients.cached(ns, "gone")).isPresent();

    management().resources(ServiceCluster.class).inNamespace(ns).withName("gone").delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> getServiceCluster(ns, "gone") == null);
    assertThat(clients.cached(ns, "gone")).isEmpty();
    assertThat(given().get("/q/metrics").then().extract().asString())
        .doesNotContain("namespace=\"" + ns + "\",service_cluster=\"gone\"");
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder()
        .encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
