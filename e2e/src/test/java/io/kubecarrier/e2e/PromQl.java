package io.kubecarrier.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's lexer to find the vector selectors of an expression ({@code
 * metric{label="v"}}): their metric names and the label names they match on. Prometheus parses the
 * expression itself; this only names what it reads, so a test can check that those series exist.
 */
final class PromQl {

  /** A vector selector: the metric name and the label names of its matchers. */
  record Selector(String metric, Set<String> labels) {}

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "inf",
          "nan",
          "atan2",
          // aggregation operators, which may be followed by a grouping clause before "("
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile");

  // A string, a label-matcher block, a range/subquery, a grouping clause, or an identifier.
  private static final Pattern TOKEN =
      Pattern.compile(
          "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"
              + "|\\[[^\\]]*\\]"
              + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
              + "|(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");

  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

  private PromQl() {}

  static List<Selector> selectors(String expr) {
    List<Selector> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(expr);
    while (m.find()) {
      String name = m.group(1);
      if (name == null || m.group(3) != null || KEYWORDS.contains(name.toLowerCase())) {
        continue; // a string, range, grouping, function call or keyword
      }
      Set<String> labels = new LinkedHashSet<>();
      if (m.group(2) != null) {
        Matcher l =
            MATCHER_LABEL.matcher(m.group(2).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
      out.add(new Selector(name, labels));
    }
    return out;
  }
}
