package io.kubecarrier.e2e.lifecycle;

import static io.kubecarrier.e2e.lifecycle.World.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.e2e.lifecycle.World.Provider;
import io.kubecarrier.e2e.lifecycle.World.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution (docs/catalog-operator.md, "Schema evolution"): a provider upgrades the service
 * CRD one region at a time while tenants' instances run in both regions. After every step: the
 * regions that can be offered together still are, existing instances' spec changes and status still
 * flow, their service objects keep their uids, and the tenant CRD and the entry's conditions say
 * what the hub made of the difference.
 */
class SchemaEvolutionIT {

  static final String EU = "eu-west-1";
  static final String US = "us-east-1";
  static final String SET = "svc";

  /** A real CRD (RabbitMQ's, 5,500 lines): a description change, then a field region by region. */
  @Test
  void aRealCrdGetsADescriptionChangeAndAnAdditiveFieldRegionByRegion() {
    World w = new World("evo-rmq");
    ServiceCrd crd =
        ServiceCrd.real(w, "rabbitmq/rabbitmqclusters.crd.yaml", w.name("rmq") + ".example.com");
    Setup s =
        setup(
            w,
            crd,
            "v1beta1",
            Map.of("replicas", 1),
            // as the RabbitMQ operator reports it (its status schema requires conditions)
            Map.of(
                "conditions",
                List.of(Map.of("type", "AllReplicasReady", "status", "True")),
                "observedGeneration",
                1));

    w.step(
        "the operator in eu-west-1 ships new descriptions: both regions stay, nothing changes",
        () -> {
          crd.change(
              EU,
              c ->
                  ((com.fasterxml.jackson.databind.node.ObjectNode)
                          ServiceCrd.version(c, "v1beta1")
                              .at("/schema/openAPIV3Schema/properties/spec"))
                      .put(
                          "description",
                          "Spec is the desired state of the RabbitmqCluster (v2 docs)."));
          crd.awaitDiscovered(
              s.p, SET, EU, "new description", d -> d.toString().contains("(v2 docs)"));
          s.awaitEntry(
              "both regions, compatible", e -> regions(e).equals(List.of(EU, US)) && compatible(e));
          s.editBoth("replicas", 3);
          s.assertSameServiceObjects();
        });

    w.step(
        "us-east-1 adds spec.tlsProfile and status.tlsStatus: accepted there, refused in eu-west-1",
        () -> {
          crd.change(
              US,
              c -> {
                ServiceCrd.properties(c, "v1beta1", "spec")
                    .set(
                        "tlsProfile",
                        Serialization.jsonMapper().valueToTree(Map.of("type", "string")));
                ServiceCrd.properties(c, "v1beta1", "status")
                    .set(
                        "tlsStatus",
                        Serialization.jsonMapper().valueToTree(Map.of("type", "string")));
              });
          crd.awaitDiscovered(s.p, SET, US, "tlsProfile", d -> d.toString().contains("tlsProfile"));
          s.awaitEntry(
              "tlsProfile merged",
              e ->
                  regions(e).equals(List.of(EU, US))
                      && compatible(e)
                      && condition(e, "CRDsCompatible")
                          .get("message")
                          .toString()
                          .contains(".spec.tlsProfile: only in " + US));
          s.awaitRefusedEdit(
              "eu",
              "tlsProfile",
              "modern",
              "field .spec.tlsProfile is only available in region " + US);
          s.editUntilKept("us", "tlsProfile", "modern");
          s.awaitServiceSpec("us", "tlsProfile", "modern");
          s.writeServiceStatus("us", Map.of("tlsStatus", "negotiated"));
          s.awaitTenantStatus("us", "tlsStatus", "negotiated");
          s.edit("eu", "replicas", 5);
          s.awaitServiceSpec("eu", "replicas", 5);
          s.assertSameServiceObjects();
        });

    w.step(
        "eu-west-1 gets the field too: accepted there as well",
        () -> {
          crd.change(
              EU,
              c ->
                  ServiceCrd.properties(c, "v1beta1", "spec")
                      .set(
                          "tlsProfile",
                          Serialization.jsonMapper().valueToTree(Map.of("type", "string"))));
          crd.awaitDiscovered(s.p, SET, EU, "tlsProfile", d -> d.toString().contains("tlsProfile"));
          s.awaitEntry(
              "tlsProfile everywhere",
              e ->
                  compatible(e)
                      && !condition(e, "CRDsCompatible")
                          .get("message")
                          .toString()
                          .contains(".spec.tlsProfile"));
          s.editUntilKept("eu", "tlsProfile", "intermediate");
          s.awaitServiceSpec("eu", "tlsProfile", "intermediate");
          s.assertSameServiceObjects();
        });
    s.deleteInstances();
  }

