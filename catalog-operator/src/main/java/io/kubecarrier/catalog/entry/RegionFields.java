package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Admission rules for spec fields that only some offered regions' service CRDs know (an additive
 * change rolled out one region at a time, or a field removed in one region): setting such a field
 * is accepted only for an instance in a region that knows it, so that no region silently drops a
 * value the tenant set. The instance's region is its label {@code kubecarrier.io/region}, else the
 * region it is placed in, else the only offered region. A value the old object already had is kept
 * on UPDATE (an instance whose region dropped the field can still be edited).
 *
 * <p>Fields under arrays are checked in every item ({@code exists}); fields under maps ({@code
 * additionalProperties}) and fields whose names CEL cannot address are not checked (the service
 * cluster's API server prunes them), and are named in the entry's condition instead.
 */
final class RegionFields {

  /** Fields checked at most (each is one CEL validation). */
  static final int MAX = 32;

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private RegionFields() {}

  /** One validation per checkable spec path of {@code partial}, in path order. */
  static List<Validation> validations(List<String> regions, Map<String, List<String>> partial) {
    List<Validation> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(partial).entrySet()) {
      String path = e.getKey();
      if (!path.startsWith(".spec.") || out.size() >= MAX || !checkable(path)) {
        continue;
      }
      List<String> knowing = e.getValue().stream().filter(regions::contains).sorted().toList();
      List<String> others = regions.stream().filter(r -> !knowing.contains(r)).sorted().toList();
      if (others.isEmpty()) {
        continue;
      }
      out.add(validation(path, knowing, others, regions));
    }
    return out;
  }

  /** Whether {@code path} can be expressed in CEL (no map levels, addressable names). */
  static boolean checkable(String path) {
    for (String s : segments(path)) {
      String name = s.endsWith("[*]") ? s.substring(0, s.length() - 3) : s;
      if (name.equals("*") || name.isEmpty() || !IDENTIFIER.matcher(name).matches()) {
        return false;
      }
    }
    return true;
  }

  private static Validation validation(
      String path, List<String> knowing, List<String> others, List<String> regions) {
    String region =
        "("
            + AdmissionPolicies.HAS_NEW
            + " ? "
            + AdmissionPolicies.NEW
            + " : ((request.operation == 'UPDATE' && "
            + AdmissionPolicies.PLACED
            + ") ? "
            + AdmissionPolicies.PLACED_IN
            + " : '"
            + (regions.size() == 1 ? regions.get(0) : "")
            + "'))";
    String list = knowing.stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "));
    String expression =
        "!"
            + present("object", segments(path))
            + " || (request.operation == 'UPDATE' && "
            + present("oldObject", segments(path))
            + ") || "
            + region
            + " in ["
            + list
            + "]";
    return new ValidationBuilder()
        .withExpression(expression)
        .withMessage(
            "field "
                + path
                + " is only available in region"
                + (knowing.size() == 1 ? " " : "s ")
                + String.join(", ", knowing)
                + " (the service CRD in "
                + String.join(", ", others)
                + " does not have it): remove it, or create the instance in "
                + (knowing.size() == 1 ? "that region" : "one of those regions"))
        .withReason("Invalid")
        .build();
  }

  /** A CEL expression that is true when {@code root} has the field at {@code segments}. */
  static String present(String root, List<String> segments) {
    StringBuilder expr = new StringBuilder();
    String current = root;
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      boolean array = s.endsWith("[*]");
      String name = escape(array ? s.substring(0, s.length() - 3) : s);
      if (expr.length() > 0) {
        expr.append(" && ");
      }
      expr.append("has(").append(current).append('.').append(name).append(')');
      current = current + "." + name;
      if (array) {
        String item = "i" + i;
        List<String> rest = segments.subList(i + 1, segments.size());
        if (!rest.isEmpty()) {
          expr.append(" && ")
              .append(current)
              .append(".exists(")
              .append(item)
              .append(", ")
              .append(present(item, rest))
              .append(')');
        }
        return "(" + expr + ")";
      }
    }
    return "(" + expr + ")";
  }

  private static List<String> segments(String path) {
    return List.of(path.substring(1).split("\\."));
  }

  /** A property name as CEL addresses it (Kubernetes' escaping of reserved words). */
  private static String escape(String name) {
    return RESERVED.contains(name) ? "__" + name + "__" : name.replace("__", "__underscores__");
  }
}
