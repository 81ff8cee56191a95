package io.kubecarrier.e2e.lifecycle;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.e2e.Hub;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.invariants.HubInvariants;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The people and objects of one lifecycle test on the shared hub: provider and tenant accounts with
 * names of their own (so tests never meet), acting as the people who would act (impersonation, so
 * the real RBAC authorizer and admission policies decide), and the invariant checker limited to the
 * test's namespaces.
 */
final class World {

  static final String CATALOG = "catalog.kubecarrier.io/v1alpha1";
  static final String CORE = "kubecarrier.io/v1alpha1";
  static final String HUB_DOMAIN = "hub.kubecarrier.io";
  static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");

  private static boolean serviceClustersPrepared;

  final Hub hub = SharedHub.get();
  final KubernetesClient admin = hub.management().adminClient();
  final HubInvariants invariants = HubInvariants.of(hub.clusters()).settleWithin(TIMEOUT);
  private final String id = UUID.randomUUID().toString().substring(0, 4);

  /**
   * The tenant accounts of this world: its Catalogs select only them (other tests share the hub).
   */
  private final List<String> tenants = new ArrayList<>();

  private final String scenario;

  World(String scenario) {
    this.scenario = scenario;
    prepareServiceClusters(hub);
  }

  /** The sample Redis operator and KubeCarrier's identity in each service cluster, once. */
  private static synchronized void prepareServiceClusters(Hub hub) {
    if (serviceClustersPrepared) {
      return;
    }
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      SampleRedisOperator.shared(c.name(), c.adminClient());
      Manifests.apply(c.adminClient(), K8sBinaries.repoRoot().resolve("k8s/service-cluster"));
    }
    serviceClustersPrepared = true;
  }

  String name(String base) {
    return scenario + "-" + base + "-" + id;
  }

  KubeCluster cluster(String region) {
    return hub.clusters().get(region);
  }

  /** Runs {@code step} and checks every invariant after it. */
  void step(String title, Runnable step) {
    System.out.printf("[%s] %s%n", scenario, title);
    step.run();
    System.out.printf("[%s]   invariants %s%n", scenario, invariants.check(title).summary());
  }

  // ---- accounts (as the platform operator)

  Provider provider(String base) {
    String name = name(base);
    account(name, "Provider", name + "-admin");
    invariants.limitedTo(name);
    return new Provider(this, name);
  }

  Tenant tenant(String base) {
    return tenant(base, "Tenant");
  }

  /** A tenant account with {@code roles} (Tenant and possibly Provider); its user is name-user. */
  Tenant tenant(String base, String... roles) {
    String name = name(base);
    tenants.add(name);
    account(name, String.join(", ", roles), name + "-user");
    invariants.limitedTo(name);
    return new Tenant(this, name);
  }

  private void account(String name, String roles, String user) {
    Walkthrough.apply(admin, Walkthrough.account(name, roles, user, name));
    Walkthrough.awaitReady(admin, CATALOG, "Account", null, name);
  }

  void deleteAccount(String name) {
    admin.genericKubernetesResources(CATALOG, "Account").withName(name).delete();
  }

  /**
   * A JSON merge patch, as {@code kubectl patch --type merge}: no resourceVersion, so the
   * operators' concurrent writes to the same object (status, finalizers, heartbeats) do not make it
   * fail with a conflict, as a get-then-update would. A null value removes the key.
   */
  static void mergePatch(Resource<GenericKubernetesResource> object, Map<String, ?> patch) {
    object.patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  /** {@code {outer: {key: value}}}, value may be null (removes the key in a merge patch). */
  static Map<String, Object> nested(String outer, String key, Object value) {
    Map<String, Object> inner = new HashMap<>();
    inner.put(key, value);
    return Map.of(outer, inner);
  }

  void setRoles(String account, String... roles) {
    mergePatch(
        admin.genericKubernetesResources(CATALOG, "Account").withName(account),
        nested("spec", "roles", List.of(roles)));
  }

  GenericKubernetesResource getAccount(String name) {
    return admin.genericKubernetesResources(CATALOG, "Account").withName(name).get();
  }

  /** Awaits that the object is gone (its deletion finished), naming what holds it if not. */
  void awaitGone(KubernetesClient c, String apiVersion, String kind, String ns, String name) {
    try {
      await(kind + " " + name + " gone")
          .atMost(TIMEOUT)
          .until(() -> Walkthrough.get(c, apiVersion, kind, ns, name) == null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      GenericKubernetesResource r = Walkthrough.get(admin, apiVersion, kind, ns, name);
      throw new AssertionError(
          kind
              + " "
              + ns
              + "/"
              + name
              + " is stuck: finalizers "
              + (r == null ? null : r.getMetadata().getFinalizers())
              + ", conditions "
              + Walkthrough.status(r, "conditions"),
          e);
    }
  }

  /** A provider account and what it does in its namespace, as its admin user. */
  static final class Provider {
    final World world;
    final String name;
    final String user;

    Provider(World world, String name) {
      this.world = world;
      this.name = name;
      this.user = name + "-admin";
    }

    KubernetesClient client() {
      return world.hub.management().impersonating(user);
    }

    String group() {
      return name + "." + HUB_DOMAIN;
    }

    /** Registers service clusters (the real ones of the harness) under their own names. */
    Provider registerClusters(String... regions) {
      try (KubernetesClient c = client()) {
        for (String region : regions) {
          KubeCluster cluster = world.cluster(region);
          String token =
              cluster.serviceAccountToken(
                  "kubecarrier-system", "kubecarrier", Duration.ofHours(24));
          Walkthrough.apply(
              c,
              """
              apiVersion: v1
              kind: Secret
              metadata:
                name: %s-kubeconfig
                namespace: %s
              stringData:
                kubeconfig: |
              %s
              """
                  .formatted(
                      region,
                      name,
                      cluster.kubeconfig("kubecarrier", token).indent(4).stripTrailing()));
          Walkthrough.apply(
              c,
              """
              apiVersion: kubecarrier.io/v1alpha1
              kind: ServiceCluster
              metadata:
                name: %1$s
                namespace: %2$s
                labels: {kubecarrier.io/tier: standard}
              spec:
                metadata: {displayName: %1$s}
                kubeconfigSecret: {name: %1$s-kubeconfig}
              """
                  .formatted(region, name));
        }
        for (String region : regions) {
          Walkthrough.awaitReady(c, CORE, "ServiceCluster", name, region);
        }
      }
      return this;
    }

    /** Offers the sample Redis CRD of the clusters with the label {@code tier=standard}. */
    Provider offerRedis(String set) {
      return offer(set, SampleRedisOperator.CRD_NAME, Map.of("kubecarrier.io/tier", "standard"));
    }

    Provider offer(String set, String crd, Map<String, String> clusterSelector) {
      return offer(set, crd, clusterSelector, "");
    }

    /** {@link #offer(String, String, Map)} with more of the entry set's spec (YAML, indented 2). */
    Provider offer(String set, String crd, Map<String, String> clusterSelector, String moreSpec) {
      try (KubernetesClient c = client()) {
        Walkthrough.apply(
            c,
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata:
              name: %s
              namespace: %s
            spec:
              metadata: {displayName: %s}
              discover:
                crd: {name: %s}
                serviceClusterSelector:
                  matchLabels: %s
            %s"""
                .formatted(set, name, set, crd, flow(clusterSelector), moreSpec));
        Walkthrough.awaitReady(c, CATALOG, "CatalogEntrySet", name, set);
      }
      return this;
    }

    /**
     * A Catalog of every entry to this world's tenants that match {@code tenantSelector} (empty:
     * all of them).
     */
    Provider catalog(String catalog, Map<String, String> tenantSelector) {
      try (KubernetesClient c = client()) {
        Walkthrough.apply(
            c,
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Catalog
            metadata:
              name: %s
              namespace: %s
            spec:
              catalogEntrySelector: {}
              tenantSelector:
                matchLabels: %s
                matchExpressions:
                - {key: kubecarrier.io/account, operator: In, values: %s}
            """
                .formatted(catalog, name, flow(tenantSelector), world.tenants));
        Walkthrough.awaitReady(c, CATALOG, "Catalog", name, catalog);
      }
      return this;
    }

    void deleteCatalog(String catalog) {
      try (KubernetesClient c = client()) {
        c.genericKubernetesResources(CATALOG, "Catalog")
            .inNamespace(name)
            .withName(catalog)
            .delete();
        world.awaitGone(c, CATALOG, "Catalog", name, catalog);
      }
    }

    /** Labels the provider's Tenant object of a tenant account (to select it in Catalogs). */
    void labelTenant(Tenant tenant, String key, String value) {
      try (KubernetesClient c = client()) {
        await("Tenant " + tenant.name + " in " + name)
            .atMost(TIMEOUT)
            .until(() -> Walkthrough.get(c, CATALOG, "Tenant", name, tenant.name) != null);
        mergePatch(
            c.genericKubernetesResources(CATALOG, "Tenant").inNamespace(name).withName(tenant.name),
            Map.of("metadata", nested("labels", key, value)));
      }
    }

    void unlabelTenant(Tenant tenant, String key) {
      try (KubernetesClient c = client()) {
        mergePatch(
            c.genericKubernetesResources(CATALOG, "Tenant").inNamespace(name).withName(tenant.name),
            Map.of("metadata", nested("labels", key, null)));
      }
    }

    void delete(String apiVersion, String kind, String object) {
      try (KubernetesClient c = client()) {
        c.genericKubernetesResources(apiVersion, kind).inNamespace(name).withName(object).delete();
      }
    }

    void awaitDeleted(String apiVersion, String kind, String object) {
      try (KubernetesClient c = client()) {
        world.awaitGone(c, apiVersion, kind, name, object);
      }
    }

    GenericKubernetesResource get(String apiVersion, String kind, String object) {
      return Walkthrough.get(world.admin, apiVersion, kind, name, object);
    }

    private static String flow(Map<String, String> labels) {
      return labels.entrySet().stream()
          .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
          .collect(Collectors.joining(", ", "{", "}"));
    }
  }

  /** A tenant account and what its user does in its namespace. */
  static final class Tenant {
    final World world;
    final String name;
    final String user;

    Tenant(World world, String name) {
      this.world = world;
      this.name = name;
      this.user = name + "-user";
    }

    KubernetesClient client() {
      return world.hub.management().impersonating(user);
    }

    static ResourceDefinitionContext redis(Provider p) {
      return new ResourceDefinitionContext.Builder()
          .withGroup(p.group())
          .withVersion(SampleRedisOperator.VERSION)
          .withKind(SampleRedisOperator.KIND)
          .withPlural(SampleRedisOperator.PLURAL)
          .withNamespaced(true)
          .build();
    }

    /**
     * Creates a Redis of {@code p} as the tenant's user; {@code region} may be null. Awaits first
     * that RBAC lets the user create it (a Role the catalog operator has just written reaches the
     * API server's authorizer a moment later); admission may still refuse it.
     */
    GenericKubernetesResource createRedis(Provider p, String redis, String region) {
      awaitMayCreate(p.group(), SampleRedisOperator.PLURAL);
      try (KubernetesClient c = client()) {
        return (GenericKubernetesResource)
            Walkthrough.apply(
                c,
                """
                apiVersion: %s/%s
                kind: Redis
                metadata:
                  name: %s
                  namespace: %s
                  labels: %s
                spec: {version: "7.2", memory: 256Mi}
                """
                    .formatted(
                        p.group(),
                        SampleRedisOperator.VERSION,
                        redis,
                        name,
                        region == null ? "{}" : "{kubecarrier.io/region: " + region + "}"));
      }
    }

    /**
     * {@link #createRedis} in {@code region}, again while admission says the region is not (yet)
     * one of the offering's: a cluster registered with the others can be discovered a moment after
     * the first, and the region policy follows its discovery.
     */
    GenericKubernetesResource createRedisOnceOffered(Provider p, String redis, String region) {
      java.util.concurrent.atomic.AtomicReference<GenericKubernetesResource> made =
          new java.util.concurrent.atomic.AtomicReference<>();
      await(redis + " created once " + region + " is a region of " + p.group())
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                try {
                  made.set(createRedis(p, redis, region));
                  return true;
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                  if (String.valueOf(e.getMessage()).contains("is not a region of offering")) {
                    return false;
                  }
                  throw e;
                }
              });
      return made.get();
    }

    /**
     * Awaits that RBAC lets the user create and patch {@code plural.group} in its namespace (a Role
     * the catalog operator has just written reaches the API server's authorizer a moment later).
     */
    void awaitMayCreate(String group, String plural) {
      try (KubernetesClient c = client()) {
        await(user + " may create and patch " + plural + "." + group)
            .atMost(TIMEOUT)
            .until(() -> allowed(c, group, plural, "create") && allowed(c, group, plural, "patch"));
      }
    }

    private boolean allowed(KubernetesClient c, String group, String plural, String verb) {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withGroup(group)
              .withResource(plural)
              .withNamespace(name)
              .withVerb(verb)
              .endResourceAttributes()
              .endSpec()
              .build();
      return c.authorization()
          .v1()
          .selfSubjectAccessReview()
          .create(review)
          .getStatus()
          .getAllowed();
    }

    GenericKubernetesResource redis(Provider p, String redis) {
      return world
          .admin
          .genericKubernetesResources(redis(p))
          .inNamespace(name)
          .withName(redis)
          .get();
    }

    /** Awaits that the instance runs: {@code Synced=True} and the operator's phase Running. */
    GenericKubernetesResource awaitRunning(Provider p, String redis) {
      return await(name + "/" + redis + " Running")
          .atMost(TIMEOUT)
          .until(
              () -> redis(p, redis),
              r ->
                  r != null
                      && "Running".equals(Walkthrough.status(r, "phase"))
                      && "True".equals(condition(r, "Synced").get("status")));
    }

    /**
     * Edits the spec as the tenant's user ({@link #mergePatch}: the agent writes the same object).
     */
    void editRedis(Provider p, String redis, String field, Object value) {
      try (KubernetesClient c = client()) {
        mergePatch(
            c.genericKubernetesResources(redis(p)).inNamespace(name).withName(redis),
            nested("spec", field, value));
      }
    }

    /** apiVersion of {@code p}'s Redis. */
    String group(Provider p) {
      return p.group() + "/" + SampleRedisOperator.VERSION;
    }

    /** Deletes as the tenant's user, without waiting. */
    void delete(Provider p, String redis) {
      try (KubernetesClient c = client()) {
        c.genericKubernetesResources(redis(p)).inNamespace(name).withName(redis).delete();
      }
    }

    /** Deletes as the tenant's user and awaits that the deletion finishes. */
    void deleteRedis(Provider p, String redis) {
      try (KubernetesClient c = client()) {
        c.genericKubernetesResources(redis(p)).inNamespace(name).withName(redis).delete();
      }
      // awaited as admin: once its last instance is gone, the tenant may lose its read access
      world.awaitGone(world.admin, group(p), "Redis", name, redis);
    }

    /** The instance's copy in its service cluster (from its status), or null. */
    GenericKubernetesResource serviceObject(Provider p, String redis) {
      GenericKubernetesResource r = redis(p, redis);
      Map<String, Object> block = TestMaps.kubecarrier(r);
      if (!(block.get("serviceCluster") instanceof String cluster)
          || !(block.get("serviceNamespace") instanceof String ns)) {
        return null;
      }
      return world
          .cluster(cluster)
          .adminClient()
          .genericKubernetesResources(SampleRedisOperator.CONTEXT)
          .inNamespace(ns)
          .withName(redis)
          .get();
    }

    /** A condition of {@code status.kubecarrier.conditions} as a map (empty when absent). */
    static Map<String, Object> condition(GenericKubernetesResource r, String type) {
      Object list = TestMaps.kubecarrier(r).get("conditions");
      if (list instanceof List<?> l) {
        for (Object c : l) {
          if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            return typed;
          }
        }
      }
      return Map.of();
    }

    boolean conditionIs(Provider p, String redis, String type, String status, String reason) {
      Map<String, Object> c = condition(redis(p, redis), type);
      return Objects.equals(status, c.get("status"))
          && (reason == null || Objects.equals(reason, c.get("reason")));
    }

    /** Names of the tenant's Offerings, as its user sees them. */
    List<String> offerings() {
      try (KubernetesClient c = client()) {
        return new ArrayList<>(
            c
                .genericKubernetesResources(CATALOG, "Offering")
                .inNamespace(name)
                .list()
                .getItems()
                .stream()
                .map(o -> o.getMetadata().getName())
                .toList());
      }
    }
  }
}
