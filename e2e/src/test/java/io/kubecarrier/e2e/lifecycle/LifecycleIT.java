package io.kubecarrier.e2e.lifecycle;

import static io.kubecarrier.e2e.lifecycle.World.CATALOG;
import static io.kubecarrier.e2e.lifecycle.World.CORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.e2e.lifecycle.World.Provider;
import io.kubecarrier.e2e.lifecycle.World.Tenant;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first rule of the hub, end to end (issue 13, docs/lifecycle.md): the four packaged operators
 * as separate processes under their own identities, two real service clusters, and every routine
 * action of providers and platform operators, in many orders. After every step the invariant
 * checker of the test kit looks at every cluster: each live instance keeps its service object (same
 * uid), one copy per instance, nothing without an owner once settled, and every deletion finishes.
 */
class LifecycleIT {

  static final String EU = "eu-west-1";
  static final String US = "us-east-1";

  @Test
  void catalogSelectorNarrowedAndWidened() {
    World w = new World("sel");
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant a = w.tenant("a");
    Tenant b = w.tenant("b");
    acme.labelTenant(a, "tier", "gold");
    acme.labelTenant(b, "tier", "gold");
    acme.catalog("gold", Map.of("tier", "gold"));
    w.step(
        "a and b each run a Redis",
        () -> {
          a.createRedis(acme, "cache", EU);
          b.createRedis(acme, "cache", US);
          a.awaitRunning(acme, "cache");
          b.awaitRunning(acme, "cache");
        });
    w.step(
        "the selector is narrowed: b is withdrawn, its Redis keeps running",
        () -> {
          acme.unlabelTenant(b, "tier");
          awaitCondition(b, acme, "cache", "Offered", "False", Reasons.WITHDRAWN);
        });
    w.step(
        "b still edits its Redis; the change reaches the service cluster",
        () -> {
          b.editRedis(acme, "cache", "memory", "512Mi");
          awaitServiceSpec(b, acme, "cache", "memory", "512Mi");
        });
    awaitRefused(b, acme, "more", US, "not offered");
    w.step(
        "the selector is widened again: b is offered again and may create",
        () -> {
          acme.labelTenant(b, "tier", "gold");
          awaitCondition(b, acme, "cache", "Offered", "True", Reasons.OFFERED);
          awaitCreated(b, acme, "more", US);
          b.awaitRunning(acme, "more");
        });
    w.step(
        "the tenants delete their instances",
        () -> {
          a.deleteRedis(acme, "cache");
          b.deleteRedis(acme, "cache");
          b.deleteRedis(acme, "more");
        });
  }

  @Test
  void catalogDeletedAndRecreated() {
    World w = new World("cat");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Tenant a = w.tenant("a");
    acme.catalog("default", Map.of());
    w.step(
        "a runs a Redis",
        () -> {
          a.createRedis(acme, "cache", null);
          a.awaitRunning(acme, "cache");
          assertThat(a.redis(acme, "cache").getMetadata().getLabels())
              .as("pinned to the only region")
              .containsEntry(Labels.REGION, EU);
        });
    w.step(
        "the Catalog is deleted: withdrawn, kept",
        () -> {
          acme.deleteCatalog("default");
          awaitCondition(a, acme, "cache", "Offered", "False", Reasons.WITHDRAWN);
          a.editRedis(acme, "cache", "memory", "1Gi");
          awaitServiceSpec(a, acme, "cache", "memory", "1Gi");
        });
    w.step(
        "the Catalog is created again: offered again",
        () -> {
          acme.catalog("default", Map.of());
          awaitCondition(a, acme, "cache", "Offered", "True", Reasons.OFFERED);
        });
    w.step("a deletes its Redis", () -> a.deleteRedis(acme, "cache"));
  }

