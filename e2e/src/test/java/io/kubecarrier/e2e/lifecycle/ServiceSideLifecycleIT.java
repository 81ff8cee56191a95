package io.kubecarrier.e2e.lifecycle;

import static io.kubecarrier.e2e.lifecycle.LifecycleIT.awaitServiceSpec;
import static io.kubecarrier.e2e.lifecycle.World.CATALOG;
import static io.kubecarrier.e2e.lifecycle.World.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.e2e.lifecycle.World.Provider;
import io.kubecarrier.e2e.lifecycle.World.Tenant;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.OperatorProcess;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle scenarios that reach into the service clusters: providers sharing a physical cluster, a
 * foreign namespace at the would-be name, pinned regions, the agent restarted while instances were
 * deleted, and letting go of a cluster that is gone for good.
 */
class ServiceSideLifecycleIT {

  static final String EU = "eu-west-1";
  static final String US = "us-east-1";

  @Test
  void twoProvidersOnOnePhysicalClusterServeTheSameTenant() {
    World w = new World("two");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Provider beta = w.provider("beta").registerClusters(EU).offerRedis("redis");
    Tenant t = w.tenant("t");
    acme.catalog("default", Map.of());
    beta.catalog("default", Map.of());
    w.step(
        "t runs a Redis named cache from each provider, in the same physical cluster",
        () -> {
          t.createRedis(acme, "cache", EU);
          t.createRedis(beta, "cache", EU);
          t.awaitRunning(acme, "cache");
          t.awaitRunning(beta, "cache");
        });
    GenericKubernetesResource fromAcme = t.serviceObject(acme, "cache");
    GenericKubernetesResource fromBeta = t.serviceObject(beta, "cache");
    assertThat(fromAcme.getMetadata().getNamespace())
        .isEqualTo(Names.serviceNamespaceName(acme.name, t.name))
        .isNotEqualTo(fromBeta.getMetadata().getNamespace());
    String acmeSecret = Names.connectionSecretName(acme.group(), "Redis", "cache");
    String betaSecret = Names.connectionSecretName(beta.group(), "Redis", "cache");
    try (KubernetesClient c = t.client()) {
      await("both connection Secrets")
          .atMost(World.TIMEOUT)
          .until(
              () ->
                  c.secrets().inNamespace(t.name).withName(acmeSecret).get() != null
                      && c.secrets().inNamespace(t.name).withName(betaSecret).get() != null);
    }
    w.step(
        "a spec field is removed from acme's Redis: removed there, beta's untouched",
        () -> {
          try (KubernetesClient c = t.client()) {
            World.mergePatch(
                c.genericKubernetesResources(Tenant.redis(acme))
                    .inNamespace(t.name)
                    .withName("cache"),
                World.nested("spec", "memory", null));
          }
          await("memory removed")
              .atMost(World.TIMEOUT)
              .until(() -> !TestMaps.spec(t.serviceObject(acme, "cache")).containsKey("memory"));
          assertThat(TestMaps.spec(t.serviceObject(beta, "cache"))).containsKey("memory");
        });
    w.step(
        "t deletes acme's Redis: beta's and its Secret stay",
        () -> {
          t.deleteRedis(acme, "cache");
          t.awaitRunning(beta, "cache");
          try (KubernetesClient c = t.client()) {
            await("acme's copy gone")
                .atMost(World.TIMEOUT)
                .until(() -> c.secrets().inNamespace(t.name).withName(acmeSecret).get() == null);
            assertThat(c.secrets().inNamespace(t.name).withName(betaSecret).get()).isNotNull();
          }
        });
    w.step("t deletes beta's Redis", () -> t.deleteRedis(beta, "cache"));
  }