  /** A second version appears, becomes storage region by region, and the stored one is removed. */
  @Test
  void versionsAreAddedMadeStorageAndRemovedRegionByRegion() {
    World w = new World("evo-ver");
    ServiceCrd crd = ServiceCrd.cache(w, w.name("cache") + ".example.com");
    Setup s = setup(w, crd, "v1", Map.of("size", "small"), Map.of("phase", "Running"));

    w.step(
        "eu-west-1 adds v2 with the same schema: offered next to v1, stored as v1",
        () -> {
          crd.change(EU, c -> ServiceCrd.addVersion(c, "v1", "v2"));
          crd.awaitDiscovered(s.p, SET, EU, "v2", d -> d.toString().contains("\"v2\""));
          s.awaitEntry(
              "v2 offered",
              e ->
                  regions(e).equals(List.of(EU, US))
                      && tenantVersions(e).equals(List.of("v1", "v2")));
          assertThat(s.tenantCrd().getSpec().getVersions())
              .filteredOn(v -> Boolean.TRUE.equals(v.getStorage()))
              .extracting(v -> v.getName())
              .containsExactly("v1");
          try (KubernetesClient c = s.t.client()) {
            assertThat(
                    c.genericKubernetesResources(crd.tenantKind(s.p, "v2"))
                        .inNamespace(s.t.name)
                        .withName("us")
                        .get())
                .as("the tenant reads its instance as v2")
                .isNotNull();
          }
          s.editBoth("size", "medium");
          s.assertSameServiceObjects();
        });

    w.step(
        "eu-west-1 makes v2 its storage version, then us-east-1 adds v2 as storage: nothing moves",
        () -> {
          crd.change(EU, c -> ServiceCrd.storage(c, "v2"));
          crd.change(
              US,
              c -> {
                ServiceCrd.addVersion(c, "v1", "v2");
                ServiceCrd.storage(c, "v2");
              });
          crd.awaitDiscovered(s.p, SET, US, "v2", d -> d.toString().contains("\"v2\""));
          s.awaitEntry("both regions", e -> regions(e).equals(List.of(EU, US)) && compatible(e));
          assertThat(storageVersion(s.entry())).isEqualTo("v1");
          s.editBoth("size", "large");
          s.assertSameServiceObjects();
        });

    w.step(
        "eu-west-1 removes v1, which the tenant CRD stores: refused, eu-west-1 left out, v1 kept",
        () -> {
          crd.removeVersion(EU, "v1");
          crd.awaitDiscovered(s.p, SET, EU, "v1 gone", d -> !d.toString().contains("\"v1\""));
          s.awaitEntry(
              "eu-west-1 left out",
              e ->
                  regions(e).equals(List.of(US))
                      && Objects.equals(Walkthrough.status(e, "mismatchedRegions"), List.of(EU))
                      && condition(e, "CRDsCompatible")
                          .get("message")
                          .toString()
                          .contains(
                              EU + " does not serve version v1, which the tenant CRD stores"));
          assertThat(s.tenantCrd().getSpec().getVersions())
              .extracting(v -> v.getName())
              .contains("v1");
          s.awaitInstanceCondition("eu", "Offered", "False", "CRDMismatch");
          s.edit("us", "size", "xl");
          s.awaitServiceSpec("us", "size", "xl");
          s.assertSameServiceObjects();
        });

    w.step(
        "eu-west-1 serves v1 again: offered again, the instance there syncs",
        () -> {
          crd.change(EU, c -> ServiceCrd.addVersion(c, "v2", "v1"));
          s.awaitEntry(
              "both regions again", e -> regions(e).equals(List.of(EU, US)) && compatible(e));
          s.awaitInstanceCondition("eu", "Offered", "True", null);
          s.edit("eu", "size", "xl");
          s.awaitServiceSpec("eu", "size", "xl");
          s.assertSameServiceObjects();
        });
    s.deleteInstances();
  }

