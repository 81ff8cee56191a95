package io.kubecarrier.propagation.apply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exposed paths of a CatalogEntry ({@code .spec.version}, {@code .status.phase}): which
 * subtrees of spec go down and which of status come up. No paths at all means everything.
 */
public final class ExposedPaths {

  private final boolean all;
  private final List<List<String>> spec = new ArrayList<>();
  private final List<List<String>> status = new ArrayList<>();

  public ExposedPaths(List<String> paths) {
    this.all = paths == null || paths.isEmpty();
    if (!all) {
      for (String p : paths) {
        List<String> segments = Arrays.asList(p.replaceFirst("^\\.", "").split("\\."));
        if (segments.size() < 2) {
          continue;
        }
        if (segments.get(0).equals("spec")) {
          spec.add(segments.subList(1, segments.size()));
        } else if (segments.get(0).equals("status")) {
          status.add(segments.subList(1, segments.size()));
        }
      }
    }
  }

  /** The exposed part of a spec (a copy). */
  public Map<String, Object> spec(Map<String, Object> spec) {
    return all ? deepCopy(spec) : select(spec, this.spec);
  }

  /** The exposed part of a status (a copy). */
  public Map<String, Object> status(Map<String, Object> status) {
    return all ? deepCopy(status) : select(status, this.status);
  }

  static Map<String, Object> select(Map<String, Object> root, List<List<String>> paths) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (root == null) {
      return out;
    }
    for (List<String> path : paths) {
      Object value = root;
      for (String segment : path) {
        value = value instanceof Map<?, ?> m ? m.get(segment) : null;
      }
      if (value != null) {
        put(out, path, deepCopyValue(value));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, List<String> path, Object value) {
    Map<String, Object> current = root;
    for (int i = 0; i < path.size() - 1; i++) {
      current =
          (Map<String, Object>) current.computeIfAbsent(path.get(i), k -> new LinkedHashMap<>());
    }
    current.put(path.get(path.size() - 1), value);
  }

  static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> out.put(k, deepCopyValue(v)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(e -> out.add(deepCopyValue(e)));
      return out;
    }
    return v;
  }

  /**
   * The paths ({@code .spec.a.b}) under {@code prefix} where {@code actual} lacks a value of {@code
   * wanted} or has another one ({@link #covers} per leaf; maps are descended, other values compared
   * whole).
   */
  public static List<String> uncovered(String prefix, Object actual, Object wanted) {
    List<String> out = new ArrayList<>();
    if (wanted instanceof Map<?, ?> w && actual instanceof Map<?, ?> a) {
      for (Map.Entry<?, ?> e : w.entrySet()) {
        out.addAll(uncovered(prefix + "." + e.getKey(), a.get(e.getKey()), e.getValue()));
      }
    } else if (!covers(actual, wanted)) {
      out.add(prefix);
    }
    return out;
  }

  /**
   * Whether {@code actual} contains every value of {@code wanted} (maps compared key by key, other
   * values, lists included, by equality; numbers by value).
   */
  public static boolean covers(Object actual, Object wanted) {
    if (wanted instanceof Map<?, ?> w) {
      if (!(actual instanceof Map<?, ?> a)) {
        return false;
      }
      for (Map.Entry<?, ?> e : w.entrySet()) {
        if (!covers(a.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted instanceof Number wn && actual instanceof Number an) {
      return wn.doubleValue() == an.doubleValue();
    }
    if (wanted instanceof List<?> wl && actual instanceof List<?> al) {
      if (wl.size() != al.size()) {
        return false;
      }
      for (int i = 0; i < wl.size(); i++) {
        if (!covers(al.get(i), wl.get(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(actual, wanted);
  }
}
