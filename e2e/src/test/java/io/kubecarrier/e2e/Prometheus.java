package io.kubecarrier.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecarrier.testkit.HackTool;
import io.kubecarrier.testkit.ManagedProcess;
import io.kubecarrier.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Prometheus (the pinned version that {@code hack/prometheus.sh} builds from the Go module
 * proxy into {@code ~/.cache/kubecarrier/tools/}, see {@link HackTool#PROMETHEUS}; {@code
 * KC_PROMETHEUS} may name another binary) on a free loopback port, with its data under {@code dir}.
 * It scrapes the given targets as the ServiceMonitors of {@code k8s/monitoring/} would make a
 * Prometheus Operator scrape them: job = the Service name, labels namespace/service/endpoint/pod,
 * honor_labels.
 */
final class Prometheus implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final ManagedProcess process;
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;

  private Prometheus(ManagedProcess process, int port, Path dir) {
    this.process = process;
    this.baseUrl = "http://127.0.0.1:" + port;
    this.dir = dir;
  }

  static Path binary() {
    String env = System.getenv("KC_PROMETHEUS");
    if (env == null || env.isBlank()) {
      return HackTool.PROMETHEUS.file("prometheus");
    }
    Path p = Path.of(env);
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException("KC_PROMETHEUS=" + env + " is not an executable file");
    }
    return p;
  }

  /**
   * Writes the configuration and the rule file (JSON is YAML) and starts Prometheus; returns once
   * it is ready.
   *
   * @param targets job (Service name) → host:port of its /q/metrics
   * @param ruleGroups the {@code groups} of a Prometheus rule file
   */
  static Prometheus start(
      Path dir, Map<String, String> targets, JsonNode ruleGroups, Duration scrapeInterval) {
    try {
      Files.createDirectories(dir);
      Path rules = dir.resolve("rules.yaml");
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(rules.toFile(), JSON.createObjectNode().set("groups", ruleGroups));
      String interval = scrapeInterval.toSeconds() + "s";
      String scrapeConfigs =
          targets.entrySet().stream()
              .map(
                  t ->
                      """
                        - job_name: %1$s
                          honor_labels: true
                          metrics_path: /q/metrics
                          static_configs:
                            - targets: ["%2$s"]
                              labels:
                                namespace: kubecarrier-system
                                service: %1$s
                                endpoint: http
                                pod: %1$s-0
                      """
                          .formatted(t.getKey(), t.getValue()))
              .collect(Collectors.joining());
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: %1$s
            scrape_timeout: %1$s
            evaluation_interval: %1$s
          rule_files:
            - %2$s
          scrape_configs:
          %3$s"""
              .formatted(interval, rules.toAbsolutePath(), scrapeConfigs));
      int port = Ports.free();
      ManagedProcess p =
          new ManagedProcess(
              "prometheus",
              List.of(
                  binary().toString(),
                  "--config.file=" + config.toAbsolutePath(),
                  "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
                  "--storage.tsdb.retention.time=1d",
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=info"),
              dir.resolve("prometheus.log"));
      Prometheus prometheus = new Prometheus(p, port, dir);
      p.start();
      await("Prometheus ready at " + prometheus.baseUrl)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError("prometheus exited:\n" + p.tail(30));
                }
                return prometheus.get("/-/ready").statusCode() == 200;
              });
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rule file Prometheus loaded: the groups given to {@link #start}. */
  Path rulesFile() {
    return dir.resolve("rules.yaml");
  }

  String baseUrl() {
    return baseUrl;
  }

  ManagedProcess process() {
    return process;
  }

  HttpResponse<String> get(String pathAndQuery) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The parsed answer of an API call; fails unless Prometheus answers {@code success}. */
  JsonNode api(String pathAndQuery) {
    HttpResponse<String> r = get(pathAndQuery);
    try {
      JsonNode body = JSON.readTree(r.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError(
            pathAndQuery
                + ": HTTP "
                + r.statusCode()
                + " "
                + body.path("errorType").asText()
                + ": "
                + body.path("error").asText());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new AssertionError(pathAndQuery + ": HTTP " + r.statusCode() + " " + r.body(), e);
    }
  }

  /** An instant query: {@code data} of /api/v1/query (resultType, result). */
  JsonNode query(String promql) {
    return api("/api/v1/query?query=" + encode(promql));
  }

  /** A range query over [start, end]. */
  JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
    return api(
        "/api/v1/query_range?query="
            + encode(promql)
            + "&start="
            + start.getEpochSecond()
            + "&end="
            + end.getEpochSecond()
            + "&step="
            + step.toSeconds());
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.stop();
  }
}
