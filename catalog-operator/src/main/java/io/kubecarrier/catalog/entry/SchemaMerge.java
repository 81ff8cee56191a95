package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * The common schema of one CRD version as several service clusters define it: every difference is
 * classified (docs/catalog-operator.md, "Schema evolution") and either merged into a schema that
 * every region accepts or reported as a conflict.
 *
 * <ul>
 *   <li>{@link Kind#DOCUMENTATION} (description, title, example, externalDocs): ignored; the first
 *       region's text is used.
 *   <li>{@link Kind#ADDITIVE}: an optional property only some regions know (added in one, or
 *       removed in one): the union is served, and the property is recorded in {@link
 *       Result#partial()} with the regions that know it (the admission policy accepts it only for
 *       instances there).
 *   <li>{@link Kind#DEFAULTING}: a {@code default} that differs or exists only in some regions: the
 *       common schema has none; each service cluster applies its own.
 *   <li>{@link Kind#TIGHTENED}: validation that one region makes stricter (a narrower enum, a
 *       bound, a length, a required property all regions know, a CEL rule, a pattern or format that
 *       only one has): the strictest applies to all (CRD validation ratcheting keeps existing
 *       objects updatable).
 *   <li>{@link Kind#INCOMPATIBLE}: a type change, a property required in a region where the others
 *       do not know it, differing patterns or formats, structural markers ({@code
 *       x-kubernetes-preserve-unknown-fields}, int-or-string, list and map types, embedded
 *       resources), differing combinators: no common schema; the regions cannot be offered
 *       together.
 * </ul>
 */
public final class SchemaMerge {

  /** How a difference between the regions' schemas is handled. */
  public enum Kind {
    DOCUMENTATION,
    ADDITIVE,
    DEFAULTING,
    TIGHTENED,
    INCOMPATIBLE
  }

  /** One schema as a region defines it. */
  public record Input(String region, JsonNode schema) {}

  /**
   * One difference: the field path ({@code .spec.size}, {@code .spec.users[*].name}), its class and
   * what each region has.
   */
  public record Difference(String path, Kind kind, String detail) {
    @Override
    public String toString() {
      return path + ": " + detail;
    }
  }

  /**
   * The merge: the common schema (null when there is a conflict), every difference found, and the
   * properties only some regions know, with those regions.
   */
  public record Result(
      ObjectNode schema, List<Difference> differences, Map<String, List<String>> partial) {
    public boolean compatible() {
      return differences.stream().noneMatch(d -> d.kind() == Kind.INCOMPATIBLE);
    }

    public List<Difference> conflicts() {
      return of(Kind.INCOMPATIBLE);
    }

    public List<Difference> of(Kind kind) {
      return differences.stream().filter(d -> d.kind() == kind).toList();
    }

    /** Whether the schemas differ in nothing but documentation. */
    public boolean equivalent() {
      return differences.stream().allMatch(d -> d.kind() == Kind.DOCUMENTATION);
    }
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> DOCUMENTATION =
      Set.of("description", "title", "example", "externalDocs");

  /** Validations a schema may add: kept when the regions that have them agree. */
  private static final Set<String> ADDABLE_VALIDATIONS =
      Set.of("pattern", "format", "multipleOf", "uniqueItems", "allOf", "anyOf", "oneOf", "not");

  private static final Set<String> UPPER_BOUNDS =
      Set.of("maximum", "maxLength", "maxItems", "maxProperties");
  private static final Set<String> LOWER_BOUNDS =
      Set.of("minimum", "minLength", "minItems", "minProperties");

  private final List<Difference> differences = new ArrayList<>();
  private final Map<String, List<String>> partial = new LinkedHashMap<>();

  private SchemaMerge() {}

  /** Merges the schemas of {@code inputs} (at least one; regions in the order of preference). */
  public static Result merge(List<Input> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    SchemaMerge m = new SchemaMerge();
    List<Side> sides =
        inputs.stream()
            .map(i -> new Side(i.region(), i.schema() == null ? F.objectNode() : i.schema()))
            .toList();
    ObjectNode schema = m.node("", sides);
    boolean ok = m.differences.stream().noneMatch(d -> d.kind() == Kind.INCOMPATIBLE);
    return new Result(ok ? schema : null, List.copyOf(m.differences), Map.copyOf(m.partial));
  }

  private record Side(String region, JsonNode node) {}

  private ObjectNode node(String path, List<Side> sides) {
    ObjectNode out = F.objectNode();
    Set<String> keys = new LinkedHashSet<>();
    sides.forEach(s -> s.node().fieldNames().forEachRemaining(keys::add));
    for (String key : keys) {
      List<Side> having = sides.stream().filter(s -> s.node().has(key)).toList();
      List<JsonNode> values = having.stream().map(s -> s.node().get(key)).toList();
      boolean same = values.stream().distinct().count() == 1 && having.size() == sides.size();
      if (DOCUMENTATION.contains(key)) {
        out.set(key, values.get(0));
        if (!same) {
          note(path, Kind.DOCUMENTATION, key + " differs");
        }
      } else if (key.equals("properties")) {
        Properties p = properties(path, sides);
        out.set(key, p.schemas());
        if (!p.required().isEmpty()) {
          ArrayNode r = out.putArray("required");
          p.required().forEach(r::add);
        }
      } else if (key.equals("required")) {
        if (keys.contains("properties")) {
          continue; // with the properties, which know who has them
        }
        Set<String> union = new LinkedHashSet<>();
        values.forEach(v -> v.forEach(r -> union.add(r.asText())));
        ArrayNode r = out.putArray("required");
        union.forEach(r::add);
      } else if (key.equals("items")) {
        if (having.size() != sides.size() || !values.stream().allMatch(JsonNode::isObject)) {
          incompatible(path, "items", sides);
        } else {
          out.set(key, node(path + "[*]", sub(having, key)));
        }
      } else if (key.equals("additionalProperties")) {
        if (having.size() == sides.size() && values.stream().allMatch(JsonNode::isObject)) {
          out.set(key, node(path + ".*", sub(having, key)));
        } else if (same) {
          out.set(key, values.get(0));
        } else {
          incompatible(path, key, sides);
        }
      } else if (same) {
        out.set(key, values.get(0));
      } else if (key.equals("default")) {
        note(path, Kind.DEFAULTING, "default " + describe(key, sides) + "; none is served");
      } else if (key.equals("type")) {
        incompatible(path, key, sides);
      } else if (key.equals("enum")) {
        enumeration(path, out, sides, having);
      } else if (UPPER_BOUNDS.contains(key)) {
        bound(path, out, key, sides, values, (a, b) -> a.asDouble() <= b.asDouble() ? a : b);
      } else if (LOWER_BOUNDS.contains(key)) {
        bound(path, out, key, sides, values, (a, b) -> a.asDouble() >= b.asDouble() ? a : b);
      } else if (key.equals("nullable")) {
        boolean all =
            values.stream().allMatch(JsonNode::asBoolean) && having.size() == sides.size();
        out.put(key, all);
        note(path, Kind.TIGHTENED, "nullable " + describe(key, sides) + "; nullable " + all);
      } else if (key.equals("x-kubernetes-validations")) {
        ArrayNode rules = F.arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        values.forEach(
            v ->
                v.forEach(
                    r -> {
                      if (seen.add(r.path("rule").asText())) {
                        rules.add(r);
                      }
                    }));
        out.set(key, rules);
        note(path, Kind.TIGHTENED, "CEL rules differ; every region's rules apply");
      } else if (ADDABLE_VALIDATIONS.contains(key) && values.stream().distinct().count() == 1) {
        out.set(key, values.get(0));
        note(path, Kind.TIGHTENED, key + " " + describe(key, sides) + "; it applies everywhere");
      } else {
        incompatible(path, key, sides);
      }
    }
    return out;
  }

  private record Properties(ObjectNode schemas, Set<String> required) {}

  private Properties properties(String path, List<Side> sides) {
    ObjectNode out = F.objectNode();
    Set<String> names = new LinkedHashSet<>();
    sides.forEach(s -> s.node().path("properties").fieldNames().forEachRemaining(names::add));
    Set<String> required = new LinkedHashSet<>();
    for (String name : names) {
      String child = path + "." + name;
      List<Side> having =
          sides.stream().filter(s -> s.node().path("properties").has(name)).toList();
      List<String> requiring =
          sides.stream().filter(s -> requires(s.node(), name)).map(Side::region).toList();
      if (having.size() < sides.size()) {
        List<String> knowing = having.stream().map(Side::region).toList();
        if (!requiring.isEmpty()) {
          differences.add(
              new Difference(
                  child,
                  Kind.INCOMPATIBLE,
                  "required in "
                      + String.join(", ", requiring)
                      + ", unknown in "
                      + String.join(", ", others(sides, knowing))));
          continue;
        }
        partial.put(child, knowing);
        note(
            child,
            Kind.ADDITIVE,
            "only in "
                + String.join(", ", knowing)
                + " (accepted for instances there, refused elsewhere)");
      } else if (!requiring.isEmpty() && requiring.size() < sides.size()) {
        note(
            child,
            Kind.TIGHTENED,
            "required in " + String.join(", ", requiring) + " only; required everywhere");
      }
      if (!requiring.isEmpty()) {
        required.add(name);
      }
      out.set(name, node(child, sub(sub(having, "properties"), name)));
    }
    return new Properties(out, required);
  }

  private static boolean requires(JsonNode node, String name) {
    JsonNode required = node.path("required");
    if (required.isArray()) {
      for (JsonNode r : required) {
        if (r.asText().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private void enumeration(String path, ObjectNode out, List<Side> sides, List<Side> having) {
    List<JsonNode> common = new ArrayList<>();
    having.get(0).node().get("enum").forEach(common::add);
    for (Side s : having) {
      List<JsonNode> values = new ArrayList<>();
      s.node().get("enum").forEach(values::add);
      common.retainAll(values);
    }
    if (common.isEmpty()) {
      differences.add(
          new Difference(
              path, Kind.INCOMPATIBLE, "enum " + describe("enum", sides) + " share no value"));
      return;
    }
    ArrayNode e = F.arrayNode();
    common.forEach(e::add);
    out.set("enum", e);
    note(path, Kind.TIGHTENED, "enum " + describe("enum", sides) + "; " + e + " applies");
  }

  private void bound(
      String path,
      ObjectNode out,
      String key,
      List<Side> sides,
      List<JsonNode> values,
      BinaryOperator<JsonNode> stricter) {
    JsonNode v = values.stream().reduce(stricter).orElseThrow();
    out.set(key, v);
    note(path, Kind.TIGHTENED, key + " " + describe(key, sides) + "; " + v + " applies");
  }

  private void incompatible(String path, String key, List<Side> sides) {
    differences.add(new Difference(path, Kind.INCOMPATIBLE, key + " " + describe(key, sides)));
  }

  private void note(String path, Kind kind, String detail) {
    differences.add(new Difference(path.isEmpty() ? "." : path, kind, detail));
  }

  /** What each region has for {@code key}: "string in a, integer in b", "none in c". */
  private static String describe(String key, List<Side> sides) {
    Map<String, List<String>> byValue = new LinkedHashMap<>();
    for (Side s : sides) {
      JsonNode v = s.node().get(key);
      String text = v == null ? "none" : v.isTextual() ? v.asText() : shorten(v.toString());
      byValue.computeIfAbsent(text, k -> new ArrayList<>()).add(s.region());
    }
    List<String> parts = new ArrayList<>();
    byValue.forEach((v, regions) -> parts.add(v + " in " + String.join(", ", regions)));
    return String.join(", ", parts);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static List<String> others(List<Side> sides, List<String> regions) {
    return sides.stream().map(Side::region).filter(r -> !regions.contains(r)).toList();
  }

  private static List<Side> sub(List<Side> sides, String key) {
    return sides.stream()
        .filter(s -> s.node().has(key))
        .map(s -> new Side(s.region(), s.node().get(key)))
        .toList();
  }
}
