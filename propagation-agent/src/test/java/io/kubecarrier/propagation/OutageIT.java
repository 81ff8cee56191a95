package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One service cluster goes away and comes back; the other keeps working meanwhile. */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class OutageIT {

  static final String EU = KubeClusters.EU_WEST_1;
  static final String US = KubeClusters.US_EAST_1;

  @Test
  void instancesOfAnUnreachableClusterWaitAndCatchUp() {
    TestHub hub = TestHub.create("outage", List.of(EU, US), Map.of()).offer(List.of());
    hub.createInstance("eu-1", EU, Map.of("version", "7.2"));
    hub.createInstance("us-1", US, Map.of("version", "7.2"));
    hub.createInstance("us-2", US, Map.of("version", "7.2"));
    for (String name : List.of("eu-1", "us-1", "us-2")) {
      eventually(name + " running")
          .until(() -> "Running".equals(TestHub.map(hub.tenant(name), "status").get("phase")));
    }

    KubeCluster us = hub.clusters.get(US);
    us.stopApiServer();
    try {
      for (String name : List.of("us-1", "us-2")) {
        eventually(name + " unreachable")
            .until(
                () ->
                    hub.conditionIs(
                        name,
                        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                        "False",
                        Reasons.CLUSTER_UNREACHABLE));
        assertThat(TestHub.map(hub.tenant(name), "status"))
            .as("the last known status stays")
            .containsEntry("phase", "Running");
      }
      // the other region keeps syncing
      hub.editTenantSpec("eu-1", "version", "7.4");
      eventually("eu-1 updated meanwhile")
          .until(
              () ->
                  "7.4".equals(TestHub.map(hub.serviceObject(EU, "eu-1"), "spec").get("version"))
                      && hub.block("eu-1").get("observedGeneration") instanceof Number n
                      && n.longValue() == 2L);
      assertThat(
              hub.conditionIs(
                  "eu-1", ConditionTypes.SERVICE_CLUSTER_REACHABLE, "True", Reasons.HEARTBEAT_OK))
          .isTrue();

      // an update and a delete made during the outage wait
      hub.editTenantSpec("us-1", "version", "7.4");
      hub.deleteTenant("us-2");
      eventually("us-1 waits")
          .until(
              () ->
                  hub.conditionIs(
                      "us-1", ConditionTypes.SYNCED, "False", Reasons.CLUSTER_UNREACHABLE));
      eventually("us-2 deletion waits")
          .until(
              () ->
                  hub.conditionIs(
                          "us-2", ConditionTypes.SYNCED, "False", Reasons.CLUSTER_UNREACHABLE)
                      && String.valueOf(hub.condition("us-2", ConditionTypes.SYNCED).get("message"))
                          .contains("deletion waits"));
      assertThat(hub.tenant("us-2")).isNotNull();
    } finally {
      us.startApiServer(Duration.ofSeconds(90));
    }

    eventually("us-1 update applied after the outage")
        .until(
            () ->
                "7.4".equals(TestHub.map(hub.serviceObject(US, "us-1"), "spec").get("version"))
                    && hub.conditionIs("us-1", ConditionTypes.SYNCED, "True", Reasons.SYNCED)
                    && hub.conditionIs(
                        "us-1", ConditionTypes.SERVICE_CLUSTER_REACHABLE, "True", null));
    eventually("us-2 deleted after the outage")
        .until(() -> hub.tenant("us-2") == null && hub.serviceObject(US, "us-2") == null);
    // nothing lost, nothing duplicated
    assertThat(
            hub.service(US)
                .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                .inNamespace(hub.serviceNs())
                .list()
                .getItems())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("us-1");
  }
}
