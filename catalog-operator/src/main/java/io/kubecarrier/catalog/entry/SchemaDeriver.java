package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecarrier.api.common.Reasons;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the openAPIV3Schema of a tenant CRD version from the service CRD's: pruned to the exposed
 * paths when there are any ({@code apiVersion}, {@code kind}, {@code metadata} always kept), plus
 * the {@code status.kubecarrier} block that the propagation agent writes.
 *
 * <p>Pruning keeps each exposed field with its whole subtree; objects on the way to it keep only
 * the kept children, their {@code required} lists are cut to those, and their CEL rules ({@code
 * x-kubernetes-validations}) are dropped, since they may refer to pruned fields.
 */
public final class SchemaDeriver {

  /** The property under {@code status} that KubeCarrier owns. */
  public static final String KUBECARRIER = "kubecarrier";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String PROPERTIES = "properties";

  private SchemaDeriver() {}

  /**
   * The tenant schema for one version.
   *
   * @param service the service CRD's openAPIV3Schema of the version
   * @param exposed paths such as {@code .spec.version}; empty: everything is kept
   * @throws InvalidEntryException (InvalidExpose) when a path does not exist in the schema
   */
  public static ObjectNode derive(JsonNode service, List<String> exposed, String version) {
    ObjectNode source =
        service == null || !service.isObject() ? objectSchema() : (ObjectNode) service;
    for (String path : exposed) {
      requireExists(source, segments(path), path, version);
    }
    ObjectNode result = pruned(source, exposed);
    result.put("type", "object");
    addKubeCarrierStatus(result);
    return result;
  }

  /**
   * {@code service} pruned to the {@code exposed} paths that exist in it (a copy; all of it when
   * there are none), without the {@code status.kubecarrier} block: what the regions' schemas are
   * compared by, since differences outside the exposed paths never reach a tenant.
   */
  public static ObjectNode pruned(JsonNode service, List<String> exposed) {
    ObjectNode source =
        service == null || !service.isObject() ? objectSchema() : (ObjectNode) service;
    if (exposed.isEmpty()) {
      return source.deepCopy();
    }
    Tree tree = new Tree();
    for (String path : exposed) {
      if (exists(source, segments(path))) {
        tree.add(segments(path));
      }
    }
    for (String always : List.of("apiVersion", "kind", "metadata")) {
      if (source.path(PROPERTIES).has(always)) {
        tree.children.put(always, Tree.WHOLE);
      }
    }
    return prune(source, tree);
  }

  /**
   * The openAPIV3Schema of a discovered version's schema, which is stored either as the schema or
   * wrapped in {@code {openAPIV3Schema: ...}}.
   */
  public static JsonNode openApiV3(JsonNode schema) {
    return schema != null && schema.has("openAPIV3Schema") ? schema.get("openAPIV3Schema") : schema;
  }

  /** {@code schema} without the {@code status.kubecarrier} block (a copy). */
  public static ObjectNode withoutKubeCarrierStatus(JsonNode schema) {
    ObjectNode copy = schema.isObject() ? ((ObjectNode) schema).deepCopy() : objectSchema();
    JsonNode status = copy.path(PROPERTIES).path("status").path(PROPERTIES);
    if (status.isObject()) {
      ((ObjectNode) status).remove(KUBECARRIER);
    }
    return copy;
  }

  private static List<String> segments(String path) {
    return List.of(path.substring(1).split("\\."));
  }