  @Test
  void aForeignNamespaceAtTheWouldBeNameIsLeftAloneAndAnotherNameUsed() {
    World w = new World("fns");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Tenant t = w.tenant("t");
    String wouldBe = Names.serviceNamespaceName(acme.name, t.name);
    KubernetesClient eu = w.cluster(EU).adminClient();
    eu.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(wouldBe)
                .addToLabels("team", "someone-else")
                .endMetadata()
                .build())
        .create();
    try {
      acme.catalog("default", Map.of());
      w.step(
          "t's Redis runs in the next candidate namespace",
          () -> {
            t.createRedis(acme, "cache", EU);
            t.awaitRunning(acme, "cache");
            assertThat(t.serviceObject(acme, "cache").getMetadata().getNamespace())
                .isEqualTo(Names.serviceNamespaceCandidate(acme.name, t.name, 1));
          });
      Namespace foreign = eu.namespaces().withName(wouldBe).get();
      assertThat(foreign.getMetadata().getLabels())
          .as("never labelled")
          .doesNotContainKey(Labels.MANAGED_BY);
      w.step("t deletes its Redis", () -> t.deleteRedis(acme, "cache"));
      w.step(
          "the Catalog goes: our namespace goes, the foreign one stays",
          () -> {
            acme.deleteCatalog("default");
            await("our namespace gone")
                .atMost(World.TIMEOUT)
                .until(
                    () ->
                        eu.namespaces()
                                .withName(Names.serviceNamespaceCandidate(acme.name, t.name, 1))
                                .get()
                            == null);
            assertThat(eu.namespaces().withName(wouldBe).get()).isNotNull();
          });
    } finally {
      eu.namespaces().withName(wouldBe).delete();
    }
  }

  @Test
  void aPinnedRegionStaysWhenASecondRegionAppearsAndCannotBeChanged() {
    World w = new World("pin");
    Provider acme = w.provider("acme").registerClusters(EU, US);
    LifecycleIT.relabelCluster(acme, US, "later");
    acme.offerRedis("redis");
    Tenant t = w.tenant("t");
    acme.catalog("default", Map.of());
    w.step(
        "t's Redis without region label runs in the only region, and is pinned to it",
        () -> {
          t.createRedis(acme, "cache", null);
          t.awaitRunning(acme, "cache");
          await("pinned")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      EU.equals(
                          t.redis(acme, "cache").getMetadata().getLabels().get(Labels.REGION)));
        });
    w.step(
        "a second region appears: the Redis stays where it is",
        () -> {
          LifecycleIT.relabelCluster(acme, US, "standard");
          await("two regions offered")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      String.valueOf(
                              Walkthrough.status(
                                  acme.get(CATALOG, "CatalogEntry", "redis"), "regions"))
                          .contains(US));
          t.editRedis(acme, "cache", "memory", "300Mi");
          awaitServiceSpec(t, acme, "cache", "memory", "300Mi");
          assertThat(TestMaps.kubecarrier(t.redis(acme, "cache")))
              .containsEntry("serviceCluster", EU);
        });
    try (KubernetesClient c = t.client()) {
      assertThatThrownBy(
              () ->
                  c.genericKubernetesResources(Tenant.redis(acme))
                      .inNamespace(t.name)
                      .withName("cache")
                      .edit(
                          r -> {
                            r.getMetadata().getLabels().put(Labels.REGION, US);
                            return r;
                          }))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("immutable");
      assertThatThrownBy(
              () ->
                  c.genericKubernetesResources(Tenant.redis(acme))
                      .inNamespace(t.name)
                      .withName("cache")
                      .edit(
                          r -> {
                            r.getMetadata()
                                .setAnnotations(
                                    Map.of(Annotations.ORPHAN, Annotations.ORPHAN_TRUE));
                            return r;
                          }))
          .as("orphaning is the platform's decision")
          .isInstanceOf(KubernetesClientException.class);
    }
    w.step("t deletes its Redis", () -> t.deleteRedis(acme, "cache"));
  }

  @Test
  void theAgentRestartedWhileInstancesWereDeleted() {
    World w = new World("rst");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Tenant t = w.tenant("t");
    acme.catalog("default", Map.of());
    w.step(
        "t runs three Redis",
        () -> {
          for (String n : List.of("r1", "r2", "r3")) {
            t.createRedis(acme, n, EU);
          }
          for (String n : List.of("r1", "r2", "r3")) {
            t.awaitRunning(acme, n);
          }
        });
    String r3Namespace = t.serviceObject(acme, "r3").getMetadata().getNamespace();
    OperatorProcess agent = w.hub.operator("propagation-agent");
    agent.stop();
    try (KubernetesClient c = t.client()) {
      c.genericKubernetesResources(Tenant.redis(acme)).inNamespace(t.name).withName("r1").delete();
      c.genericKubernetesResources(Tenant.redis(acme)).inNamespace(t.name).withName("r2").delete();
    }
    // r3's finalizer is removed by hand while the agent is down: only a sweep can clean up after it
    w.admin
        .genericKubernetesResources(Tenant.redis(acme))
        .inNamespace(t.name)
        .withName("r3")
        .edit(
            r -> {
              r.getMetadata().setFinalizers(List.of());
              return r;
            });
    w.admin
        .genericKubernetesResources(Tenant.redis(acme))
        .inNamespace(t.name)
        .withName("r3")
        .delete();
    w.invariants.forget(t.name, "r3");
    w.step(
        "the agent starts again: r1 and r2 finish their deletion, r3's copy is swept",
        () -> {
          agent.start(Duration.ofMinutes(3));
          for (String n : List.of("r1", "r2")) {
            w.awaitGone(w.admin, t.group(acme), "Redis", t.name, n);
          }
          await("r3's copy swept")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      w.cluster(EU)
                              .adminClient()
                              .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                              .inNamespace(r3Namespace)
                              .withName("r3")
                              .get()
                          == null);
        });
  }

  @Test
  void aClusterGoneForGoodIsLetGoExplicitly() {
    World w = new World("lgo");
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant t = w.tenant("t");
    acme.catalog("default", Map.of());
    w.step(
        "t runs a Redis in us-east-1",
        () -> {
          t.createRedisOnceOffered(acme, "cache", US);
          t.awaitRunning(acme, "cache");
        });
    String ns = t.serviceObject(acme, "cache").getMetadata().getNamespace();
    KubeCluster us = w.cluster(US);
    us.stopApiServer();
    try {
      t.delete(acme, "cache");
      acme.delete(CORE, "ServiceCluster", US);
      await("the deletion waits for the unreachable cluster and says so")
          .atMost(World.TIMEOUT)
          .until(
              () -> t.conditionIs(acme, "cache", "Synced", "False", Reasons.CLUSTER_UNREACHABLE));
      assertThat(acme.get(CORE, "ServiceCluster", US)).as("waits").isNotNull();
      try (KubernetesClient c = acme.client()) {
        World.mergePatch(
            c.genericKubernetesResources(CORE, "ServiceCluster")
                .inNamespace(acme.name)
                .withName(US),
            Map.of(
                "metadata",
                World.nested("annotations", Annotations.LET_GO, Annotations.LET_GO_TRUE)));
      }
      w.awaitGone(w.admin, t.group(acme), "Redis", t.name, "cache");
      acme.awaitDeleted(CORE, "ServiceCluster", US);
      assertThat(
              w.admin.v1().events().inNamespace(t.name).list().getItems().stream()
                  .filter(e -> "cache".equals(e.getInvolvedObject().getName()))
                  .map(e -> e.getReason()))
          .as("reported, never silent")
          .contains(Reasons.LET_GO);
    } finally {
      us.startApiServer(Duration.ofMinutes(1));
    }
    // what stayed behind in the cluster that was let go is the cluster admin's to remove (the
    // restarted API server may answer 429 for a moment while its storage initialises)
    KubernetesClient usAdmin = us.adminClient();
    List<Namespace> left =
        await("the restarted cluster answers")
            .atMost(World.TIMEOUT)
            .ignoreExceptions()
            .until(
                () ->
                    usAdmin
                        .namespaces()
                        .withLabel(Labels.OWNER_NAMESPACE, acme.name)
                        .list()
                        .getItems(),
                l -> true);
    assertThat(left.stream().map(n -> n.getMetadata().getName()))
        .as("left behind, as reported")
        .contains(ns);
    left.forEach(n -> usAdmin.namespaces().withName(n.getMetadata().getName()).delete());
    w.invariants.forget(t.name, "cache");
    w.step(
        "after the cluster admin removes what was left, nothing of ours is left",
        () ->
            await("namespaces removed")
                .atMost(World.TIMEOUT)
                .until(
                    () ->
                        usAdmin
                            .namespaces()
                            .withLabel(Labels.OWNER_NAMESPACE, acme.name)
                            .list()
                            .getItems()
                            .isEmpty()));
  }
}