  /** A field changes type in one region: that region is left out, then both again. */
  @Test
  void aTypeChangeInOneRegionLeavesOnlyThatRegionOut() {
    World w = new World("evo-type");
    ServiceCrd crd = ServiceCrd.cache(w, w.name("cache") + ".example.com");
    Setup s = setup(w, crd, "v1", Map.of("version", "7"), Map.of("phase", "Running"));
    Map<String, Object> integer = Map.of("type", "integer");

    w.step(
        "us-east-1 makes spec.size an integer: us-east-1 left out, eu-west-1 keeps the offering",
        () -> {
          crd.change(
              US,
              c ->
                  ServiceCrd.properties(c, "v1", "spec")
                      .set("size", Serialization.jsonMapper().valueToTree(integer)));
          crd.awaitDiscovered(s.p, SET, US, "integer size", d -> d.toString().contains("integer"));
          String difference = "version v1, .spec.size: type string in " + EU + ", integer in " + US;
          s.awaitEntry(
              "us-east-1 left out",
              e ->
                  regions(e).equals(List.of(EU))
                      && Objects.equals(Walkthrough.status(e, "mismatchedRegions"), List.of(US))
                      && String.valueOf(Walkthrough.status(e, "regionDifferences"))
                          .contains(difference));
          assertThat(
                  s.tenantCrd()
                      .getSpec()
                      .getVersions()
                      .get(0)
                      .getSchema()
                      .getOpenAPIV3Schema()
                      .getProperties()
                      .get("spec")
                      .getProperties()
                      .get("size")
                      .getType())
              .isEqualTo("string");
          s.awaitInstanceCondition("us", "Offered", "False", "CRDMismatch");
          assertThat(Tenant.condition(s.get("us"), "Offered").get("message").toString())
              .contains(difference);
          s.edit("eu", "version", "7.2");
          s.awaitServiceSpec("eu", "version", "7.2");
          s.edit("us", "version", "7.2");
          s.awaitServiceSpec("us", "version", "7.2");
          s.awaitRefusedCreate("us2", US, "is not a region of offering");
          s.assertSameServiceObjects();
        });

    w.step(
        "eu-west-1 makes the same change: both regions again, with the new type",
        () -> {
          crd.change(
              EU,
              c ->
                  ServiceCrd.properties(c, "v1", "spec")
                      .set("size", Serialization.jsonMapper().valueToTree(integer)));
          s.awaitEntry("both regions", e -> regions(e).equals(List.of(EU, US)) && compatible(e));
          assertThat(
                  s.tenantCrd()
                      .getSpec()
                      .getVersions()
                      .get(0)
                      .getSchema()
                      .getOpenAPIV3Schema()
                      .getProperties()
                      .get("spec")
                      .getProperties()
                      .get("size")
                      .getType())
              .isEqualTo("integer");
          s.editBoth("size", 3);
          s.assertSameServiceObjects();
        });
    s.deleteInstances();
  }

  // ---- the scenario's people and objects

  /**
   * The crd in both regions, offered by a provider to a tenant with an instance in each region
   * whose service object gets {@code status} from the "operator" (the test).
   */
  static Setup setup(
      World w,
      ServiceCrd crd,
      String version,
      Map<String, Object> spec,
      Map<String, Object> status) {
    crd.install(EU, US);
    Provider p = w.provider("acme").registerClusters(EU, US);
    p.offer(SET, crd.name(), Map.of("kubecarrier.io/tier", "standard"));
    Tenant t = w.tenant("t");
    p.catalog("default", Map.of());
    Setup s = new Setup(w, crd, p, t, version);
    w.step(
        "t runs an instance in each region; the operator there reports status",
        () -> {
          t.awaitMayCreate(p.group(), crd.plural);
          s.create("eu", EU, spec);
          s.create("us", US, spec);
          for (String name : List.of("eu", "us")) {
            s.awaitInstanceCondition(name, "Synced", "True", null);
            s.writeServiceStatus(name, status);
            s.uids.put(name, s.serviceObject(name).getMetadata().getUid());
          }
          for (String name : List.of("eu", "us")) {
            status.forEach((field, value) -> s.awaitTenantStatus(name, field, value));
          }
        });
    return s;
  }