  @Test
  void tenantRoleRemovedAndAddedBackThreeTimes() {
    World w = new World("role");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Tenant a = w.tenant("a", "Tenant", "Provider");
    acme.catalog("default", Map.of());
    w.step(
        "a runs a Redis",
        () -> {
          a.createRedis(acme, "cache", EU);
          a.awaitRunning(acme, "cache");
        });
    for (int round = 1; round <= 3; round++) {
      w.step(
          "round " + round + ": the Tenant role is removed; the Redis stays, a can still read it",
          () -> {
            w.setRoles(a.name, "Provider");
            awaitCondition(a, acme, "cache", "Offered", "False", Reasons.WITHDRAWN);
            try (KubernetesClient c = a.client()) {
              assertThat(
                      c.genericKubernetesResources(Tenant.redis(acme))
                          .inNamespace(a.name)
                          .list()
                          .getItems())
                  .hasSize(1);
            }
          });
      w.step(
          "round " + round + ": the Tenant role is back",
          () -> {
            w.setRoles(a.name, "Tenant", "Provider");
            awaitCondition(a, acme, "cache", "Offered", "True", Reasons.OFFERED);
          });
    }
    w.step("a deletes its Redis", () -> a.deleteRedis(acme, "cache"));
  }

  @Test
  void tenantAccountDeletedWithInstancesTheTenantDeletesThem() {
    World w = new World("acct");
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant a = w.tenant("a");
    Tenant b = w.tenant("b");
    acme.catalog("default", Map.of());
    w.step(
        "a and b run a Redis each",
        () -> {
          a.createRedis(acme, "cache", EU);
          b.createRedis(acme, "cache", US);
          a.awaitRunning(acme, "cache");
          b.awaitRunning(acme, "cache");
        });
    w.step(
        "b's Account is deleted: held by its Redis, which keeps running",
        () -> {
          w.deleteAccount(b.name);
          await("the hold names the instance")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      String.valueOf(Walkthrough.status(w.getAccount(b.name), "conditions"))
                          .contains("cache"));
        });
    w.step("b's user deletes its Redis itself", () -> b.deleteRedis(acme, "cache"));
    w.step(
        "then b's Account goes; a is untouched",
        () -> {
          w.awaitGone(w.admin, CATALOG, "Account", null, b.name);
          a.awaitRunning(acme, "cache");
        });
    w.step("a deletes its Redis", () -> a.deleteRedis(acme, "cache"));
  }

  @Test
  void entrySetDeletedWithInstances() {
    World w = new World("set");
    Provider acme = w.provider("acme").registerClusters(EU).offerRedis("redis");
    Tenant a = w.tenant("a");
    acme.catalog("default", Map.of());
    w.step(
        "a runs a Redis",
        () -> {
          a.createRedis(acme, "cache", EU);
          a.awaitRunning(acme, "cache");
        });
    w.step(
        "the CatalogEntrySet is deleted: it waits, the Redis keeps syncing",
        () -> {
          acme.delete(CATALOG, "CatalogEntrySet", "redis");
          awaitCondition(a, acme, "cache", "Offered", "False", Reasons.WITHDRAWN);
          a.editRedis(acme, "cache", "memory", "2Gi");
          awaitServiceSpec(a, acme, "cache", "memory", "2Gi");
        });
    awaitRefused(a, acme, "more", EU, "not offered");
    w.step(
        "a deletes its Redis; then the entry, its CRD and the set go",
        () -> {
          a.deleteRedis(acme, "cache");
          acme.awaitDeleted(CATALOG, "CatalogEntrySet", "redis");
          assertThat(acme.get(CATALOG, "CatalogEntry", "redis")).isNull();
          // deleted by the entry before it went; the API server's CRD cleanup takes a moment
          w.awaitGone(
              w.admin,
              "apiextensions.k8s.io/v1",
              "CustomResourceDefinition",
              null,
              "redis." + acme.group());
        });
  }

  @Test
  void regionRemovedFromTheSetsSelectorAndAddedBack() {
    World w = new World("reg");
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant a = w.tenant("a");
    acme.catalog("default", Map.of());
    w.step(
        "a runs a Redis in us-east-1",
        () -> {
          a.createRedis(acme, "cache", US);
          a.awaitRunning(acme, "cache");
        });
    w.step(
        "us-east-1 leaves the selector: its Redis keeps syncing there",
        () -> {
          relabelCluster(acme, US, "other");
          awaitCondition(a, acme, "cache", "Offered", "False", Reasons.WITHDRAWN);
          a.editRedis(acme, "cache", "memory", "768Mi");
          awaitServiceSpec(a, acme, "cache", "memory", "768Mi");
        });
    awaitRefused(a, acme, "more", US, "is not a region");
    w.step(
        "us-east-1 is selected again",
        () -> {
          relabelCluster(acme, US, "standard");
          awaitCondition(a, acme, "cache", "Offered", "True", Reasons.OFFERED);
        });
    w.step("a deletes its Redis", () -> a.deleteRedis(acme, "cache"));
  }

  @Test
  void serviceClustersDeletedWithAndWithoutInstances() {
    World w = new World("sc");
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant a = w.tenant("a");
    acme.catalog("default", Map.of());
    w.step(
        "a runs a Redis in eu-west-1 only",
        () -> {
          a.createRedis(acme, "cache", EU);
          a.awaitRunning(acme, "cache");
        });
    w.step(
        "us-east-1 (no instance) is deleted: it goes, with its namespaces",
        () -> {
          acme.delete(CORE, "ServiceCluster", US);
          acme.awaitDeleted(CORE, "ServiceCluster", US);
        });
    w.step(
        "eu-west-1 (an instance) is deleted: it waits, the Redis keeps syncing",
        () -> {
          acme.delete(CORE, "ServiceCluster", EU);
          await("the ServiceCluster waits for the assignment its instance needs")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      String.valueOf(
                              Walkthrough.status(
                                  acme.get(CORE, "ServiceCluster", EU), "conditions"))
                          .contains(Reasons.DEPENDENTS_EXIST));
          a.editRedis(acme, "cache", "memory", "3Gi");
          awaitServiceSpec(a, acme, "cache", "memory", "3Gi");
        });
    w.step(
        "a deletes its Redis: the ServiceCluster goes",
        () -> {
          a.deleteRedis(acme, "cache");
          acme.awaitDeleted(CORE, "ServiceCluster", EU);
        });
  }

  // ---- helpers

  static void awaitCondition(
      Tenant t, Provider p, String redis, String type, String status, String reason) {
    await(t.name + "/" + redis + " " + type + "=" + status + "/" + reason)
        .atMost(World.TIMEOUT)
        .until(() -> t.conditionIs(p, redis, type, status, reason));
  }

  static void awaitServiceSpec(Tenant t, Provider p, String redis, String field, Object value) {
    await(t.name + "/" + redis + " spec." + field + "=" + value + " in its service cluster")
        .atMost(World.TIMEOUT)
        .until(
            () -> {
              GenericKubernetesResource s = t.serviceObject(p, redis);
              return s != null && value.equals(TestMaps.spec(s).get(field));
            });
  }

  /**
   * Awaits that a new instance is refused at admission with {@code message}: RBAC and admission
   * policy changes reach the API server's caches a moment after they are written. One admitted
   * meanwhile is deleted again (the agent does not place it: never placed, not offered).
   */
  static void awaitRefused(Tenant t, Provider p, String redis, String region, String message) {
    await(t.name + " is refused a new " + redis + " (" + message + ")")
        .atMost(World.TIMEOUT)
        .until(
            () -> {
              try {
                t.createRedis(p, redis, region);
              } catch (KubernetesClientException e) {
                if (String.valueOf(e.getMessage()).contains(message)) {
                  return true;
                }
                throw e;
              }
              t.deleteRedis(p, redis);
              return false;
            });
  }

  /** Creates as soon as admission lets it (RBAC and policy changes take a moment to arrive). */
  static void awaitCreated(Tenant t, Provider p, String redis, String region) {
    await(t.name + " may create " + redis)
        .atMost(World.TIMEOUT)
        .ignoreException(KubernetesClientException.class)
        .until(() -> t.createRedis(p, redis, region) != null);
  }

  static void relabelCluster(Provider p, String cluster, String tier) {
    try (KubernetesClient c = p.client()) {
      // a merge patch: the registry writes the ServiceCluster's status every heartbeat
      World.mergePatch(
          c.genericKubernetesResources(CORE, "ServiceCluster")
              .inNamespace(p.name)
              .withName(cluster),
          Map.of("metadata", World.nested("labels", "kubecarrier.io/tier", tier)));
    }
  }

  static void foreignNamespace(World w, String region, String name) {
    w.cluster(region)
        .adminClient()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static String serviceNamespace(Provider p, Tenant t) {
    return Names.serviceNamespaceName(p.name, t.name);
  }

  static final Duration SHORT = Duration.ofSeconds(5);

  static List<GenericKubernetesResource> redisIn(World w, String region, String namespace) {
    return w.cluster(region)
        .adminClient()
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(namespace)
        .list()
        .getItems();
  }
}
