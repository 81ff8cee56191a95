package io.kubecarrier.api.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths and name templates of {@code spec.relatedResources}: {@code .a.b[*].c}, {@code .a[0]},
 * {@code .a['x.y']}, and templates such as {@code {{.metadata.name}}-{{.spec.users[*].name}}}. Pure
 * functions over the JSON maps of an object.
 */
public final class RelatedPaths {

  private static final Pattern STEP =
      Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\*|[0-9]+)\\]|\\['([^']+)'\\]");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\.[^}\\s]+)\\s*}}");

  private RelatedPaths() {}

  /** One value a path reached, the object that holds it, and the concrete path to it. */
  public record Match(Object value, Map<String, Object> parent, String path) {}

  /** One step of a path: a field, an item index, or every item. */
  public record Step(String field, Integer index, boolean all) {}

  public static List<Step> parse(String path) {
    List<Step> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    int at = 0;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "path " + path + ": cannot read it from position " + at + " (use .field, [n], [*])");
      }
      if (m.group(1) != null) {
        steps.add(new Step(m.group(1), null, false));
      } else if (m.group(3) != null) {
        steps.add(new Step(m.group(3), null, false));
      } else if ("*".equals(m.group(2))) {
        steps.add(new Step(null, null, true));
      } else {
        steps.add(new Step(null, Integer.parseInt(m.group(2)), false));
      }
      at = m.end();
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    return steps;
  }

  /** Every value {@code path} reaches in {@code root} (a list through {@code [*]}). */
  public static List<Match> eval(Object root, String path) {
    List<Match> out = new ArrayList<>();
    walk(root, null, parse(path), 0, "", out);
    return out;
  }

  /** The non-blank string values {@code path} reaches. */
  public static List<Match> strings(Object root, String path) {
    return eval(root, path).stream()
        .filter(m -> m.value() instanceof String s && !s.isBlank())
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static void walk(
      Object node,
      Map<String, Object> parent,
      List<Step> steps,
      int i,
      String at,
      List<Match> out) {
    if (node == null) {
      return;
    }
    if (i == steps.size()) {
      out.add(new Match(node, parent, at));
      return;
    }
    Step s = steps.get(i);
    if (s.field() != null) {
      if (node instanceof Map<?, ?> m) {
        walk(
            m.get(s.field()),
            (Map<String, Object>) m,
            steps,
            i + 1,
            at + (s.field().contains(".") ? "['" + s.field() + "']" : "." + s.field()),
            out);
      }
    } else if (node instanceof List<?> l) {
      if (s.all()) {
        for (int k = 0; k < l.size(); k++) {
          walk(l.get(k), parent, steps, i + 1, at + "[" + k + "]", out);
        }
      } else if (s.index() < l.size()) {
        walk(l.get(s.index()), parent, steps, i + 1, at + "[" + s.index() + "]", out);
      }
    }
  }

  /** The paths of the placeholders of {@code template}, in order. */
  public static List<String> placeholders(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * The names {@code template} yields on {@code root}: one, or one per item when placeholders go
   * through {@code [*]} (placeholders with one value repeat; lists of different lengths are an
   * error). Empty when a placeholder has no value yet.
   *
   * @throws IllegalArgumentException when the template cannot be rendered
   */
  public static List<String> render(String template, Object root) {
    Matcher m = PLACEHOLDER.matcher(template);
    List<int[]> spans = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    int n = 1;
    while (m.find()) {
      List<String> v =
          eval(root, m.group(1)).stream()
              .map(Match::value)
              .filter(x -> x instanceof String || x instanceof Number || x instanceof Boolean)
              .map(String::valueOf)
              .toList();
      if (v.isEmpty()) {
        return List.of();
      }
      if (v.size() > 1) {
        if (n > 1 && v.size() != n) {
          throw new IllegalArgumentException(
              "template "
                  + template
                  + ": its placeholders yield lists of different lengths ("
                  + n
                  + " and "
                  + v.size()
                  + ")");
        }
        n = v.size();
      }
      spans.add(new int[] {m.start(), m.end()});
      values.add(v);
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      StringBuilder b = new StringBuilder();
      int at = 0;
      for (int p = 0; p < spans.size(); p++) {
        b.append(template, at, spans.get(p)[0]);
        List<String> v = values.get(p);
        b.append(v.size() == 1 ? v.get(0) : v.get(k));
        at = spans.get(p)[1];
      }
      b.append(template.substring(at));
      names.add(b.toString());
    }
    return names;
  }
}