  static final class Setup {
    final World w;
    final ServiceCrd crd;
    final Provider p;
    final Tenant t;
    final String version;
    final Map<String, String> uids = new HashMap<>();

    Setup(World w, ServiceCrd crd, Provider p, Tenant t, String version) {
      this.w = w;
      this.crd = crd;
      this.p = p;
      this.t = t;
      this.version = version;
    }

    ResourceDefinitionContext kind() {
      return crd.tenantKind(p, version);
    }

    void create(String name, String region, Map<String, Object> spec) {
      try (KubernetesClient c = t.client()) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(p.group() + "/" + version);
        r.setKind(crd.kind);
        r.setMetadata(
            new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(t.name)
                .addToLabels("kubecarrier.io/region", region)
                .build());
        r.setAdditionalProperty("spec", spec);
        c.genericKubernetesResources(kind()).inNamespace(t.name).resource(r).create();
      }
    }

    GenericKubernetesResource get(String name) {
      return w.admin.genericKubernetesResources(kind()).inNamespace(t.name).withName(name).get();
    }

    void edit(String name, String field, Object value) {
      try (KubernetesClient c = t.client()) {
        World.mergePatch(
            c.genericKubernetesResources(kind()).inNamespace(t.name).withName(name),
            World.nested("spec", field, value));
      }
    }

    /**
     * Edits until the tenant object keeps the new field: right after its CRD gains the field, the
     * management API server's storage may still prune it silently (it switches to a new schema a
     * moment after the CRD update), and a policy change may still refuse it for a moment.
     */
    void editUntilKept(String name, String field, Object value) {
      await(name + " keeps spec." + field + "=" + value)
          .atMost(World.TIMEOUT)
          .ignoreException(KubernetesClientException.class)
          .until(
              () -> {
                edit(name, field, value);
                return Objects.equals(value, TestMaps.spec(get(name)).get(field));
              });
    }

    void editBoth(String field, Object value) {
      for (String name : List.of("eu", "us")) {
        edit(name, field, value);
      }
      for (String name : List.of("eu", "us")) {
        awaitServiceSpec(name, field, value);
      }
    }

    void awaitRefusedEdit(String name, String field, Object value, String message) {
      await(name + " refused " + field)
          .atMost(World.TIMEOUT)
          .until(
              () -> {
                try {
                  edit(name, field, value);
                } catch (KubernetesClientException e) {
                  if (String.valueOf(e.getMessage()).contains(message)) {
                    return true;
                  }
                  throw e;
                }
                // the policy had not arrived yet: take the value back and try again
                edit(name, field, null);
                return false;
              });
    }

    void awaitRefusedCreate(String name, String region, String message) {
      await("a new " + name + " in " + region + " refused")
          .atMost(World.TIMEOUT)
          .until(
              () -> {
                try {
                  create(name, region, Map.of());
                } catch (KubernetesClientException e) {
                  if (String.valueOf(e.getMessage()).contains(message)) {
                    return true;
                  }
                  throw e;
                }
                // the policy had not arrived yet: delete it and try again
                w.admin
                    .genericKubernetesResources(kind())
                    .inNamespace(t.name)
                    .withName(name)
                    .delete();
                w.awaitGone(w.admin, p.group() + "/" + version, crd.kind, t.name, name);
                return false;
              });
    }

    /** The instance's copy in its service cluster, read at the service CRD's served version. */
    GenericKubernetesResource serviceObject(String name) {
      Map<String, Object> block = TestMaps.kubecarrier(get(name));
      if (!(block.get("serviceCluster") instanceof String cluster)
          || !(block.get("serviceNamespace") instanceof String ns)) {
        return null;
      }
      KubernetesClient c = w.cluster(cluster).adminClient();
      for (String v : List.of(version, "v2", "v1")) {
        try {
          GenericKubernetesResource r =
              c.genericKubernetesResources(crd.serviceKind(v)).inNamespace(ns).withName(name).get();
          if (r != null) {
            return r;
          }
        } catch (KubernetesClientException e) {
          // the version is not served there (any more): try the next
        }
      }
      return null;
    }

