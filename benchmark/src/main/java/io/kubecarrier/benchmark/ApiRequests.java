package io.kubecarrier.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the API servers served, from their own {@code apiserver_request_total}: a snapshot
 * before and after a run gives how many requests of each verb and resource the run caused (watches
 * excluded: they are long-running, counted once).
 */
final class ApiRequests {

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private ApiRequests() {}

  /** {@code cluster verb resource[/subresource]} → count, summed over codes and versions. */
  static Map<String, Double> snapshot(Map<String, KubernetesClient> clusters) {
    Map<String, Double> counts = new TreeMap<>();
    clusters.forEach(
        (name, client) ->
            samples(
                client,
                "apiserver_request_total",
                (labels, value) -> {
                  String verb = labels.getOrDefault("verb", "");
                  if (verb.equals("WATCH") || verb.equals("CONNECT")) {
                    return;
                  }
                  String resource = labels.getOrDefault("resource", "");
                  String sub = labels.getOrDefault("subresource", "");
                  String key =
                      name + " " + verb + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
                  counts.merge(key, value, Double::sum);
                }));
    return counts;
  }

  /**
   * Watches open now: {@code cluster resource} → count, from {@code apiserver_longrunning_requests}
   * (every client of each API server).
   */
  static Map<String, Double> watches(Map<String, KubernetesClient> clusters) {
    Map<String, Double> counts = new TreeMap<>();
    clusters.forEach(
        (name, client) ->
            samples(
                client,
                "apiserver_longrunning_requests",
                (labels, value) -> {
                  if ("WATCH".equals(labels.get("verb")) && value > 0) {
                    counts.merge(
                        name + " " + labels.getOrDefault("resource", ""), value, Double::sum);
                  }
                }));
    return counts;
  }

  private static void samples(
      KubernetesClient client,
      String metric,
      java.util.function.BiConsumer<Map<String, String>, Double> sample) {
    Pattern pattern = Pattern.compile("^" + metric + "\\{([^}]*)} (\\S+)$");
    for (String line : client.raw("/metrics").split("\n")) {
      Matcher m = pattern.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      sample.accept(labels, Double.parseDouble(m.group(2)));
    }
  }

  /** {@code after - before}, without zero entries. */
  static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          double n = v - before.getOrDefault(k, 0.0);
          if (n > 0) {
            d.put(k, n);
          }
        });
    return d;
  }
}
