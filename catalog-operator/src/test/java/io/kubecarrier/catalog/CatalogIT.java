package io.kubecarrier.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.DeriveConfig;
import io.kubecarrier.api.common.FieldPath;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Verbs;
import io.kubecarrier.api.common.VersionExposeConfig;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.testkit.Access;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.OperatorIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The catalog scenario of KubeCarrier, adapted, against a real API server: provider and tenant
 * accounts, a service CRD in two service clusters, CatalogEntrySets, Catalogs, tenant access
 * through the real RBAC authorizer and the ValidatingAdmissionPolicy, withdrawal (what is no longer
 * published is kept for existing instances, and refused to new ones), and cleanup. The test plays
 * the account operator, the cluster registry and, where an assignment is held, the propagation
 * agent (it writes their status and finalizers by hand); the operator runs with the ServiceAccount
 * and ClusterRoles of k8s/rbac/catalog-operator.yaml.
 */
@QuarkusTest
@TestProfile(CatalogProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogIT {

  static final String HUB = "hub.kubecarrier.io";

  final String id = UUID.randomUUID().toString().substring(0, 6);
  final String provider = "prov-" + id;
  final String tenantA = "tena-" + id;
  final String tenantB = "tenb-" + id;
  final String alice = "alice-" + id;
  final String bob = "bob-" + id;
  final String group = provider + "." + HUB;
  final String redisCrd = "redis." + group;
  final String memcachedCrd = "memcacheds." + group;

  KubeCluster management;
  KubernetesClient admin;
  Hub hub;
  Access agent;
  Access accountOperator;

  static ConditionFactory eventually() {
    return Hub.eventually();
  }

  @BeforeAll
  void setUp() {
    management = KubeClusters.shared().management();
    admin = management.adminClient();
    hub = new Hub(admin);
    hub.account(provider, AccountRole.Provider, "provider-" + id);
    hub.account(tenantA, AccountRole.Tenant, alice);
    hub.account(tenantB, AccountRole.Tenant, bob);
    hub.tenant(provider, tenantA, Map.of("plan", "gold"));
    hub.tenant(provider, tenantB, Map.of());
    hub.serviceCluster(
        provider,
        "eu-west-1",
        Map.of("kubecarrier.io/test", "yes", "kubecarrier.io/test-eu", "yes"));
    hub.serviceCluster(provider, "us-east-1", Map.of("kubecarrier.io/test", "yes"));
    // the identities of the two operators that get rights on instances through the aggregated
    // ClusterRoles this operator keeps (they do not run here: only their RBAC is checked)
    OperatorIdentity.install(management, "propagation-agent");
    OperatorIdentity.install(management, "account-operator");
    agent =
        Access.asServiceAccount(management, OperatorIdentity.SYSTEM_NAMESPACE, "propagation-agent");
    accountOperator =
        Access.asServiceAccount(management, OperatorIdentity.SYSTEM_NAMESPACE, "account-operator");
  }

  @Test
  @Order(1)
  void entrySetDiscoversAndMakesOneTenantCrd() {
    createSet(
        "redis",
        "redis.cache.example.com",
        "Redis",
        "redis",
        new DeriveConfig(
            List.of(
                new VersionExposeConfig(
                    List.of("v1"),
                    List.of(new FieldPath(".spec.version"), new FieldPath(".status.phase"))))),
        BOTH);
    // memcached is offered in one region: instances may leave the region label out
    createSet(
        "memcached", "memcacheds.cache.example.com", "Memcached", "memcacheds", null, EU_ONLY);

    CatalogEntrySet set = Hub.get(admin, CatalogEntrySet.class, provider, "redis");
    assertThat(set.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo(ConditionTypes.READY));

    // the CRD budget: 2 service clusters × 1 kind → 1 tenant CRD (per kind of the provider)
    List<CustomResourceDefinition> crds =
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel(Labels.PROVIDER, provider)
            .list()
            .getItems();
    assertThat(crds)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(redisCrd, memcachedCrd);
    assertThat(crds).filteredOn(c -> c.getSpec().getNames().getKind().equals("Redis")).hasSize(1);

    CatalogEntry entry = Hub.get(admin, CatalogEntry.class, provider, "redis");
    assertThat(entry.getStatus().getRegions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(entry.getStatus().getTenantCrd().getName()).isEqualTo(redisCrd);
    assertThat(entry.getStatus().getTenantCrd().getGroup()).isEqualTo(group);
    assertThat(entry.getStatus().getTenantCrd().getKind()).isEqualTo("Redis");
    assertThat(entry.getStatus().getTenantCrd().getPlural()).isEqualTo("redis");
    assertThat(entry.getStatus().getServiceCrd().getName()).isEqualTo("redis.cache.example.com");
    assertThat(entry.getStatus().getExposedPaths())
        .containsExactly(".spec.version", ".status.phase");
    assertThat(Hub.get(admin, CatalogEntry.class, provider, "memcached").getStatus().getRegions())
        .containsExactly("eu-west-1");
  }

  @Test
  @Order(2)
  void agentAndAccountOperatorGetRightsOnInstancesByAggregation() {
    ClusterRole instances =
        admin.rbac().clusterRoles().withName(TenantCrdAccess.INSTANCES_ROLE).get();
    assertThat(instances.getMetadata().getLabels())
        .containsEntry(Labels.AGGREGATE_TO_PROPAGATION_AGENT, "true")
        .doesNotContainKey(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR);
    assertThat(instances.getRules())
        .filteredOn(r -> r.getApiGroups().equals(List.of(group)))
        .extracting(PolicyRule::getResources)
        .containsExactly(
            List.of("memcacheds", "redis"), List.of("memcacheds/status", "redis/status"));
    ClusterRole read = admin.rbac().clusterRoles().withName(TenantCrdAccess.READ_ROLE).get();
    assertThat(read.getMetadata().getLabels())
        .containsEntry(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR, "true")
        .doesNotContainKey(Labels.AGGREGATE_TO_PROPAGATION_AGENT);
    assertThat(read.getRules())
        .filteredOn(r -> r.getApiGroups().equals(List.of(group)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("memcacheds", "redis");
              assertThat(r.getVerbs()).containsExactly("get", "list");
            });

    // the API server's aggregation controller is asynchronous
    eventually()
        .untilAsserted(
            () -> {
              for (String plural : List.of("redis", "memcacheds")) {
                String resource = plural + "." + group;
                for (String verb :
                    List.of(
                        "get", "list", "watch", "create", "update", "patch", "order", "manage")) {
                  assertThat(agent.can(verb, resource, tenantA)).as("agent " + verb).isTrue();
                }
                for (String verb : List.of("get", "update", "patch")) {
                  assertThat(agent.can(verb, resource + "/status", tenantA))
                      .as("agent " + verb + " status")
                      .isTrue();
                }
                assertThat(accountOperator.can("list", resource, tenantB)).isTrue();
                assertThat(accountOperator.can("get", resource, tenantB)).isTrue();
              }
            });
    String redis = "redis." + group;
    assertThat(agent.can("delete", redis, tenantA)).isFalse();
    assertThat(agent.can("deletecollection", redis, tenantA)).isFalse();
    assertThat(agent.can("orphan", redis, tenantA)).isFalse();
    for (String verb : List.of("watch", "create", "update", "patch", "delete")) {
      assertThat(accountOperator.can(verb, redis, tenantA))
          .as("account-operator " + verb)
          .isFalse();
    }
    assertThat(accountOperator.can("update", redis + "/status", tenantA)).isFalse();
  }

  @Test
  @Order(3)
  void deriveKeepsExactlyTheExposedPathsPlusOurStatusBlock() {
    CustomResourceDefinition crd =
        admin.apiextensions().v1().customResourceDefinitions().withName(redisCrd).get();
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    var v = crd.getSpec().getVersions().get(0);
    JSONSchemaProps root = v.getSchema().getOpenAPIV3Schema();
    assertThat(root.getProperties().keySet())
        .containsExactlyInAnyOrder("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(root.getProperties().get("spec").getProperties().keySet())
        .containsExactly("version");
    assertThat(root.getProperties().get("spec").getRequired()).containsExactly("version");
    assertThat(root.getProperties().get("status").getProperties().keySet())
        .containsExactlyInAnyOrder("phase", "kubecarrier");
    assertThat(
            root.getProperties()
                .get("status")
                .getProperties()
                .get("kubecarrier")
                .getProperties()
                .keySet())
        .contains(
            "serviceCluster",
            "serviceNamespace",
            "observedGeneration",
            "lastSyncTime",
            "conditions");
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Version", "Region")
        .doesNotContain("Memory");
  }

  @Test
  @Order(4)
  void catalogPublishesToSelectedTenants() throws Exception {
    createCatalog("gold", Map.of("plan", "gold"), List.of("redis", "memcached"));
    String ns = tenantA;
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Offering.class, ns, redisCrd)).isNotNull();
              assertThat(Hub.get(admin, Offering.class, ns, memcachedCrd)).isNotNull();
              assertThat(Hub.get(admin, Provider.class, ns, provider)).isNotNull();
              assertThat(Hub.get(admin, Region.class, ns, "eu-west-1." + provider)).isNotNull();
              assertThat(Hub.get(admin, Region.class, ns, "us-east-1." + provider)).isNotNull();
              assertThat(
                      admin
                          .rbac()
                          .roles()
                          .inNamespace(ns)
                          .withName("kubecarrier:tenant:" + redisCrd)
                          .get())
                  .isNotNull();
              assertThat(
                      admin
                          .rbac()
                          .roleBindings()
                          .inNamespace(ns)
                          .withName("kubecarrier:tenant:" + redisCrd)
                          .get())
                  .isNotNull();
              assertThat(
                      Hub.get(admin, ServiceClusterAssignment.class, provider, ns + ".eu-west-1"))
                  .isNotNull();
              assertThat(
                      Hub.get(admin, ServiceClusterAssignment.class, provider, ns + ".us-east-1"))
                  .isNotNull();
            });
    Offering o = Hub.get(admin, Offering.class, ns, redisCrd);
    assertThat(o.getSpec().getProvider().getName()).isEqualTo(provider);
    assertThat(o.getSpec().getCrd().getKind()).isEqualTo("Redis");
    assertThat(o.getSpec().getRegions())
        .extracting(ObjectReference::getName)
        .containsExactly("eu-west-1", "us-east-1");
    assertThat(o.getSpec().getMetadata().getDisplayName()).isEqualTo("redis by " + provider);
    assertThat(
            Hub.get(admin, Provider.class, ns, provider).getSpec().getMetadata().getDisplayName())
        .isEqualTo(provider + " display");
    assertThat(
            Hub.get(admin, Region.class, ns, "eu-west-1." + provider)
                .getSpec()
                .getMetadata()
                .getDisplayName())
        .isEqualTo("Region eu-west-1");
    assertThat(role(ns, redisCrd).getMetadata().getLabels())
        .containsEntry(Labels.CATALOG_ENTRY, "redis")
        .doesNotContainKey(Labels.WITHDRAWN);
    assertThat(verbs(role(ns, redisCrd))).contains("create", "delete", "order");
    assertThat(roleBinding(ns, redisCrd).getMetadata().getLabels())
        .containsEntry(Labels.CATALOG_ENTRY, "redis");
    eventually()
        .untilAsserted(
            () -> assertThat(ready(Hub.get(admin, Offering.class, ns, redisCrd))).isTrue());
    // nothing for the unselected tenant
    assertThat(admin.resources(Offering.class).inNamespace(tenantB).list().getItems()).isEmpty();

    // the catalog is Ready once the cluster registry has made the namespaces
    for (String sca : List.of(ns + ".eu-west-1", ns + ".us-east-1")) {
      hub.assignmentReady(provider, sca);
    }
    eventually()
        .untilAsserted(
            () -> {
              Catalog c = Hub.get(admin, Catalog.class, provider, "gold");
              assertThat(c.getStatus().isReady()).isTrue();
              assertThat(c.getStatus().getEntries())
                  .extracting(ObjectReference::getName)
                  .containsExactly("memcached", "redis");
              assertThat(c.getStatus().getTenants())
                  .extracting(ObjectReference::getName)
                  .containsExactly(tenantA);
              assertThat(c.getStatus().getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> assertThat(w.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN));
            });
    // kubectl get shows every value of the list-valued columns (the API server's Table prints
    // only the first value of a [*] path, hence the comma-joined fields)
    assertThat(tableCell(Offering.class, ns, redisCrd, "Regions")).isEqualTo("eu-west-1,us-east-1");
    assertThat(tableCell(Catalog.class, provider, "gold", "Entries")).isEqualTo("memcached,redis");
    assertThat(tableCell(Catalog.class, provider, "gold", "Tenants")).isEqualTo(tenantA);
  }

  @Test
  @Order(5)
  void tenantCreatesInstancesAndAdmissionChecksTheRegion() {
    KubernetesClient asAlice = management.impersonating(alice);
    var redis = asAlice.genericKubernetesResources(redisContext()).inNamespace(tenantA);
    redis.resource(instance("cache", "eu-west-1")).create();

    assertRejected(
        () -> redis.resource(instance("bad", "mars")).create(),
        "'mars' is not a region of offering " + redisCrd,
        "eu-west-1, us-east-1");
    assertRejected(
        () -> redis.resource(instance("nolabel", null)).create(),
        "kubecarrier.io/region is required",
        "eu-west-1, us-east-1");
    GenericKubernetesResource cache = redis.withName("cache").get();
    cache.getMetadata().getLabels().put(Labels.REGION, "us-east-1");
    assertRejected(() -> redis.resource(cache).update(), "immutable", "eu-west-1");
    // other changes stay possible
    GenericKubernetesResource again = redis.withName("cache").get();
    again.setAdditionalProperty("spec", Map.of("version", "7.2"));
    redis.resource(again).update();

    // the other tenant cannot see or create it, in its namespace or in A's
    Access bobAccess = Access.as(management, bob);
    assertThat(bobAccess.can("create", "redis." + group, tenantB)).isFalse();
    assertThat(bobAccess.can("get", "redis." + group, tenantA)).isFalse();
    assertThat(Access.as(management, alice).can("delete", "redis." + group, tenantA)).isTrue();
    assertThat(Access.as(management, alice).can("create", "redis." + group, tenantB)).isFalse();
    KubernetesClient asBob = management.impersonating(bob);
    assertThatThrownBy(
            () ->
                asBob
                    .genericKubernetesResources(redisContext())
                    .inNamespace(tenantB)
                    .resource(instance("mine", "eu-west-1"))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  @Test
  @Order(6)
  void orphaningIsAPlatformDecision() {
    var asAlice =
        management
            .impersonating(alice)
            .genericKubernetesResources(redisContext())
            .inNamespace(tenantA);
    var asAdmin = admin.genericKubernetesResources(redisContext()).inNamespace(tenantA);
    GenericKubernetesResource cache = asAlice.withName("cache").get();
    cache.getMetadata().setAnnotations(new HashMap<>(Map.of(Annotations.ORPHAN, "true")));
    assertRejected(403, () -> asAlice.resource(cache).update(), Annotations.ORPHAN, "platform");
    GenericKubernetesResource orphaned = instance("orphaned", "eu-west-1");
    orphaned.getMetadata().setAnnotations(Map.of(Annotations.ORPHAN, "true"));
    assertRejected(403, () -> asAlice.resource(orphaned).create(), "platform");

    // a cluster admin holds every verb, orphan included
    GenericKubernetesResource byAdmin = asAdmin.withName("cache").get();
    byAdmin.getMetadata().setAnnotations(new HashMap<>(Map.of(Annotations.ORPHAN, "true")));
    asAdmin.resource(byAdmin).update();
    GenericKubernetesResource changed = asAlice.withName("cache").get();
    changed.getMetadata().getAnnotations().put(Annotations.ORPHAN, "false");
    assertRejected(403, () -> asAlice.resource(changed).update(), "platform");
    GenericKubernetesResource removed = asAlice.withName("cache").get();
    removed.getMetadata().getAnnotations().remove(Annotations.ORPHAN);
    assertRejected(403, () -> asAlice.resource(removed).update(), "platform");
    // the annotation left as it is, other changes pass
    GenericKubernetesResource other = asAlice.withName("cache").get();
    other.getMetadata().getAnnotations().put("note", "mine");
    asAlice.resource(other).update();
    GenericKubernetesResource back = asAdmin.withName("cache").get();
    back.getMetadata().getAnnotations().remove(Annotations.ORPHAN);
    asAdmin.resource(back).update();
    assertThat(asAlice.withName("cache").get().getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.ORPHAN);
  }

  /**
   * Our own {@code kubecarrier.io/} keys on instances: a tenant cannot set, change or remove them
   * (the agent's finalizer included, also while the instance is being deleted); the propagation
   * agent's ServiceAccount, with the RBAC this operator aggregates into its ClusterRole, can.
   * Self-contained (its own instance, gone at the end): runs next to {@link
   * #orphaningIsAPlatformDecision} in any order.
   */
  @Test
  @Order(6)
  void ourLabelsAnnotationsAndFinalizersAreKubeCarriersOnly() {
    var asAlice =
        management
            .impersonating(alice)
            .genericKubernetesResources(redisContext())
            .inNamespace(tenantA);
    String resource = "redis." + group;
    eventually().until(() -> agent.can(Verbs.MANAGE, resource, tenantA));
    assertThat(Access.as(management, alice).can(Verbs.MANAGE, resource, tenantA)).isFalse();
    KubernetesClient agentClient =
        management.client(
            management.serviceAccountToken(
                OperatorIdentity.SYSTEM_NAMESPACE, "propagation-agent", Duration.ofMinutes(10)));
    var asAgent = agentClient.genericKubernetesResources(redisContext()).inNamespace(tenantA);
    String agentFinalizer = Finalizers.PROPAGATION_AGENT;
    try {
      // CREATE: none of ours but the region label (and the orphan annotation, its own rule)
      GenericKubernetesResource forgedLabel = instance("forged", "eu-west-1");
      forgedLabel.getMetadata().getLabels().put(Labels.OWNER_UID, "1234");
      assertRejected(
          403,
          () -> asAlice.resource(forgedLabel).create(),
          "label(s) " + Labels.OWNER_UID + " can only be set, changed or removed by KubeCarrier",
          "only " + Labels.REGION + " is yours to set");
      GenericKubernetesResource forgedAnnotation = instance("forged", "eu-west-1");
      forgedAnnotation.getMetadata().setAnnotations(Map.of(Annotations.SOURCE, "eu-west-1/x/y"));
      assertRejected(
          403,
          () -> asAlice.resource(forgedAnnotation).create(),
          "annotation(s) " + Annotations.SOURCE + " can only be set, changed or removed");
      GenericKubernetesResource forgedFinalizer = instance("forged", "eu-west-1");
      forgedFinalizer.getMetadata().setFinalizers(List.of(agentFinalizer));
      assertRejected(
          403,
          () -> asAlice.resource(forgedFinalizer).create(),
          "finalizer(s) " + agentFinalizer + " can only be added or removed by KubeCarrier");
      assertThat(asAlice.withName("forged").get()).isNull();

      // the tenant's own keys, finalizers included, are the tenant's
      GenericKubernetesResource keys = instance("keys", "eu-west-1");
      keys.getMetadata().getLabels().put("team", "a");
      keys.getMetadata().setAnnotations(Map.of("note", "mine"));
      keys.getMetadata().setFinalizers(List.of("example.com/mine"));
      asAlice.resource(keys).create();

      // the agent sets its finalizer and an annotation of ours (as on adopted instances)
      asAgent
          .withName("keys")
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\""
                  + agentFinalizer
                  + "\"},{\"op\":\"add\",\"path\":\"/metadata/annotations/"
                  + Annotations.SOURCE.replace("/", "~1")
                  + "\",\"value\":\"eu-west-1/acme/keys\"}]");
      assertThat(asAlice.withName("keys").get().getMetadata().getFinalizers())
          .containsExactly("example.com/mine", agentFinalizer);

      // UPDATE: ours cannot be added, changed or removed
      GenericKubernetesResource addLabel = asAlice.withName("keys").get();
      addLabel.getMetadata().getLabels().put(Labels.CATALOG_ENTRY, "other");
      assertRejected(
          403,
          () -> asAlice.resource(addLabel).update(),
          "label(s) " + Labels.CATALOG_ENTRY + " can only be set, changed or removed");
      GenericKubernetesResource changeAnnotation = asAlice.withName("keys").get();
      changeAnnotation.getMetadata().getAnnotations().put(Annotations.SOURCE, "elsewhere");
      assertRejected(
          403,
          () -> asAlice.resource(changeAnnotation).update(),
          "annotation(s) " + Annotations.SOURCE + " can only be set, changed or removed",
          "leave them as they are");
      GenericKubernetesResource removeAnnotation = asAlice.withName("keys").get();
      removeAnnotation.getMetadata().getAnnotations().remove(Annotations.SOURCE);
      assertRejected(
          403,
          () -> asAlice.resource(removeAnnotation).update(),
          "annotation(s) " + Annotations.SOURCE);
      GenericKubernetesResource addFinalizer = asAlice.withName("keys").get();
      addFinalizer.getMetadata().getFinalizers().add(Labels.PREFIX + "mine");
      assertRejected(
          403,
          () -> asAlice.resource(addFinalizer).update(),
          "finalizer(s) " + Labels.PREFIX + "mine (added)");
      GenericKubernetesResource removeFinalizer = asAlice.withName("keys").get();
      removeFinalizer.getMetadata().getFinalizers().remove(agentFinalizer);
      assertRejected(
          403,
          () -> asAlice.resource(removeFinalizer).update(),
          "finalizer(s) " + agentFinalizer + " (removed) can only be added or removed",
          "the hub removes " + agentFinalizer + " itself once the instance's copy",
          "a platform admin can let go of it (annotation " + Annotations.LET_GO);

      // the region label keeps its own rules; everything else of the tenant's stays editable
      GenericKubernetesResource moved = asAlice.withName("keys").get();
      moved.getMetadata().getLabels().put(Labels.REGION, "us-east-1");
      assertRejected(422, () -> asAlice.resource(moved).update(), "immutable", "eu-west-1");
      GenericKubernetesResource edited = asAlice.withName("keys").get();
      edited.getMetadata().getLabels().put("team", "b");
      edited.getMetadata().getAnnotations().put("note", "changed");
      edited.getMetadata().getFinalizers().remove("example.com/mine");
      edited.setAdditionalProperty("spec", Map.of("version", "7.2"));
      asAlice.resource(edited).update();
      GenericKubernetesResource after = asAlice.withName("keys").get();
      assertThat(after.getMetadata().getFinalizers()).containsExactly(agentFinalizer);
      assertThat(after.getMetadata().getAnnotations())
          .containsEntry(Annotations.SOURCE, "eu-west-1/acme/keys")
          .containsEntry("note", "changed");

      // deleting: the tenant cannot let go of the agent's finalizer, the agent removes it
      asAlice.withName("keys").delete();
      GenericKubernetesResource deleting = asAlice.withName("keys").get();
      assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
      deleting.getMetadata().getFinalizers().remove(agentFinalizer);
      assertRejected(
          403,
          () -> asAlice.resource(deleting).update(),
          "finalizer(s) " + agentFinalizer + " (removed)",
          "wait for the deletion to finish");
      asAgent
          .withName("keys")
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/0\",\"value\":\""
                  + agentFinalizer
                  + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
      eventually().until(() -> asAlice.withName("keys").get() == null);
    } finally {
      agentClient.close();
      // nothing left for the tests that count instances, whatever failed above
      for (String name : List.of("keys", "forged")) {
        var left =
            admin.genericKubernetesResources(redisContext()).inNamespace(tenantA).withName(name);
        if (left.get() != null) {
          left.edit(
              o -> {
                o.getMetadata().setFinalizers(List.of());
                return o;
              });
          left.delete();
        }
      }
    }
  }

  @Test
  @Order(7)
  void aRegionLabelAddedLaterIsTheRegionTheInstanceRunsIn() {
    var mc =
        management
            .impersonating(alice)
            .genericKubernetesResources(memcachedContext())
            .inNamespace(tenantA);
    // one region: the label may be left out
    mc.resource(memcached("mc", null)).create();
    // not placed yet: only an offered region
    GenericKubernetesResource notOffered = mc.withName("mc").get();
    notOffered.getMetadata().getLabels().put(Labels.REGION, "us-east-1");
    assertRejected(
        422,
        () -> mc.resource(notOffered).update(),
        "'us-east-1' is not a region of offering " + memcachedCrd,
        "use one of: eu-west-1");
    // placed (the test writes status as the propagation agent would): only where it runs
    GenericKubernetesResource placed =
        admin
            .genericKubernetesResources(memcachedContext())
            .inNamespace(tenantA)
            .withName("mc")
            .get();
    placed.setAdditionalProperty(
        "status", Map.of("kubecarrier", Map.of("serviceCluster", "us-east-1")));
    admin
        .genericKubernetesResources(memcachedContext())
        .inNamespace(tenantA)
        .resource(placed)
        .updateStatus();
    GenericKubernetesResource elsewhere = mc.withName("mc").get();
    elsewhere.getMetadata().getLabels().put(Labels.REGION, "eu-west-1");
    assertRejected(
        422,
        () -> mc.resource(elsewhere).update(),
        "can only be added with the region the instance runs in: 'us-east-1'");
    GenericKubernetesResource pinned = mc.withName("mc").get();
    pinned.getMetadata().getLabels().put(Labels.REGION, "us-east-1");
    mc.resource(pinned).update();
    assertThat(mc.withName("mc").get().getMetadata().getLabels())
        .containsEntry(Labels.REGION, "us-east-1");
    // the unchanged label passes although us-east-1 is not offered; changing it does not
    GenericKubernetesResource edited = mc.withName("mc").get();
    edited.getMetadata().getLabels().put("note", "x");
    mc.resource(edited).update();
    GenericKubernetesResource moved = mc.withName("mc").get();
    moved.getMetadata().getLabels().put(Labels.REGION, "eu-west-1");
    assertRejected(422, () -> mc.resource(moved).update(), "immutable");
    mc.withName("mc").delete();
    eventually().until(() -> mc.withName("mc").get() == null);
  }

  @Test
  @Order(8)
  void narrowingTheTenantSelectorWithdrawsButKeepsWhatInstancesNeed() {
    var asAlice =
        management
            .impersonating(alice)
            .genericKubernetesResources(redisContext())
            .inNamespace(tenantA);
    asAlice.resource(instance("spare", "eu-west-1")).create();
    // the test plays the propagation agent: it holds the assignment its instances are placed in
    String held = tenantA + ".eu-west-1";
    ServiceClusterAssignment hold =
        admin
            .resources(ServiceClusterAssignment.class)
            .inNamespace(provider)
            .withName(held)
            .edit(
                a -> {
                  a.getMetadata().getFinalizers().add(Finalizers.PROPAGATION_AGENT);
                  return a;
                });
    String heldUid = hold.getMetadata().getUid();

    setTenantSelector("gold", Map.of("plan", "platinum"));
    eventually()
        .untilAsserted(
            () -> {
              Offering o = Hub.get(admin, Offering.class, tenantA, redisCrd);
              assertThat(o).isNotNull();
              assertThat(o.getMetadata().getLabels()).containsEntry(Labels.WITHDRAWN, "true");
              assertThat(o.getStatus().getCondition(ConditionTypes.READY))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo(Reasons.WITHDRAWN);
                        assertThat(c.getMessage()).contains("withdrawn by " + provider);
                      });
              Role r = role(tenantA, redisCrd);
              assertThat(r.getMetadata().getLabels()).containsEntry(Labels.WITHDRAWN, "true");
              assertThat(verbs(r)).contains("get", "update", "delete").doesNotContain("order");
              assertThat(roleBinding(tenantA, redisCrd).getMetadata().getLabels())
                  .containsEntry(Labels.WITHDRAWN, "true");
              // no memcached instance in the namespace: collected by the entry controller
              assertThat(Hub.get(admin, Offering.class, tenantA, memcachedCrd)).isNull();
              assertThat(role(tenantA, memcachedCrd)).isNull();
              assertThat(roleBinding(tenantA, memcachedCrd)).isNull();
              // read models go at once
              assertThat(admin.resources(Region.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              assertThat(admin.resources(Provider.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              // assignments are deleted; the held one waits for the agent
              assertThat(assignment(tenantA + ".us-east-1")).isNull();
              ServiceClusterAssignment h = assignment(held);
              assertThat(h.getMetadata().getUid()).isEqualTo(heldUid);
              assertThat(h.getMetadata().getDeletionTimestamp()).isNotNull();

              Catalog c = Hub.get(admin, Catalog.class, provider, "gold");
              assertThat(c.getStatus().getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> {
                        assertThat(w.getStatus()).isEqualTo("True");
                        assertThat(w.getReason()).isEqualTo(Reasons.INSTANCES_KEPT);
                        assertThat(w.getMessage())
                            .contains("Redis for " + tenantA + ": withdrawn, kept")
                            .doesNotContain("Memcached");
                      });
              assertThat(c.getStatus().isReady()).isTrue();
              assertThat(
                      Hub.get(admin, CatalogEntry.class, provider, "redis")
                          .getStatus()
                          .getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> {
                        assertThat(w.getReason()).isEqualTo(Reasons.INSTANCES_KEPT);
                        assertThat(w.getMessage()).contains(tenantA);
                      });
            });

    // the tenant keeps reading, editing and deleting what it has; it cannot order more
    eventually()
        .untilAsserted(
            () ->
                assertThat(Access.as(management, alice).can("order", redisResource(), tenantA))
                    .isFalse());
    assertThat(asAlice.withName("cache").get()).isNotNull();
    GenericKubernetesResource cache = asAlice.withName("cache").get();
    cache.setAdditionalProperty("spec", Map.of("version", "7.4"));
    asAlice.resource(cache).update();
    asAlice.withName("spare").delete();
    eventually().until(() -> asAlice.withName("spare").get() == null);
    assertCreateRefused(asAlice, "more");

    setTenantSelector("gold", Map.of("plan", "gold"));
    eventually()
        .untilAsserted(
            () -> {
              Offering o = Hub.get(admin, Offering.class, tenantA, redisCrd);
              assertThat(o.getMetadata().getLabels()).doesNotContainKey(Labels.WITHDRAWN);
              assertThat(ready(o)).isTrue();
              Role r = role(tenantA, redisCrd);
              assertThat(r.getMetadata().getLabels()).doesNotContainKey(Labels.WITHDRAWN);
              assertThat(verbs(r)).contains("order");
              assertThat(roleBinding(tenantA, redisCrd).getMetadata().getLabels())
                  .doesNotContainKey(Labels.WITHDRAWN);
              assertThat(Hub.get(admin, Offering.class, tenantA, memcachedCrd)).isNotNull();
              assertThat(Hub.get(admin, Region.class, tenantA, "us-east-1." + provider))
                  .isNotNull();
              assertThat(Hub.get(admin, Provider.class, tenantA, provider)).isNotNull();
              assertThat(assignment(tenantA + ".us-east-1")).isNotNull();
              Catalog c = Hub.get(admin, Catalog.class, provider, "gold");
              assertThat(c.getStatus().getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> assertThat(w.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN));
              // the held assignment is not applied again while it is deleted; it counts as
              // Ready because the registry keeps it Ready
              assertThat(c.getStatus().getCondition(ConditionTypes.ASSIGNMENTS_READY))
                  .hasValueSatisfying(
                      a ->
                          assertThat(a.getMessage())
                              .contains(tenantA + ".us-east-1")
                              .doesNotContain(held));
              assertThat(
                      Hub.get(admin, CatalogEntry.class, provider, "redis")
                          .getStatus()
                          .getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> assertThat(w.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN));
            });
    assertThat(assignment(held).getMetadata().getUid()).isEqualTo(heldUid);
    assertThat(assignment(held).getMetadata().getDeletionTimestamp()).isNotNull();
    eventually().untilAsserted(() -> asAlice.resource(instance("more", "eu-west-1")).create());
    asAlice.withName("more").delete();

    // the agent lets go: the assignment goes, and is created again as it is still published
    admin
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(held)
        .edit(
            a -> {
              a.getMetadata().getFinalizers().remove(Finalizers.PROPAGATION_AGENT);
              return a;
            });
    eventually()
        .untilAsserted(
            () -> {
              ServiceClusterAssignment again = assignment(held);
              assertThat(again).isNotNull();
              assertThat(again.getMetadata().getUid()).isNotEqualTo(heldUid);
              assertThat(again.getMetadata().getDeletionTimestamp()).isNull();
            });
    assignmentsReady();
  }

  @Test
  @Order(9)
  void aCatalogDeletedAndCreatedAgainWithdrawsAndPublishesAgain() {
    admin.resource(Hub.get(admin, Catalog.class, provider, "gold")).delete();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Catalog.class, provider, "gold")).isNull();
              assertThat(
                      Hub.get(admin, Offering.class, tenantA, redisCrd).getMetadata().getLabels())
                  .containsEntry(Labels.WITHDRAWN, "true");
              assertThat(verbs(role(tenantA, redisCrd))).doesNotContain("order");
              assertThat(Hub.get(admin, Offering.class, tenantA, memcachedCrd)).isNull();
              assertThat(admin.resources(Region.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              assertThat(assignments()).isEmpty();
            });
    var asAlice =
        management
            .impersonating(alice)
            .genericKubernetesResources(redisContext())
            .inNamespace(tenantA);
    eventually().untilAsserted(() -> assertCreateRefused(asAlice, "more"));

    createCatalog("gold", Map.of("plan", "gold"), List.of("redis", "memcached"));
    eventually()
        .untilAsserted(
            () -> {
              assertThat(
                      Hub.get(admin, Offering.class, tenantA, redisCrd).getMetadata().getLabels())
                  .doesNotContainKey(Labels.WITHDRAWN);
              assertThat(verbs(role(tenantA, redisCrd))).contains("order");
              assertThat(role(tenantA, redisCrd).getMetadata().getLabels())
                  .doesNotContainKey(Labels.WITHDRAWN);
              assertThat(Hub.get(admin, Offering.class, tenantA, memcachedCrd)).isNotNull();
              assertThat(assignments()).hasSize(2);
            });
    assignmentsReady();
  }

  @Test
  @Order(10)
  void withdrawnObjectsGoWithTheLastInstance() {
    setTenantSelector("gold", Map.of("plan", "platinum"));
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        Hub.get(admin, Offering.class, tenantA, redisCrd).getMetadata().getLabels())
                    .containsEntry(Labels.WITHDRAWN, "true"));
    // the instances are not watched: the entry looks again every recheck-interval
    management
        .impersonating(alice)
        .genericKubernetesResources(redisContext())
        .inNamespace(tenantA)
        .withName("cache")
        .delete();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Offering.class, tenantA, redisCrd)).isNull();
              assertThat(published(Role.class, tenantA)).isEmpty();
              assertThat(published(RoleBinding.class, tenantA)).isEmpty();
              assertThat(
                      Hub.get(admin, CatalogEntry.class, provider, "redis")
                          .getStatus()
                          .getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> assertThat(w.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN));
              assertThat(
                      Hub.get(admin, Catalog.class, provider, "gold")
                          .getStatus()
                          .getCondition(ConditionTypes.WITHDRAWN))
                  .hasValueSatisfying(
                      w -> assertThat(w.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN));
            });
    setTenantSelector("gold", Map.of("plan", "gold"));
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Offering.class, tenantA, redisCrd)).isNotNull();
              assertThat(assignments()).hasSize(2);
            });
    assignmentsReady();
  }

  @Test
  @Order(11)
  void entryLeavingTheSelectionAndCatalogsDeletedCleanUpExactlyTheirObjects() {
    // a second catalog publishes only redis to the same tenant
    createCatalog("silver", Map.of("plan", "gold"), List.of("redis"));
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        Hub.get(admin, Catalog.class, provider, "silver").getStatus().getEntries())
                    .extracting(ObjectReference::getName)
                    .containsExactly("redis"));

    // memcached leaves the selection of "gold": withdrawn, and with no instance left collected
    Catalog gold = Hub.get(admin, Catalog.class, provider, "gold");
    gold.getSpec().setCatalogEntrySelector(entrySelector(List.of("redis")));
    admin.resource(gold).update();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Offering.class, tenantA, memcachedCrd)).isNull();
              assertThat(role(tenantA, memcachedCrd)).isNull();
            });
    assertThat(Hub.get(admin, Offering.class, tenantA, redisCrd)).isNotNull();
    assertThat(Hub.get(admin, Region.class, tenantA, "eu-west-1." + provider)).isNotNull();

    // deleting "gold" keeps what "silver" still publishes
    admin.resource(Hub.get(admin, Catalog.class, provider, "gold")).delete();
    eventually().until(() -> Hub.get(admin, Catalog.class, provider, "gold") == null);
    assertThat(Hub.get(admin, Offering.class, tenantA, redisCrd).getMetadata().getLabels())
        .doesNotContainKey(Labels.WITHDRAWN);
    assertThat(Hub.get(admin, Provider.class, tenantA, provider)).isNotNull();

    // deleting the last catalog unpublishes everything (no instance left: nothing is kept)
    admin.resource(Hub.get(admin, Catalog.class, provider, "silver")).delete();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Catalog.class, provider, "silver")).isNull();
              assertThat(admin.resources(Offering.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              assertThat(admin.resources(Provider.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              assertThat(admin.resources(Region.class).inNamespace(tenantA).list().getItems())
                  .isEmpty();
              assertThat(published(Role.class, tenantA)).isEmpty();
              assertThat(published(RoleBinding.class, tenantA)).isEmpty();
              assertThat(assignments()).isEmpty();
            });
  }

  @Test
  @Order(12)
  void deletingTheSetDeletesTheEntryAtOnceAndWaitsForItsInstances() {
    createCatalog("bronze", Map.of("plan", "gold"), List.of("redis"));
    var asAlice =
        management
            .impersonating(alice)
            .genericKubernetesResources(redisContext())
            .inNamespace(tenantA);
    eventually().untilAsserted(() -> asAlice.resource(instance("last", "eu-west-1")).create());

    admin.resource(Hub.get(admin, CatalogEntrySet.class, provider, "redis")).delete();
    eventually()
        .untilAsserted(
            () -> {
              CatalogEntry entry = Hub.get(admin, CatalogEntry.class, provider, "redis");
              assertThat(entry.getMetadata().getDeletionTimestamp()).isNotNull();
              CatalogEntrySet set = Hub.get(admin, CatalogEntrySet.class, provider, "redis");
              assertThat(set.getStatus().getCondition(ConditionTypes.READY))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getReason()).isEqualTo(Reasons.DEPENDENTS_EXIST);
                        assertThat(c.getMessage())
                            .contains("waiting for CatalogEntry " + provider + "/redis")
                            .contains(tenantA + "/last");
                      });
              assertThat(
                      admin
                          .resources(CustomResourceDiscovery.class)
                          .inNamespace(provider)
                          .withLabel(Labels.CATALOG_ENTRY_SET, "redis")
                          .list()
                          .getItems())
                  .isEmpty();
              // being deleted, the entry is no longer published
              assertThat(
                      Hub.get(admin, Offering.class, tenantA, redisCrd).getMetadata().getLabels())
                  .containsEntry(Labels.WITHDRAWN, "true");
            });
    eventually().untilAsserted(() -> assertCreateRefused(asAlice, "more"));
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(redisCrd).get())
        .isNotNull();
    assertThat(asAlice.withName("last").get()).isNotNull();

    asAlice.withName("last").delete();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, CatalogEntrySet.class, provider, "redis")).isNull();
              assertThat(Hub.get(admin, CatalogEntry.class, provider, "redis")).isNull();
              assertThat(
                      admin
                          .apiextensions()
                          .v1()
                          .customResourceDefinitions()
                          .withName(redisCrd)
                          .get())
                  .isNull();
              assertThat(
                      admin
                          .admissionRegistration()
                          .v1()
                          .validatingAdmissionPolicies()
                          .withName("kubecarrier-region." + redisCrd)
                          .get())
                  .isNull();
              assertThat(Hub.get(admin, Offering.class, tenantA, redisCrd)).isNull();
              assertThat(role(tenantA, redisCrd)).isNull();
              assertThat(roleBinding(tenantA, redisCrd)).isNull();
            });
    // the other set is untouched
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(memcachedCrd).get())
        .isNotNull();

    // the rights on the deleted CRD's instances go with it, through aggregation; the other stay
    String redis = redisResource();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(agent.can("update", redis + "/status", tenantA)).isFalse();
              assertThat(agent.can("get", redis, tenantA)).isFalse();
              assertThat(accountOperator.can("list", redis, tenantA)).isFalse();
            });
    String memcacheds = "memcacheds." + group;
    assertThat(agent.can("update", memcacheds + "/status", tenantA)).isTrue();
    assertThat(accountOperator.can("list", memcacheds, tenantA)).isTrue();
    assertThat(
            admin.rbac().clusterRoles().withName(TenantCrdAccess.INSTANCES_ROLE).get().getRules())
        .filteredOn(r -> r.getApiGroups().equals(List.of(group)))
        .extracting(PolicyRule::getResources)
        .containsExactly(List.of("memcacheds"), List.of("memcacheds/status"));
  }

  // --- helpers

  static final List<String> BOTH = List.of("eu-west-1", "us-east-1");
  static final List<String> EU_ONLY = List.of("eu-west-1");

  private void createSet(
      String name,
      String crd,
      String kind,
      String plural,
      DeriveConfig derive,
      List<String> clusters) {
    String selector = clusters.size() == 1 ? "kubecarrier.io/test-eu" : "kubecarrier.io/test";
    hub.entrySet(provider, name, crd, kind, plural, derive, selector, clusters);
  }

  private void createCatalog(String name, Map<String, String> tenants, List<String> entries) {
    hub.catalog(provider, name, tenants, entries);
  }

  private static LabelSelector entrySelector(List<String> sets) {
    return Hub.entrySelector(sets);
  }

  private void setTenantSelector(String catalog, Map<String, String> labels) {
    admin
        .resources(Catalog.class)
        .inNamespace(provider)
        .withName(catalog)
        .edit(
            c -> {
              c.getSpec().setTenantSelector(LabelSelector.matching(labels));
              return c;
            });
  }

  /** Marks the provider's assignments Ready, as the cluster registry does. */
  private void assignmentsReady() {
    for (ServiceClusterAssignment a : assignments()) {
      hub.assignmentReady(provider, a.getMetadata().getName());
    }
    eventually()
        .untilAsserted(
            () -> {
              for (Catalog c :
                  admin.resources(Catalog.class).inNamespace(provider).list().getItems()) {
                assertThat(c.getStatus().isReady()).as(c.getMetadata().getName()).isTrue();
              }
            });
  }

  private List<ServiceClusterAssignment> assignments() {
    return admin.resources(ServiceClusterAssignment.class).inNamespace(provider).list().getItems();
  }

  private ServiceClusterAssignment assignment(String name) {
    return Hub.get(admin, ServiceClusterAssignment.class, provider, name);
  }

  private Role role(String ns, String crd) {
    return admin.rbac().roles().inNamespace(ns).withName("kubecarrier:tenant:" + crd).get();
  }

  private RoleBinding roleBinding(String ns, String crd) {
    return admin.rbac().roleBindings().inNamespace(ns).withName("kubecarrier:tenant:" + crd).get();
  }

  /** The cell of one column of what {@code kubectl get} shows: the API server's Table. */
  private String tableCell(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type,
      String ns,
      String name,
      String column)
      throws Exception {
    String path =
        "apis/"
            + io.fabric8.kubernetes.api.model.HasMetadata.getApiVersion(type)
            + "/namespaces/"
            + ns
            + "/"
            + io.fabric8.kubernetes.api.model.HasMetadata.getPlural(type)
            + "/"
            + name;
    io.fabric8.kubernetes.client.http.HttpClient http = admin.getHttpClient();
    String url = admin.getMasterUrl().toString();
    String body =
        http.sendAsync(
                http.newHttpRequestBuilder()
                    .uri(url + (url.endsWith("/") ? "" : "/") + path)
                    .setHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                    .build(),
                String.class)
            .get()
            .body();
    com.fasterxml.jackson.databind.JsonNode table =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    assertThat(table.path("kind").asText()).as(body).isEqualTo("Table");
    com.fasterxml.jackson.databind.JsonNode columns = table.path("columnDefinitions");
    for (int i = 0; i < columns.size(); i++) {
      if (column.equals(columns.get(i).path("name").asText())) {
        return table.path("rows").get(0).path("cells").get(i).asText();
      }
    }
    throw new AssertionError("no column " + column + " in " + body);
  }

  private static List<String> verbs(Role r) {
    return r.getRules().stream().flatMap(rule -> rule.getVerbs().stream()).toList();
  }

  private static boolean ready(Offering o) {
    return o != null && o.getStatus() != null && o.getStatus().isReady();
  }

  private String redisResource() {
    return "redis." + group;
  }

  private ResourceDefinitionContext memcachedContext() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withPlural("memcacheds")
        .withKind("Memcached")
        .withNamespaced(true)
        .build();
  }

  private GenericKubernetesResource memcached(String name, String region) {
    GenericKubernetesResource r = instance(name, region);
    r.setKind("Memcached");
    return r;
  }

  private ResourceDefinitionContext redisContext() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withPlural("redis")
        .withKind("Redis")
        .withNamespaced(true)
        .build();
  }

  private GenericKubernetesResource instance(String name, String region) {
    Map<String, String> labels = new HashMap<>();
    if (region != null) {
      labels.put(Labels.REGION, region);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(group + "/v1")
        .withKind("Redis")
        .withNewMetadata()
        .withName(name)
        .withNamespace(tenantA)
        .withLabels(labels)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("version", "7")))
        .build();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> published(
      Class<T> type, String ns) {
    return admin
        .resources(type)
        .inNamespace(ns)
        .withLabel(Labels.PROVIDER, provider)
        .list()
        .getItems();
  }

  /** A CREATE by the tenant is refused because the offering is withdrawn; nothing is left. */
  private void assertCreateRefused(
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          tenant,
      String name) {
    try {
      tenant.resource(instance(name, "eu-west-1")).create();
    } catch (KubernetesClientException e) {
      assertThat(e.getMessage())
          .contains("Redis of provider " + provider + " is not offered to namespace " + tenantA)
          .contains("withdrawn or never published", "existing instances are kept");
      assertThat(e.getCode()).isEqualTo(403);
      return;
    }
    admin.genericKubernetesResources(redisContext()).inNamespace(tenantA).withName(name).delete();
    throw new AssertionError("CREATE of " + name + " was allowed");
  }

  private static void assertRejected(Runnable call, String... messageParts) {
    assertRejected(422, call, messageParts);
  }

  private static void assertRejected(int code, Runnable call, String... messageParts) {
    assertThatThrownBy(call::run)
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(
            e -> {
              KubernetesClientException k = (KubernetesClientException) e;
              assertThat(k.getMessage()).contains(messageParts);
              assertThat(k.getCode()).as(k.getMessage()).isEqualTo(code);
            });
  }
}
