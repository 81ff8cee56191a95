package io.kubecarrier.catalog;

import static io.kubecarrier.catalog.Hub.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Verbs;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.catalog.support.Applier;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator when nothing it cares about changes, or someone else changes what it owns, against a
 * real API server: a reconcile that changes nothing writes nothing (no new resourceVersion, also
 * with nothing remembered, as after a restart), and a hand edit of each kind it owns is set back
 * (issue 19), and the heartbeats of a ServiceCluster re-run nothing while its real changes still
 * reach the controllers. One provider with one ServiceCluster, one CatalogEntrySet, one tenant and
 * one Catalog; the test plays the account operator and the cluster registry.
 */
@QuarkusTest
@TestProfile(CatalogProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SteadyStateIT {

  static final String CLUSTER = "eu-west-1";

  /** Every kind the operator owns in this fixture, and which controller writes it. */
  static final List<String> ENTRY_SET_KINDS = List.of("CustomResourceDiscovery", "CatalogEntry");

  static final List<String> ENTRY_KINDS =
      List.of(
          "CustomResourceDefinition",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding");

  static final List<String> CATALOG_KINDS =
      List.of("Offering", "Role", "RoleBinding", "Region", "Provider", "ServiceClusterAssignment");

  final String id = UUID.randomUUID().toString().substring(0, 6);
  final String provider = "sprov-" + id;
  final String tenant = "sten-" + id;
  final String user = "dana-" + id;
  final String group = provider + "." + CatalogIT.HUB;
  final String crdName = "redis." + group;
  final String roleName = "kubecarrier:tenant:" + crdName;
  final String policyName = "kubecarrier-region." + crdName;
  final String regionName = CLUSTER + "." + provider;
  final String assignmentName = tenant + "." + CLUSTER;
  final String discoveryName = "redis." + CLUSTER;

  @Inject Applier applier;
  @Inject MeterRegistry meters;

  KubeCluster management;
  KubernetesClient admin;
  Hub hub;

  @BeforeAll
  void setUp() {
    management = KubeClusters.shared().management();
    admin = management.adminClient();
    hub = new Hub(admin);
    hub.account(provider, AccountRole.Provider, "provider-" + id);
    hub.account(tenant, AccountRole.Tenant, user);
    hub.tenant(provider, tenant, Map.of("plan", "gold"));
    hub.serviceCluster(provider, CLUSTER, Map.of("kubecarrier.io/test", "yes"));
    hub.entrySet(
        provider,
        "redis",
        "redis.cache.example.com",
        "Redis",
        "redis",
        null,
        "kubecarrier.io/test",
        List.of(CLUSTER));
    hub.catalog(provider, "all", Map.of("plan", "gold"), List.of("redis"));
    eventually()
        .until(
            () -> Hub.get(admin, ServiceClusterAssignment.class, provider, assignmentName) != null);
    hub.assignmentReady(provider, assignmentName);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(Hub.get(admin, Catalog.class, provider, "all").getStatus().isReady())
                  .isTrue();
              for (var type : List.of(Offering.class, Provider.class, Region.class)) {
                assertThat(
                        admin.resources(type).inNamespace(tenant).list().getItems().stream()
                            .allMatch(o -> o.getStatus() != null && o.getStatus().isReady()))
                    .as(type.getSimpleName())
                    .isTrue();
              }
            });
  }

  @Test
  @Order(1)
  void aReconcileThatChangesNothingWritesNothing() {
    Map<String, String> before = versions();

    // as after a restart: nothing remembered, so every object is applied again
    applier.forget();
    Map<String, Double> unchanged = applies("unchanged");
    String discovery = touch();
    eventually()
        .untilAsserted(
            () ->
                applies("unchanged")
                    .forEach(
                        (kind, n) -> assertThat(n).as(kind).isGreaterThan(unchanged.get(kind))));
    // the API server made each apply a no-op: no write, so no watch event and no next reconcile
    // (the discovery's version is the one of the status the test wrote as the cluster registry)
    before.put("CustomResourceDiscovery", discovery);
    assertThat(versions()).isEqualTo(before);

    // remembered: an object exactly as the operator left it is not applied at all
    Map<String, Double> skipped = applies("skipped");
    Map<String, Double> unchangedAgain = applies("unchanged");
    before.put("CustomResourceDiscovery", touch());
    eventually()
        .untilAsserted(
            () -> {
              Map<String, Double> now = applies("skipped");
              now.forEach(
                  (kind, n) -> {
                    if (!kind.equals("CustomResourceDiscovery")) {
                      assertThat(n).as(kind).isGreaterThan(skipped.get(kind));
                    }
                  });
              // the discovery changed (its status): applied, and again nothing to change
              assertThat(applies("unchanged").get("CustomResourceDiscovery"))
                  .isGreaterThan(unchangedAgain.get("CustomResourceDiscovery"));
            });
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  @Order(2)
  void aHandEditOfAnythingTheOperatorOwnsIsSetBack() {
    double corrected = applies("corrected").values().stream().mapToDouble(d -> d).sum();

    // the tenant CRD: a schema type and a label
    var crds = admin.apiextensions().v1().customResourceDefinitions();
    crds.withName(crdName)
        .edit(
            c -> {
              specSchema(c).getProperties().get("version").setType("integer");
              c.getMetadata().getLabels().put(Labels.PROVIDER, "someone-else");
              return c;
            });
    eventually()
        .untilAsserted(
            () -> {
              CustomResourceDefinition c = crds.withName(crdName).get();
              assertThat(specSchema(c).getProperties().get("version").getType())
                  .isEqualTo("string");
              assertThat(c.getMetadata().getLabels()).containsEntry(Labels.PROVIDER, provider);
            });

    // the admission policy's first rule (the right to order) and its binding's action
    var policies = admin.admissionRegistration().v1().validatingAdmissionPolicies();
    String expression =
        policies.withName(policyName).get().getSpec().getValidations().get(0).getExpression();
    policies
        .withName(policyName)
        .edit(
            p -> {
              p.getSpec().getValidations().get(0).setExpression("true");
              return p;
            });
    var bindings = admin.admissionRegistration().v1().validatingAdmissionPolicyBindings();
    bindings
        .withName(policyName)
        .edit(
            b -> {
              b.getSpec().setValidationActions(List.of("Warn"));
              return b;
            });
    eventually()
        .untilAsserted(
            () -> {
              ValidatingAdmissionPolicy p = policies.withName(policyName).get();
              assertThat(p.getSpec().getValidations().get(0).getExpression()).isEqualTo(expression);
              ValidatingAdmissionPolicyBinding b = bindings.withName(policyName).get();
              assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
            });

    // the tenant Role's rules and the RoleBinding's subjects
    var roles = admin.rbac().roles().inNamespace(tenant);
    roles
        .withName(roleName)
        .edit(
            r -> {
              r.setRules(
                  List.of(
                      new PolicyRuleBuilder()
                          .withApiGroups(group)
                          .withResources("redis", "secrets")
                          .withVerbs("*")
                          .build()));
              return r;
            });
    var roleBindings = admin.rbac().roleBindings().inNamespace(tenant);
    roleBindings
        .withName(roleName)
        .edit(
            b -> {
              b.getSubjects()
                  .add(
                      new SubjectBuilder()
                          .withKind("User")
                          .withApiGroup("rbac.authorization.k8s.io")
                          .withName("mallory")
                          .build());
              return b;
            });
    eventually()
        .untilAsserted(
            () -> {
              assertThat(roles.withName(roleName).get().getRules())
                  .containsExactly(TenantCrdAccess.rule(group, "redis"));
              assertThat(roleBindings.withName(roleName).get().getSubjects())
                  .extracting(io.fabric8.kubernetes.api.model.rbac.Subject::getName)
                  .containsExactly(user);
            });

    // Offering, Region and Provider specs, an assignment's label
    edit(
        Offering.class,
        tenant,
        crdName,
        o -> {
          o.getSpec().getMetadata().setDisplayName("edited");
          o.getSpec().setRegions(List.of(ObjectReference.of("mars")));
        });
    edit(Region.class, tenant, regionName, r -> r.getSpec().getMetadata().setDisplayName("edited"));
    edit(Provider.class, tenant, provider, p -> p.getSpec().getMetadata().setDisplayName("edited"));
    edit(
        ServiceClusterAssignment.class,
        provider,
        assignmentName,
        a -> a.getMetadata().getLabels().put(Labels.TENANT_NAMESPACE, "elsewhere"));
    eventually()
        .untilAsserted(
            () -> {
              Offering o = Hub.get(admin, Offering.class, tenant, crdName);
              assertThat(o.getSpec().getMetadata().getDisplayName())
                  .isEqualTo("redis by " + provider);
              assertThat(o.getSpec().getRegions())
                  .extracting(ObjectReference::getName)
                  .containsExactly(CLUSTER);
              assertThat(
                      Hub.get(admin, Region.class, tenant, regionName)
                          .getSpec()
                          .getMetadata()
                          .getDisplayName())
                  .isEqualTo("Region " + CLUSTER);
              assertThat(
                      Hub.get(admin, Provider.class, tenant, provider)
                          .getSpec()
                          .getMetadata()
                          .getDisplayName())
                  .isEqualTo(provider + " display");
              assertThat(
                      Hub.get(admin, ServiceClusterAssignment.class, provider, assignmentName)
                          .getMetadata()
                          .getLabels())
                  .containsEntry(Labels.TENANT_NAMESPACE, tenant);
            });

    // what the entry set makes: the CatalogEntry's spec and a discovery's label (its spec is
    // immutable)
    edit(
        CatalogEntry.class,
        provider,
        "redis",
        e -> e.getSpec().getMetadata().setDisplayName("edited"));
    edit(
        CustomResourceDiscovery.class,
        provider,
        discoveryName,
        d -> d.getMetadata().getLabels().put(Labels.SERVICE_CLUSTER, "elsewhere"));
    eventually()
        .untilAsserted(
            () -> {
              assertThat(
                      Hub.get(admin, CatalogEntry.class, provider, "redis")
                          .getSpec()
                          .getMetadata()
                          .getDisplayName())
                  .isEqualTo("redis by " + provider);
              assertThat(
                      Hub.get(admin, CustomResourceDiscovery.class, provider, discoveryName)
                          .getMetadata()
                          .getLabels())
                  .containsEntry(Labels.SERVICE_CLUSTER, CLUSTER);
              assertThat(
                      Hub.get(admin, Offering.class, tenant, crdName)
                          .getSpec()
                          .getMetadata()
                          .getDisplayName())
                  .isEqualTo("redis by " + provider);
            });

    assertThat(applies("corrected").values().stream().mapToDouble(d -> d).sum())
        .isGreaterThan(corrected);
  }

  @Test
  @Order(3)
  void aWithdrawnRoleEditedToOrderAgainIsWithdrawnAgain() {
    // an instance keeps the withdrawn objects in the tenant namespace (an admin has every verb)
    var redis =
        admin
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup(group)
                    .withVersion("v1")
                    .withPlural("redis")
                    .withKind("Redis")
                    .withNamespaced(true)
                    .build())
            .inNamespace(tenant);
    redis
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(group + "/v1")
                .withKind("Redis")
                .withNewMetadata()
                .withName("kept")
                .withNamespace(tenant)
                .withLabels(Map.of(Labels.REGION, CLUSTER))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("version", "7")))
                .build())
        .create();
    setTenantSelector(Map.of("plan", "platinum"));
    var roles = admin.rbac().roles().inNamespace(tenant);
    eventually()
        .untilAsserted(
            () ->
                assertThat(roles.withName(roleName).get().getMetadata().getLabels())
                    .containsEntry(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE));

    roles
        .withName(roleName)
        .edit(
            r -> {
              r.getRules().get(0).getVerbs().add(Verbs.ORDER);
              r.getMetadata().getLabels().remove(Labels.WITHDRAWN);
              return r;
            });
    eventually()
        .untilAsserted(
            () -> {
              Role r = roles.withName(roleName).get();
              assertThat(r.getMetadata().getLabels())
                  .containsEntry(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE);
              assertThat(r.getRules().get(0).getVerbs()).doesNotContain(Verbs.ORDER);
            });

    // published again and the instance gone: quiet for the next tests
    setTenantSelector(Map.of("plan", "gold"));
    redis.withName("kept").delete();
    eventually()
        .untilAsserted(
            () -> {
              Role r = roles.withName(roleName).get();
              assertThat(r.getMetadata().getLabels()).doesNotContainKey(Labels.WITHDRAWN);
              assertThat(r.getRules().get(0).getVerbs()).contains(Verbs.ORDER);
              assertThat(redis.withName("kept").get()).isNull();
            });
  }

  @Test
  @Order(4)
  void heartbeatsOfTheServiceClusterRunNothingItsRealChangesDo() {
    Map<String, Double> heartbeats = updates("heartbeat");
    Map<String, Double> changes = updates("change");
    var clusters = admin.resources(ServiceCluster.class).inNamespace(provider);
    Instant t = Instant.now();
    // five heartbeats as the cluster registry writes them (only status.lastHeartbeatTime moves)
    for (int i = 1; i <= 5; i++) {
      beat(t.plusSeconds(10L * i), null);
    }
    // the cluster is lost, and answers again: two real changes
    beat(
        null,
        Condition.ofFalse(
            ConditionTypes.READY, Reasons.HEARTBEAT_TIMEOUT, "No successful heartbeat since"));
    beat(t.plusSeconds(60), Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ready"));
    beat(t.plusSeconds(70), null);
    // a new display name is a real change, and the Regions show it
    clusters
        .withName(CLUSTER)
        .edit(
            sc -> {
              sc.getSpec().getMetadata().setDisplayName("Region EU");
              return sc;
            });

    // each event source saw all nine updates in order: six heartbeats dropped, three passed on
    eventually()
        .untilAsserted(
            () ->
                updates("heartbeat")
                    .forEach(
                        (source, n) ->
                            assertThat(n + updates("change").get(source))
                                .as(source)
                                .isEqualTo(heartbeats.get(source) + changes.get(source) + 9)));
    updates("heartbeat")
        .forEach((source, n) -> assertThat(n).as(source).isEqualTo(heartbeats.get(source) + 6));
    updates("change")
        .forEach((source, n) -> assertThat(n).as(source).isEqualTo(changes.get(source) + 3));
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        Hub.get(admin, Region.class, tenant, regionName)
                            .getSpec()
                            .getMetadata()
                            .getDisplayName())
                    .isEqualTo("Region EU"));
  }

  // --- helpers

  /**
   * Writes the ServiceCluster's status as the cluster registry would: {@code lastHeartbeatTime}
   * when not null, and {@code ready} when not null.
   */
  private void beat(Instant heartbeat, Condition ready) {
    ServiceCluster sc = Hub.get(admin, ServiceCluster.class, provider, CLUSTER);
    if (heartbeat != null) {
      sc.getStatus().setLastHeartbeatTime(Conditions.format(heartbeat));
    }
    if (ready != null) {
      sc.getStatus().setCondition(ready, Instant.now());
    }
    admin.resource(sc).updateStatus();
  }

  /**
   * {@code kubecarrier_catalog_servicecluster_updates_total} of {@code result}, by event source.
   */
  private Map<String, Double> updates(String result) {
    Map<String, Double> out = new HashMap<>();
    for (String source : List.of("serviceclusters", "catalog-serviceclusters")) {
      Counter c =
          meters
              .find("kubecarrier.catalog.servicecluster.updates")
              .tag("source", source)
              .tag("result", result)
              .counter();
      out.put(source, c == null ? 0 : c.count());
    }
    return out;
  }

  /**
   * Makes each controller reconcile without changing what it should make: a new label on the Tenant
   * (Catalog controller), new words in the discovery's status as the cluster registry would write
   * them (CatalogEntrySet and CatalogEntry controllers).
   *
   * @return the discovery's resourceVersion after that status write
   */
  private String touch() {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    admin
        .resources(Tenant.class)
        .inNamespace(provider)
        .withName(tenant)
        .edit(
            t -> {
              t.getMetadata().getLabels().put("kubecarrier.io/test-touch", mark);
              return t;
            });
    CustomResourceDiscovery d =
        Hub.get(admin, CustomResourceDiscovery.class, provider, discoveryName);
    d.getStatus()
        .setCondition(
            Condition.ofTrue(ConditionTypes.DISCOVERED, "CRDDiscovered", "found (" + mark + ")"),
            Instant.now());
    return admin.resource(d).updateStatus().getMetadata().getResourceVersion();
  }

  /** resourceVersion of each object the operator owns here, by kind. */
  private Map<String, String> versions() {
    Map<String, Supplier<HasMetadata>> objects = new LinkedHashMap<>();
    objects.put(
        "CustomResourceDiscovery",
        () -> Hub.get(admin, CustomResourceDiscovery.class, provider, discoveryName));
    objects.put("CatalogEntry", () -> Hub.get(admin, CatalogEntry.class, provider, "redis"));
    objects.put(
        "CustomResourceDefinition",
        () -> admin.apiextensions().v1().customResourceDefinitions().withName(crdName).get());
    objects.put(
        "ValidatingAdmissionPolicy",
        () ->
            admin
                .admissionRegistration()
                .v1()
                .validatingAdmissionPolicies()
                .withName(policyName)
                .get());
    objects.put(
        "ValidatingAdmissionPolicyBinding",
        () ->
            admin
                .admissionRegistration()
                .v1()
                .validatingAdmissionPolicyBindings()
                .withName(policyName)
                .get());
    objects.put("Offering", () -> Hub.get(admin, Offering.class, tenant, crdName));
    objects.put("Role", () -> admin.rbac().roles().inNamespace(tenant).withName(roleName).get());
    objects.put(
        "RoleBinding",
        () -> admin.rbac().roleBindings().inNamespace(tenant).withName(roleName).get());
    objects.put("Region", () -> Hub.get(admin, Region.class, tenant, regionName));
    objects.put("Provider", () -> Hub.get(admin, Provider.class, tenant, provider));
    objects.put(
        "ServiceClusterAssignment",
        () -> Hub.get(admin, ServiceClusterAssignment.class, provider, assignmentName));
    Map<String, String> out = new LinkedHashMap<>();
    objects.forEach((kind, get) -> out.put(kind, get.get().getMetadata().getResourceVersion()));
    return out;
  }

  /** {@code kubecarrier_catalog_applies_total} of {@code result}, by owned kind. */
  private Map<String, Double> applies(String result) {
    Map<String, Double> out = new HashMap<>();
    for (List<String> kinds : List.of(ENTRY_SET_KINDS, ENTRY_KINDS, CATALOG_KINDS)) {
      for (String kind : kinds) {
        Counter c =
            meters
                .find("kubecarrier.catalog.applies")
                .tag("kind", kind)
                .tag("result", result)
                .counter();
        out.put(kind, c == null ? 0 : c.count());
      }
    }
    return out;
  }

  private <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> void edit(
      Class<T> type, String ns, String name, java.util.function.Consumer<T> change) {
    admin
        .resources(type)
        .inNamespace(ns)
        .withName(name)
        .edit(
            o -> {
              change.accept(o);
              return o;
            });
  }

  private static JSONSchemaProps specSchema(CustomResourceDefinition c) {
    return c.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }

  private void setTenantSelector(Map<String, String> labels) {
    admin
        .resources(Catalog.class)
        .inNamespace(provider)
        .withName("all")
        .edit(
            c -> {
              c.getSpec().setTenantSelector(LabelSelector.matching(labels));
              return c;
            });
  }
}