  private static boolean exists(JsonNode root, List<String> segments) {
    JsonNode node = root;
    for (String s : segments) {
      node = node.path(PROPERTIES).path(s);
      if (node.isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  /** Whether a printer column's JSONPath points into the kept part of the schema. */
  public static boolean keepsColumn(String jsonPath, List<String> exposed) {
    if (exposed.isEmpty() || jsonPath == null || jsonPath.startsWith(".metadata.")) {
      return true;
    }
    String path = jsonPath.replaceAll("\\[.*$", "");
    return exposed.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "."));
  }

  private static void requireExists(ObjectNode root, List<String> segments, String path, String v) {
    JsonNode node = root;
    for (String s : segments) {
      JsonNode next = node.path(PROPERTIES).path(s);
      if (next.isMissingNode()) {
        throw new InvalidEntryException(
            Reasons.INVALID_EXPOSE,
            "spec.derive.expose: field "
                + path
                + " does not exist in version "
                + v
                + " of the service CRD (no property '"
                + s
                + "'); fix the path or the versions it applies to");
      }
      node = next;
    }
  }

  private static ObjectNode prune(JsonNode node, Tree tree) {
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    if (tree == Tree.WHOLE) {
      return copy;
    }
    copy.remove(PROPERTIES);
    copy.remove("required");
    copy.remove("x-kubernetes-validations");
    copy.remove("additionalProperties");
    ObjectNode props = copy.putObject(PROPERTIES);
    for (Map.Entry<String, Tree> child : tree.children.entrySet()) {
      props.set(
          child.getKey(), prune(node.path(PROPERTIES).path(child.getKey()), child.getValue()));
    }
    JsonNode required = node.path("required");
    if (required.isArray()) {
      ArrayNode kept = F.arrayNode();
      required.forEach(
          r -> {
            if (tree.children.containsKey(r.asText())) {
              kept.add(r.asText());
            }
          });
      if (!kept.isEmpty()) {
        copy.set("required", kept);
      }
    }
    return copy;
  }

  private static void addKubeCarrierStatus(ObjectNode root) {
    ObjectNode props = root.with(PROPERTIES);
    JsonNode status = props.get("status");
    ObjectNode s;
    if (status == null || !status.isObject()) {
      s = objectSchema();
      s.put("description", "Observed state of the instance.");
      props.set("status", s);
    } else {
      s = (ObjectNode) status;
    }
    // the agent writes status.kubecarrier before the service operator has written anything (and
    // copies up only what the service object has): what the operator's schema requires at the top
    // of its status cannot be required here (RabbitmqCluster requires status.conditions)
    s.remove("required");
    s.put("type", "object");
    s.with(PROPERTIES).set(KUBECARRIER, kubeCarrierBlock());
  }

  private static ObjectNode objectSchema() {
    ObjectNode o = F.objectNode();
    o.put("type", "object");
    return o;
  }

  /** The schema of {@code status.kubecarrier}. */
  public static ObjectNode kubeCarrierBlock() {
    ObjectNode b = objectSchema();
    b.put(
        "description",
        "Written by KubeCarrier: where the instance runs and whether its copy in the service"
            + " cluster is in sync.");
    ObjectNode p = b.putObject(PROPERTIES);
    p.set("serviceCluster", string("Region (service cluster) the instance runs in."));
    p.set("serviceNamespace", string("Namespace of the instance's copy in the service cluster."));
    ObjectNode og = F.objectNode();
    og.put("type", "integer");
    og.put("format", "int64");
    og.put(
        "description", "metadata.generation of the instance last applied to the service cluster.");
    p.set("observedGeneration", og);
    ObjectNode ls = string("Time (RFC 3339, UTC) of the last successful sync.");
    ls.put("format", "date-time");
    p.set("lastSyncTime", ls);
    ObjectNode secret = objectSchema();
    secret.put(
        "description",
        "The connection Secret copied next to the instance from the service cluster, if the"
            + " service operator writes one.");
    ObjectNode sp = secret.putObject(PROPERTIES);
    sp.set("name", string("Name of the Secret, in the instance's namespace."));
    sp.set("hash", string("Hash of the copied content: changes when the content does."));
    p.set("connectionSecret", secret);
    p.set("related", relatedBlock());
    ObjectNode conditions = F.objectNode();
    conditions.put("type", "array");
    conditions.put(
        "description",
        "Conditions Synced, ServiceClusterReachable and (when the offered kind declares related"
            + " Secrets or ConfigMaps) RelatedResourcesSynced, as standard Kubernetes"
            + " conditions.");
    conditions.put("x-kubernetes-list-type", "map");
    conditions.putArray("x-kubernetes-list-map-keys").add("type");
    ObjectNode item = objectSchema();
    item.putArray("required").add("type").add("status");
    ObjectNode ip = item.putObject(PROPERTIES);
    ip.set("type", string("Type of the condition, for example Synced."));
    ObjectNode st = string("Status of the condition: True, False or Unknown.");
    st.putArray("enum").add("True").add("False").add("Unknown");
    ip.set("status", st);
    ip.set("reason", string("Machine-readable reason in CamelCase."));
    ip.set("message", string("Human-readable message: what happened and what to do."));
    ObjectNode lt = string("Time (RFC 3339, UTC) the status last changed.");
    lt.put("format", "date-time");
    ip.set("lastTransitionTime", lt);
    ObjectNode cg = F.objectNode();
    cg.put("type", "integer");
    cg.put("format", "int64");
    cg.put("description", "metadata.generation the condition was computed from.");
    ip.set("observedGeneration", cg);
    conditions.set("items", item);
    p.set("conditions", conditions);
    return b;
  }

  /** The schema of {@code status.kubecarrier.related}: one item per copied related object. */
  private static ObjectNode relatedBlock() {
    ObjectNode related = F.objectNode();
    related.put("type", "array");
    related.put(
        "description",
        "The Secrets and ConfigMaps that travel with the instance (spec.relatedResources of the"
            + " offered kind): one item per copied object.");
    related.put("x-kubernetes-list-type", "atomic");
    ObjectNode item = objectSchema();
    ObjectNode p = item.putObject(PROPERTIES);
    p.set("resource", string("Name of the declaration in the offered kind's relatedResources."));
    ObjectNode dir =
        string("Down: from the instance's namespace to the service cluster; Up: the other way.");
    dir.putArray("enum").add("Down").add("Up");
    p.set("direction", dir);
    ObjectNode kind = string("Secret or ConfigMap.");
    kind.putArray("enum").add("Secret").add("ConfigMap");
    p.set("kind", kind);
    p.set("name", string("Name of the object in the instance's namespace."));
    p.set("serviceName", string("Name of the object in the service namespace."));
    p.set("hash", string("Hash of the copied content: changes when the content does."));
    ObjectNode state =
        string(
            "Synced: copied; Pending: the source does not exist yet; Failed: cannot be copied"
                + " (see message).");
    state.putArray("enum").add("Synced").add("Pending").add("Failed");
    p.set("state", state);
    p.set("message", string("What is wrong and what to do, when not Synced."));
    related.set("items", item);
    return related;
  }

  private static ObjectNode string(String description) {
    ObjectNode s = F.objectNode();
    s.put("type", "string");
    s.put("description", description);
    return s;
  }

  /** Field names under the root of a schema, for tests. */
  public static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = node.path(PROPERTIES).fieldNames();
    it.forEachRemaining(out::add);
    return out;
  }

  /** The kept part of the schema: a whole subtree, or some children. */
  private static final class Tree {
    static final Tree WHOLE = new Tree();
    final Map<String, Tree> children = new LinkedHashMap<>();

    void add(List<String> segments) {
      Tree t = this;
      for (int i = 0; i < segments.size(); i++) {
        if (t == WHOLE) {
          return;
        }
        String s = segments.get(i);
        if (i == segments.size() - 1) {
          t.children.put(s, WHOLE);
        } else {
          t = t.children.computeIfAbsent(s, k -> new Tree());
        }
      }
    }
  }
}
