package io.kubecarrier.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.registry.PropagationRegistry;
import io.kubecarrier.propagation.status.InstanceStatus;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Kubectl;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/** The agent in-process against a real management cluster and two real service clusters. */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class PropagationIT {

  static final String EU = KubeClusters.EU_WEST_1;
  static final String US = KubeClusters.US_EAST_1;

  @Inject PropagationRegistry registry;

  static ConditionFactory eventually(String what) {
    return await(what).atMost(TestHub.TIMEOUT).pollInterval(Duration.ofMillis(200));
  }

  @Test
  void instancesLiveInTheirRegionAndTheirStatusComesBack() {
    int kindsBefore = registry.kinds();
    TestHub hub = TestHub.create("crud", List.of(EU, US), Map.of()).offer(List.of());
    // an entry made Ready while the agent runs is picked up without a restart
    eventually("entry picked up").until(() -> registry.kinds() > kindsBefore);

    hub.createInstance("cache-eu", EU, Map.of("version", "7.2", "replicas", 1));
    hub.createInstance("cache-us", US, Map.of("version", "7.0", "replicas", 2));

    for (String region : List.of(EU, US)) {
      String name = region.equals(EU) ? "cache-eu" : "cache-us";
      String other = region.equals(EU) ? US : EU;
      eventually(name + " synced")
          .until(() -> hub.conditionIs(name, ConditionTypes.SYNCED, "True", Reasons.SYNCED));
      GenericKubernetesResource svc = hub.serviceObject(region, name);
      assertThat(svc).isNotNull();
      assertThat(svc.getMetadata().getLabels())
          .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT)
          .containsEntry(Labels.OWNER_NAMESPACE, hub.tenantNs)
          .containsEntry(Labels.OWNER_NAME, name);
      assertThat(TestHub.map(svc, "spec"))
          .containsEntry("version", region.equals(EU) ? "7.2" : "7.0");
      assertThat(hub.serviceObject(other, name)).as("not in the other region").isNull();
      eventually(name + " status back")
          .until(() -> "Running".equals(TestHub.map(hub.tenant(name), "status").get("phase")));
      Map<String, Object> block = hub.block(name);
      assertThat(block)
          .containsEntry("serviceCluster", region)
          .containsEntry("serviceNamespace", hub.serviceNs())
          .containsKey("lastSyncTime");
      assertThat(((Number) block.get("observedGeneration")).longValue()).isEqualTo(1L);
      assertThat(hub.condition(name, ConditionTypes.SERVICE_CLUSTER_REACHABLE))
          .containsEntry("status", "True");
      assertThat(hub.tenant(name).getMetadata().getFinalizers())
          .contains(Finalizers.PROPAGATION_AGENT);
    }

    // kubectl wait works on the block's conditions (jsonpath; see docs/propagation-agent.md)
    Kubectl.Result wait =
        KubeClusters.shared()
            .management()
            .kubectl(
                "wait",
                "-n",
                hub.tenantNs,
                "redis." + hub.group + "/cache-eu",
                "--for=jsonpath={.status.kubecarrier.conditions[?(@.type==\"Synced\")].status}=True",
                "--timeout=30s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();

    // update: the change goes down, the new generation comes back
    hub.editTenantSpec("cache-eu", "version", "7.4");
    eventually("update applied")
        .until(
            () ->
                "7.4"
                    .equals(TestHub.map(hub.serviceObject(EU, "cache-eu"), "spec").get("version")));
    eventually("generation 2 observed")
        .until(
            () ->
                hub.block("cache-eu").get("observedGeneration") instanceof Number n
                    && n.longValue() == 2L
                    && hub.conditionIs("cache-eu", ConditionTypes.SYNCED, "True", null));
    // the service operator's status follows the new generation too
    eventually("service status of generation 2")
        .until(
            () ->
                TestHub.map(hub.tenant("cache-eu"), "status").get("observedGeneration")
                        instanceof Number n
                    && n.longValue() == 2L);

    // delete: the service objects go first, then the tenant objects
    hub.deleteTenant("cache-eu");
    hub.deleteTenant("cache-us");
    eventually("service objects deleted")
        .until(
            () ->
                hub.serviceObject(EU, "cache-eu") == null
                    && hub.serviceObject(US, "cache-us") == null);
    eventually("tenant objects deleted")
        .until(() -> hub.tenant("cache-eu") == null && hub.tenant("cache-us") == null);
  }

  @Test
  void connectionSecretIsCopiedRotatedAndRemoved() {
    TestHub hub = TestHub.create("conn", List.of(EU), Map.of()).offer(List.of());
    hub.createInstance("db", null, Map.of("version", "7.2"));
    String copyName = Names.connectionSecretName(hub.group, SampleRedisOperator.KIND, "db");
    eventually("connection secret copied")
        .until(() -> hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(copyName).get() != null);
    Secret copy = hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(copyName).get();
    Secret source =
        hub.service(EU)
            .secrets()
            .inNamespace(hub.serviceNs())
            .withName("db" + SampleRedisOperator.SECRET_SUFFIX)
            .get();
    assertThat(copy.getData()).isEqualTo(source.getData());
    assertThat(decode(copy, "host")).contains("db.");
    assertThat(copy.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT);

    // the status names the copy and records a hash of its content (a restarted agent compares it
    // instead of reading every copy back)
    eventually("copy recorded in the status")
        .until(() -> connectionSecret(hub.tenant("db")).get("name"), copyName::equals);
    String hashBefore = connectionSecret(hub.tenant("db")).get("hash");
    assertThat(hashBefore).hasSize(Names.HASH_LENGTH);

    String before = decode(copy, "password");
    SampleRedisOperator.shared(EU, hub.service(EU)).rotatePassword(hub.serviceNs(), "db");
    eventually("rotation copied")
        .until(
            () ->
                !before.equals(
                    decode(
                        hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(copyName).get(),
                        "password")));
    eventually("new hash recorded")
        .until(() -> connectionSecret(hub.tenant("db")).get("hash"), h -> !hashBefore.equals(h));

    // a key the service operator drops goes from the copy too (the copy is created, then its data
    // replaced, never merged)
    hub.service(EU)
        .secrets()
        .inNamespace(hub.serviceNs())
        .withName("db" + SampleRedisOperator.SECRET_SUFFIX)
        .edit(
            s -> {
              s.getData().remove("port");
              return s;
            });
    eventually("dropped key gone from the copy")
        .until(
            () ->
                hub.mgmt
                    .secrets()
                    .inNamespace(hub.tenantNs)
                    .withName(copyName)
                    .get()
                    .getData()
                    .keySet(),
            keys -> !keys.contains("port") && keys.contains("password"));

    hub.deleteTenant("db");
    eventually("copy removed with the instance")
        .until(
            () ->
                hub.tenant("db") == null
                    && hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(copyName).get()
                        == null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> connectionSecret(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource tenant) {
    Object block =
        InstanceStatus.block(ServiceObjects.map(tenant, "status")).get("connectionSecret");
    return block instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
  }

  static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
