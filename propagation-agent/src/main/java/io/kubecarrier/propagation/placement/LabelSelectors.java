package io.kubecarrier.propagation.placement;

import io.kubecarrier.propagation.AgentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parses the shard selector of {@link AgentConfig#serviceClusterSelector()}: comma-separated
 * requirements {@code key=value}, {@code key==value}, {@code key!=value}, {@code key} (exists) and
 * {@code !key} (does not exist), as {@code kubectl -l} reads them.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  public static Predicate<Map<String, String>> parse(String selector) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector != null) {
      for (String raw : selector.split(",")) {
        String r = raw.trim();
        if (r.isEmpty()) {
          continue;
        }
        requirements.add(requirement(r));
      }
    }
    return labels -> {
      Map<String, String> l = labels == null ? Map.of() : labels;
      return requirements.stream().allMatch(p -> p.test(l));
    };
  }

  private static Predicate<Map<String, String>> requirement(String r) {
    int ne = r.indexOf("!=");
    if (ne > 0) {
      String key = r.substring(0, ne).trim();
      String value = r.substring(ne + 2).trim();
      return l -> !value.equals(l.get(key));
    }
    int eq = r.indexOf('=');
    if (eq > 0) {
      String key = r.substring(0, eq).trim();
      String value = r.substring(r.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      return l -> value.equals(l.get(key));
    }
    if (r.startsWith("!")) {
      String key = r.substring(1).trim();
      return l -> !l.containsKey(key);
    }
    if (r.contains(" ") || r.contains("(")) {
      throw new IllegalArgumentException(
          "unsupported label selector requirement '"
              + r
              + "': use key=value, key!=value, key or !key");
    }
    return l -> l.containsKey(r);
  }
}
