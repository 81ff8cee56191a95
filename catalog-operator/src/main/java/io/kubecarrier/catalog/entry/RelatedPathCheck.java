package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedPaths;
import io.kubecarrier.api.common.RelatedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the paths of {@code spec.relatedResources} against the schemas, so that a path that can
 * never name anything is a clear {@code Ready=False} of the entry instead of a silent nothing: a
 * Down {@code fromPath} and every template placeholder must lie in the tenant CRD's schema (what
 * tenants can set), an Up {@code fromPath} in the service CRD's schema (spec or status). Below
 * {@code x-kubernetes-preserve-unknown-fields} anything goes; {@code [*]} and {@code [n]} need a
 * list.
 */
final class RelatedPathCheck {

  private RelatedPathCheck() {}

  /**
   * @throws InvalidEntryException naming the declaration, the path and what the schema lacks
   */
  static void check(
      CatalogEntry entry, String version, JsonNode serviceSchema, JsonNode tenantSchema) {
    List<RelatedResource> decls =
        entry.getSpec() == null ? null : entry.getSpec().getRelatedResources();
    if (decls == null) {
      return;
    }
    for (RelatedResource d : decls) {
      if (d.getFromPath() != null) {
        boolean down = d.getDirection() == RelatedDirection.Down;
        require(
            d,
            "fromPath",
            d.getFromPath(),
            down ? tenantSchema : serviceSchema,
            down ? "the tenant CRD (what tenants can set)" : "the service CRD",
            version);
      }
      for (String p : placeholders(d)) {
        if (p.startsWith(".metadata.") || p.equals(".source.name")) {
          continue;
        }
        require(d, "template", p, tenantSchema, "the tenant CRD", version);
      }
    }
  }

  private static List<String> placeholders(RelatedResource d) {
    List<String> out = new ArrayList<>();
    if (d.getNameTemplate() != null) {
      out.addAll(RelatedPaths.placeholders(d.getNameTemplate()));
    }
    if (d.getTargetName() != null) {
      out.addAll(RelatedPaths.placeholders(d.getTargetName()));
    }
    if (d.getSelector() != null && d.getSelector().getMatchLabels() != null) {
      for (Map.Entry<String, String> e : d.getSelector().getMatchLabels().entrySet()) {
        out.addAll(RelatedPaths.placeholders(e.getValue()));
      }
    }
    return out;
  }

  private static void require(
      RelatedResource d, String field, String path, JsonNode schema, String which, String version) {
    String problem = missing(schema, path);
    if (problem != null) {
      throw new InvalidEntryException(
          Reasons.INVALID_SPEC,
          "relatedResources["
              + d.getName()
              + "]."
              + field
              + " "
              + path
              + ": "
              + which
              + " "
              + problem
              + " (version "
              + version
              + "), so it can never name an object: fix the path");
    }
  }

  /** What {@code schema} lacks for {@code path}, or null when the path can hold a value. */
  static String missing(JsonNode schema, String path) {
    List<RelatedPaths.Step> steps;
    try {
      steps = RelatedPaths.parse(path);
    } catch (IllegalArgumentException e) {
      return "cannot read the path (" + e.getMessage() + ")";
    }
    JsonNode node = schema;
    StringBuilder at = new StringBuilder();
    for (RelatedPaths.Step s : steps) {
      if (node == null
          || node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
              && (s.field() == null || !node.path("properties").has(s.field()))) {
        return null;
      }
      if (s.field() != null) {
        JsonNode next = node.path("properties").get(s.field());
        if (next == null) {
          JsonNode extra = node.get("additionalProperties");
          if (extra != null && extra.isObject()) {
            next = extra;
          } else if (extra != null && extra.asBoolean(false)) {
            return null;
          } else {
            return "has no field "
                + s.field()
                + " under "
                + (at.isEmpty() ? "the top" : at.toString());
          }
        }
        node = next;
        at.append('.').append(s.field());
      } else {
        if (!"array".equals(node.path("type").asText())) {
          return "has no list at " + at + " (" + (s.all() ? "[*]" : "[" + s.index() + "]") + ")";
        }
        node = node.get("items");
        at.append(s.all() ? "[*]" : "[" + s.index() + "]");
      }
    }
    return null;
  }
}
