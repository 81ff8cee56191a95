package io.kubecarrier.e2e.lifecycle;

import static io.kubecarrier.e2e.lifecycle.World.CATALOG;
import static io.kubecarrier.e2e.lifecycle.World.CORE;

import io.kubecarrier.e2e.lifecycle.World.Provider;
import io.kubecarrier.e2e.lifecycle.World.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every deletion finishes, in any order (docs/lifecycle.md, "Deletion in any order"): a provider
 * and two tenants with running instances are torn down in three orders, including the documented
 * one that used to deadlock (ServiceCluster waiting for its assignments, the assignments waiting
 * for a Ready ServiceCluster). Holds wait only for the instances, which their tenants delete last;
 * after each step the invariants hold, and at the end nothing of ours is left in any cluster.
 */
class TeardownIT {

  static final String EU = "eu-west-1";
  static final String US = "us-east-1";

  record Setup(World world, Provider acme, Tenant a, Tenant b) {}

  static Setup running(String scenario) {
    World w = new World(scenario);
    Provider acme = w.provider("acme").registerClusters(EU, US).offerRedis("redis");
    Tenant a = w.tenant("a");
    Tenant b = w.tenant("b");
    acme.catalog("default", Map.of());
    w.step(
        "a and b run a Redis each, in both regions",
        () -> {
          a.createRedis(acme, "cache", EU);
          b.createRedis(acme, "cache", US);
          a.awaitRunning(acme, "cache");
          b.awaitRunning(acme, "cache");
        });
    return new Setup(w, acme, a, b);
  }

  @Test
  void providerInTheDocumentedOrderThenTenants() {
    Setup s = running("td1");
    World w = s.world();
    w.step("the Catalog is deleted", () -> s.acme().deleteCatalog("default"));
    w.step(
        "the CatalogEntrySet is deleted (waits for instances)",
        () -> s.acme().delete(CATALOG, "CatalogEntrySet", "redis"));
    w.step(
        "both ServiceClusters are deleted (wait for the assignments the instances need)",
        () -> {
          s.acme().delete(CORE, "ServiceCluster", EU);
          s.acme().delete(CORE, "ServiceCluster", US);
        });
    w.step("the provider Account is deleted (waits)", () -> w.deleteAccount(s.acme().name));
    w.step(
        "the tenants delete their instances: everything of the provider finishes",
        () -> {
          s.a().deleteRedis(s.acme(), "cache");
          s.b().deleteRedis(s.acme(), "cache");
          w.awaitGone(w.admin, CATALOG, "Account", null, s.acme().name);
        });
    w.step(
        "the tenant Accounts are deleted",
        () -> {
          w.deleteAccount(s.a().name);
          w.deleteAccount(s.b().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.a().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.b().name);
        });
    w.invariants.assertNothingLeft("teardown td1");
  }

  @Test
  void providerAccountFirstThenTenants() {
    Setup s = running("td2");
    World w = s.world();
    w.step(
        "the provider Account alone is deleted: it deletes its hub objects and waits",
        () -> w.deleteAccount(s.acme().name));
    w.step(
        "the tenants edit and delete their instances; the provider goes",
        () -> {
          s.a().editRedis(s.acme(), "cache", "memory", "1Gi");
          LifecycleIT.awaitServiceSpec(s.a(), s.acme(), "cache", "memory", "1Gi");
          s.a().deleteRedis(s.acme(), "cache");
          s.b().deleteRedis(s.acme(), "cache");
          w.awaitGone(w.admin, CATALOG, "Account", null, s.acme().name);
        });
    w.step(
        "the tenant Accounts are deleted",
        () -> {
          w.deleteAccount(s.a().name);
          w.deleteAccount(s.b().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.a().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.b().name);
        });
    w.invariants.assertNothingLeft("teardown td2");
  }

  @Test
  void tenantsFirstThenEverythingOfTheProviderAtOnce() {
    Setup s = running("td3");
    World w = s.world();
    w.step(
        "both tenant Accounts are deleted (held by their instances)",
        () -> {
          w.deleteAccount(s.a().name);
          w.deleteAccount(s.b().name);
        });
    w.step(
        "the tenants delete their instances; their Accounts go",
        () -> {
          s.a().deleteRedis(s.acme(), "cache");
          s.b().deleteRedis(s.acme(), "cache");
          w.awaitGone(w.admin, CATALOG, "Account", null, s.a().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.b().name);
        });
    w.step(
        "ServiceClusters, entry set, Catalog and provider Account, all at once",
        () -> {
          s.acme().delete(CORE, "ServiceCluster", EU);
          s.acme().delete(CORE, "ServiceCluster", US);
          s.acme().delete(CATALOG, "CatalogEntrySet", "redis");
          s.acme().delete(CATALOG, "Catalog", "default");
          w.deleteAccount(s.acme().name);
          w.awaitGone(w.admin, CATALOG, "Account", null, s.acme().name);
        });
    w.invariants.assertNothingLeft("teardown td3");
  }
}
