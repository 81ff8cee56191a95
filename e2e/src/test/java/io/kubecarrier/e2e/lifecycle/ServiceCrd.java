package io.kubecarrier.e2e.lifecycle;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.e2e.Walkthrough;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A service CRD of one test, installed in several service clusters and changed region by region, as
 * a provider upgrades an operator one cluster at a time. The CRD's API group is the test's own (the
 * clusters are shared); everything else is the given definition.
 */
final class ServiceCrd {

  private final World world;
  private final Map<String, ObjectNode> byRegion = new LinkedHashMap<>();
  private final ObjectNode base;
  final String group;
  final String kind;
  final String plural;

  private ServiceCrd(World world, ObjectNode crd) {
    this.world = world;
    this.base = crd;
    this.group = crd.at("/spec/group").asText();
    this.kind = crd.at("/spec/names/kind").asText();
    this.plural = crd.at("/spec/names/plural").asText();
  }

  /** A CRD of the test data in {@code real-operators/}, in the API group {@code group}. */
  static ServiceCrd real(World world, String resource, String group) {
    try (InputStream in = ServiceCrd.class.getResourceAsStream("/real-operators/" + resource)) {
      String yaml = new String(Objects.requireNonNull(in, resource).readAllBytes(), UTF8);
      ObjectNode crd =
          (ObjectNode)
              Serialization.jsonMapper().valueToTree(Serialization.unmarshal(yaml, Map.class));
      crd.with("spec").put("group", group);
      ((ObjectNode) crd.get("metadata"))
          .put("name", crd.at("/spec/names/plural").asText() + "." + group);
      ((ObjectNode) crd.get("metadata")).remove("annotations");
      return new ServiceCrd(world, crd);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /**
   * A small CRD {@code Cache} in {@code group}: version v1 with spec {@code size}, {@code version}
   * (strings) and status {@code phase}.
   */
  static ServiceCrd cache(World world, String group) {
    String yaml =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: caches.%1$s}
        spec:
          group: %1$s
          scope: Namespaced
          names: {kind: Cache, listKind: CacheList, plural: caches, singular: cache}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    description: Desired state of the cache.
                    properties:
                      size: {type: string, description: Size class of the cache.}
                      version: {type: string, description: Version to run.}
                  status:
                    type: object
                    properties:
                      phase: {type: string}
        """
            .formatted(group);
    return new ServiceCrd(
        world,
        (ObjectNode)
            Serialization.jsonMapper().valueToTree(Serialization.unmarshal(yaml, Map.class)));
  }

  String name() {
    return plural + "." + group;
  }

  /** Installs the CRD as it is in {@code regions} and awaits that each serves it. */
  void install(String... regions) {
    for (String region : regions) {
      byRegion.put(region, base.deepCopy());
      apply(region);
    }
  }

  /** Changes the CRD in {@code region} ({@code edit} gets its JSON) and awaits the result. */
  void change(String region, Consumer<ObjectNode> edit) {
    edit.accept(byRegion.get(region));
    apply(region);
  }

  /** The version {@code name} of a CRD's JSON. */
  static ObjectNode version(ObjectNode crd, String name) {
    for (JsonNode v : crd.at("/spec/versions")) {
      if (v.path("name").asText().equals(name)) {
        return (ObjectNode) v;
      }
    }
    throw new IllegalArgumentException("no version " + name);
  }

  /** The {@code properties} of {@code spec} or {@code status} of a version. */
  static ObjectNode properties(ObjectNode crd, String version, String part) {
    return (ObjectNode)
        version(crd, version).at("/schema/openAPIV3Schema/properties/" + part).path("properties");
  }

  /** Adds a copy of version {@code from} named {@code name}, served, not storage. */
  static void addVersion(ObjectNode crd, String from, String name) {
    ObjectNode copy = version(crd, from).deepCopy();
    copy.put("name", name);
    copy.put("storage", false);
    ((ArrayNode) crd.at("/spec/versions")).add(copy);
  }

  /** Makes {@code name} the storage version. */
  static void storage(ObjectNode crd, String name) {
    crd.at("/spec/versions")
        .forEach(v -> ((ObjectNode) v).put("storage", v.path("name").asText().equals(name)));
  }

  /**
   * Removes a version, after a storage migration would have: {@code status.storedVersions} is set
   * to the storage version first (the API server refuses to drop a stored version).
   */
  void removeVersion(String region, String name) {
    ObjectNode crd = byRegion.get(region);
    String storage = null;
    for (JsonNode v : crd.at("/spec/versions")) {
      if (v.path("storage").asBoolean()) {
        storage = v.path("name").asText();
      }
    }
    KubernetesClient c = world.cluster(region).adminClient();
    c.apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", Map.of("storedVersions", List.of(storage)))));
    ArrayNode versions = (ArrayNode) crd.at("/spec/versions");
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).path("name").asText().equals(name)) {
        versions.remove(i);
        break;
      }
    }
    apply(region);
  }

  private void apply(String region) {
    KubernetesClient c = world.cluster(region).adminClient();
    CustomResourceDefinition want =
        Serialization.jsonMapper()
            .convertValue(byRegion.get(region), CustomResourceDefinition.class);
    c.resource(want).fieldManager("provider").forceConflicts().serverSideApply();
    await(name() + " established in " + region)
        .atMost(World.TIMEOUT)
        .until(
            () -> {
              CustomResourceDefinition have =
                  c.apiextensions().v1().customResourceDefinitions().withName(name()).get();
              return have != null
                  && have.getStatus() != null
                  && have.getStatus().getConditions() != null
                  && have.getStatus().getConditions().stream()
                      .anyMatch(
                          x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()))
                  && have.getSpec().getVersions().size() == want.getSpec().getVersions().size();
            });
  }

  /** Awaits that the provider's discovery of this CRD in {@code region} shows {@code check}. */
  void awaitDiscovered(
      World.Provider p,
      String set,
      String region,
      String what,
      java.util.function.Predicate<JsonNode> check) {
    await("discovery of " + name() + " in " + region + ": " + what)
        .atMost(World.TIMEOUT)
        .until(
            () -> {
              GenericKubernetesResource d =
                  p.get(World.CORE, "CustomResourceDiscovery", Names.discoveryName(set, region));
              return d != null
                  && check.test(
                      Serialization.jsonMapper().valueToTree(Walkthrough.status(d, "crd")));
            });
  }

  /** The tenant kind of {@code p} for this CRD at {@code version}. */
  ResourceDefinitionContext tenantKind(World.Provider p, String version) {
    return context(p.group(), version);
  }

  /** The service kind at {@code version}. */
  ResourceDefinitionContext serviceKind(String version) {
    return context(group, version);
  }

  private ResourceDefinitionContext context(String g, String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(g)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