    void awaitServiceSpec(String name, String field, Object value) {
      await(name + " spec." + field + "=" + value + " in its service cluster")
          .atMost(World.TIMEOUT)
          .until(
              () -> {
                GenericKubernetesResource s = serviceObject(name);
                return s != null
                    && Objects.equals(
                        String.valueOf(value), String.valueOf(TestMaps.spec(s).get(field)));
              });
    }

    /** Writes status into the service object, as the service operator would. */
    void writeServiceStatus(String name, Map<String, Object> status) {
      GenericKubernetesResource s = serviceObject(name);
      String cluster = TestMaps.kubecarrier(get(name)).get("serviceCluster").toString();
      w.cluster(cluster)
          .adminClient()
          .genericKubernetesResources(crd.serviceKind(version))
          .inNamespace(s.getMetadata().getNamespace())
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
    }

    void awaitTenantStatus(String name, String field, Object value) {
      await(name + " status." + field + "=" + value)
          .atMost(World.TIMEOUT)
          .until(() -> Objects.equals(value, Walkthrough.status(get(name), field)));
    }

    void awaitInstanceCondition(String name, String type, String status, String reason) {
      await(name + " " + type + "=" + status + (reason == null ? "" : "/" + reason))
          .atMost(World.TIMEOUT)
          .until(
              () -> {
                Map<String, Object> c = Tenant.condition(get(name), type);
                return Objects.equals(status, c.get("status"))
                    && (reason == null || Objects.equals(reason, c.get("reason")));
              });
    }

    /** Every instance's service object is the one it had at the start (same uid). */
    void assertSameServiceObjects() {
      uids.forEach(
          (name, uid) ->
              assertThat(serviceObject(name).getMetadata().getUid())
                  .as(name + "'s service object keeps its uid")
                  .isEqualTo(uid));
    }

    GenericKubernetesResource entry() {
      return p.get(CATALOG, "CatalogEntry", SET);
    }

    void awaitEntry(String what, Predicate<GenericKubernetesResource> check) {
      await("CatalogEntry " + SET + ": " + what)
          .atMost(World.TIMEOUT)
          .until(this::entry, e -> e != null && check.test(e));
    }

    CustomResourceDefinition tenantCrd() {
      return w.admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.plural + "." + p.group())
          .get();
    }

    void deleteInstances() {
      w.step(
          "t deletes its instances: both service objects go",
          () -> {
            try (KubernetesClient c = t.client()) {
              for (String name : List.of("eu", "us")) {
                c.genericKubernetesResources(kind()).inNamespace(t.name).withName(name).delete();
              }
            }
            for (String name : List.of("eu", "us")) {
              w.awaitGone(w.admin, p.group() + "/" + version, crd.kind, t.name, name);
            }
          });
    }
  }

  // ---- reading the entry

  @SuppressWarnings("unchecked")
  static List<String> regions(GenericKubernetesResource e) {
    Object r = Walkthrough.status(e, "regions");
    return r instanceof List<?> l ? (List<String>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  static List<String> tenantVersions(GenericKubernetesResource e) {
    Object crd = Walkthrough.status(e, "tenantCRD");
    return crd instanceof Map<?, ?> m && m.get("versions") instanceof List<?> l
        ? (List<String>) l
        : List.of();
  }

  static String storageVersion(GenericKubernetesResource e) {
    Object crd = Walkthrough.status(e, "tenantCRD");
    return crd instanceof Map<?, ?> m ? String.valueOf(m.get("storageVersion")) : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(GenericKubernetesResource e, String type) {
    Object list = Walkthrough.status(e, "conditions");
    if (list instanceof List<?> l) {
      for (Object c : l) {
        if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return (Map<String, Object>) m;
        }
      }
    }
    return Map.of("message", "");
  }

  static boolean compatible(GenericKubernetesResource e) {
    return "True".equals(condition(e, "CRDsCompatible").get("status"));
  }
}
