package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Kubectl;
import io.kubecarrier.testkit.OperatorProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring of {@code k8s/monitoring/} against a real Prometheus (Debian's package) that
 * scrapes the four operators of a running hub while the Redis walkthrough runs: the
 * PrometheusRule's rules load and evaluate, every alert expression and every dashboard query parses
 * and finds its series, and the operators' label sets stay bounded.
 *
 * <p>The rule for "returns series": a dashboard query must return at least one series (panels show
 * the healthy hub too; error panels add {@code or ... * 0} so that they show zeros). An alert
 * expression returns nothing while the hub is healthy (that is what an alert is for), so for an
 * empty answer every metric it reads must have series, with each label it matches on; only the
 * failure counters of {@link #CREATED_ON_FIRST_FAILURE}, which the operator SDK registers at the
 * first failure, may be absent, and then another metric of the same expression must be present.
 *
 * <p>Runs in its own JVM (failsafe execution {@code monitoring} of e2e/pom.xml), so its hub and
 * walkthrough do not meet WalkthroughIT's. It leaves {@code target/monitoring/panels.json}, the
 * dashboard's panels as range queries over the run, which {@code hack/dashboard-png.py} draws into
 * {@code docs/dashboard.png}.
 */
class MonitoringIT {

  static final Path OUT = Path.of("target/monitoring");
  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);
  static final Duration SERIES_TIMEOUT = Duration.ofSeconds(30);

  /** Counters the operator SDK registers only when the first reconcile fails. */
  static final Set<String> CREATED_ON_FIRST_FAILURE =
      Set.of("reconciliations_failure_total", "reconciliations_retries_total");

  /** Metric names of the operator SDK and our own. */
  static final String SDK_OR_OURS =
      "(kubecarrier_|reconciliations_|events_received|custom_resources|operator_sdk_).*";

  /** Names of the walkthrough's tenant objects: never a label value of any metric. */
  static final Set<String> INSTANCE_NAMES =
      Set.of("cache", "cache-nightly", Walkthrough.TEAM_A, Walkthrough.TEAM_B);

  static KubeCluster management;
  static List<HasMetadata> monitoring;
  static JsonNode ruleGroups;
  static JsonNode dashboard;
  static Hub hub;
  static Prometheus prometheus;
  static Instant walkthroughStart;
  static Throwable walkthroughFailure;

  @BeforeAll
  static void startHubAndPrometheusAndRunTheWalkthrough() throws IOException {
    management = KubeClusters.shared().management();
    monitoring = kustomize("k8s/monitoring");
    GenericKubernetesResource rule =
        (GenericKubernetesResource) only(monitoring, "PrometheusRule", "kubecarrier");
    ruleGroups = Prometheus.JSON.valueToTree(spec(rule).get("groups"));
    ConfigMap dashboards = (ConfigMap) only(monitoring, "ConfigMap", "kubecarrier-dashboards");
    dashboard = Prometheus.JSON.readTree(dashboards.getData().get("kubecarrier-hub.json"));

    hub = Hub.onSharedClusters(Path.of("target/e2e-logs-monitoring"));
    hub.startOperators(Main.FAST_INTERVALS);
    Map<String, String> targets = new LinkedHashMap<>();
    hub.operators()
        .forEach((name, p) -> targets.put(name, p.baseUrl().replaceFirst("^http://", "")));
    // Prometheus's files per test JVM: no data of an earlier (or a parallel) run in the answers.
    Path run = OUT.resolve("run-" + ProcessHandle.current().pid());
    prometheus = Prometheus.start(run, targets, ruleGroups, SCRAPE_INTERVAL);
    System.out.println("[monitoring] Prometheus at " + prometheus.baseUrl());
    await("four operators scraped")
        .atMost(SERIES_TIMEOUT)
        .until(
            () ->
                StreamSupport.stream(
                            prometheus.api("/api/v1/targets").path("activeTargets").spliterator(),
                            false)
                        .filter(t -> "up".equals(t.path("health").asText()))
                        .count()
                    == Hub.OPERATORS.size());

    walkthroughStart = Instant.now();
    try {
      new Walkthrough(hub, new Steps(System.out)).run();
    } catch (RuntimeException | AssertionError e) {
      // The walkthrough is WalkthroughIT's to judge; here it only makes data. What it did make is
      // checked below, and a missing series names this failure.
      walkthroughFailure = e;
      System.err.println("[monitoring] the walkthrough failed; checking the data it made: " + e);
    }
    for (Map.Entry<String, OperatorProcess> op : hub.operators().entrySet()) {
      Files.writeString(OUT.resolve(op.getKey() + ".metrics.txt"), op.getValue().metrics());
    }
  }

  @AfterAll
  static void exportPanelsAndStop() {
    try {
      if (prometheus != null && walkthroughStart != null) {
        exportPanels();
      }
    } catch (RuntimeException | IOException | AssertionError e) {
      System.err.println("[monitoring] could not export the panels: " + e);
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
      if (hub != null) {
        hub.close();
      }
    }
  }

  // --- the manifests -------------------------------------------------------------------------

  @Test
  void serviceMonitorsScrapeEachOperatorServiceOnItsHttpPort() throws IOException {
    List<Service> services =
        kustomize("k8s").stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .toList();
    for (String op : Hub.OPERATORS) {
      Map<String, Object> spec = spec(only(monitoring, "ServiceMonitor", op));
      @SuppressWarnings("unchecked")
      Map<String, String> selector =
          (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
      List<Service> selected =
          services.stream()
              .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
              .toList();
      assertThat(selected).as("Services selected by ServiceMonitor " + op).hasSize(1);
      assertThat(selected.get(0).getMetadata().getName()).isEqualTo(op);
      assertThat(selected.get(0).getSpec().getPorts()).anyMatch(p -> "http".equals(p.getName()));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
      assertThat(endpoints)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e).containsEntry("port", "http").containsEntry("path", "/q/metrics");
                assertThat(e).containsEntry("honorLabels", true);
              });
      assertThat(only(monitoring, "ServiceMonitor", op).getMetadata().getNamespace())
          .isEqualTo("kubecarrier-system");
    }
  }

  @Test
  void theDashboardConfigMapIsTheDashboardFileForGrafanasSidecar() throws IOException {
    ConfigMap cm = (ConfigMap) only(monitoring, "ConfigMap", "kubecarrier-dashboards");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard)
        .isEqualTo(
            Prometheus.JSON.readTree(
                repo("k8s/monitoring/dashboards/kubecarrier-hub.json").toFile()));
    assertThat(dashboard.path("uid").asText()).isEqualTo("kubecarrier-hub");
    assertThat(panelTargets()).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void promtoolAcceptsTheRulesAndItsUnitTestsSeeEachAlertFire() throws Exception {
    Path rules = prometheus.rulesFile().toAbsolutePath();
    assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS");
    // The unit tests read rules.yaml beside them: the groups of the PrometheusRule without their
    // annotations (promtool compares annotations verbatim; their templates are checked above).
    Path unit = Files.createDirectories(OUT.resolve("promtool-test"));
    JsonNode withoutAnnotations = ruleGroups.deepCopy();
    withoutAnnotations.forEach(
        g -> g.path("rules").forEach(r -> ((ObjectNode) r).remove("annotations")));
    Prometheus.JSON.writeValue(
        unit.resolve("rules.yaml").toFile(),
        Prometheus.JSON.createObjectNode().set("groups", withoutAnnotations));
    String tests = Files.readString(repo("k8s/monitoring/tests/alerts-test.yaml"));
    Path testFile = unit.resolve("alerts-test.yaml");
    Files.writeString(testFile, tests);
    assertThat(promtool("test", "rules", testFile.toAbsolutePath().toString())).contains("SUCCESS");
    Set<String> tested = new TreeSet<>();
    Matcher m = Pattern.compile("alertname: (\\w+)").matcher(tests);
    while (m.find()) {
      tested.add(m.group(1));
    }
    assertThat(tested).as("alerts with a unit test").containsAll(alertNames());
  }

  // --- against the real Prometheus -----------------------------------------------------------

  @Test
  void prometheusLoadedEveryRuleAndEvaluatesItWithoutError() {
    Map<String, String> expected = new LinkedHashMap<>();
    ruleGroups.forEach(
        g -> g.path("rules").forEach(r -> expected.put(r.path("alert").asText(), "ok")));
    await("every rule evaluated with health ok")
        .atMost(SERIES_TIMEOUT)
        .untilAsserted(
            () -> {
              Map<String, String> health = new LinkedHashMap<>();
              prometheus
                  .api("/api/v1/rules")
                  .path("groups")
                  .forEach(
                      g ->
                          g.path("rules")
                              .forEach(
                                  r ->
                                      health.put(
                                          r.path("name").asText(),
                                          r.path("health").asText()
                                              + (r.path("lastError").asText().isEmpty()
                                                  ? ""
                                                  : " " + r.path("lastError").asText()))));
              assertThat(health).isEqualTo(expected);
            });
  }

  @Test
  void everyAlertExpressionParsesAndReadsMetricsThatExist() {
    List<String> problems = new ArrayList<>();
    for (JsonNode group : ruleGroups) {
      for (JsonNode rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        String expr = rule.path("expr").asText();
        JsonNode answer = prometheus.query(expr); // fails unless it parses and evaluates
        System.out.printf(
            "[monitoring] alert %s: %d series now%n", alert, answer.path("result").size());
        problems.addAll(missingInputs(alert, expr, answer.path("result").isEmpty()));
      }
    }
    assertThat(problems).as(context()).isEmpty();
  }

  @Test
  void everyDashboardQueryParsesAndReturnsSeriesWithItsLegendLabels() {
    List<String> problems = new ArrayList<>();
    for (PanelTarget t : panelTargets()) {
      try {
        JsonNode result =
            await(t.panel() + ": " + t.expr())
                .atMost(SERIES_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.query(t.expr()).path("result"), r -> !r.isEmpty());
        System.out.printf(
            "[monitoring] panel %s: %s → %d series%n", t.panel(), t.expr(), result.size());
        for (String label : t.legendLabels()) {
          for (JsonNode series : result) {
            if (!series.path("metric").has(label)) {
              problems.add(
                  t.panel() + ": legend label " + label + " missing in " + series.path("metric"));
            }
          }
        }
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        problems.add(t.panel() + ": no series for " + t.expr());
        problems.addAll(missingInputs(t.panel(), t.expr(), true));
      }
    }
    assertThat(problems).as(context()).isEmpty();
  }

  @Test
  void operatorMetricsHaveBoundedLabelsAndNeverNameAnInstance() throws IOException {
    Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s");
    Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    List<String> problems = new ArrayList<>();
    Set<String> ours = new TreeSet<>();
    for (String op : Hub.OPERATORS) {
      for (String line : Files.readAllLines(OUT.resolve(op + ".metrics.txt"))) {
        Matcher s = sample.matcher(line);
        if (line.startsWith("#") || !s.find()) {
          continue;
        }
        if (s.group(1).startsWith("kubecarrier_")) {
          ours.add(s.group(1).replaceFirst("_(bucket|count|sum|max)$", ""));
        }
        Matcher l = label.matcher(s.group(2) == null ? "" : s.group(2));
        while (l.find()) {
          // The SDK's per-resource metrics (V1) label name/namespace; ours must never. (Netty's
          // "name" labels name its allocators and threads: bounded, and not ours.)
          boolean oursOrSdk = s.group(1).matches(SDK_OR_OURS);
          if ((oursOrSdk && Set.of("name", "resource_name").contains(l.group(1)))
              || INSTANCE_NAMES.contains(l.group(2))) {
            problems.add(op + ": " + line);
          }
        }
      }
    }
    assertThat(problems).as("series labelled with an object name").isEmpty();
    assertThat(ours)
        .as("our own metrics, scraped")
        .contains(
            "kubecarrier_accounts",
            "kubecarrier_service_cluster_reachable",
            "kubecarrier_service_cluster_heartbeat_seconds",
            "kubecarrier_catalog_tenant_crds",
            "kubecarrier_propagation_apply_down_seconds",
            "kubecarrier_propagation_status_up_seconds",
            "kubecarrier_propagation_instances",
            "kubecarrier_propagation_queue_depth",
            "kubecarrier_propagation_cluster_reachable");
  }

  // --- helpers -------------------------------------------------------------------------------

  /**
   * What an expression reads that Prometheus does not have; {@code empty}: the expression itself
   * returned nothing, so its inputs must be there.
   */
  static List<String> missingInputs(String what, String expr, boolean empty) {
    List<String> problems = new ArrayList<>();
    List<PromQl.Selector> selectors = PromQl.selectors(expr);
    if (selectors.isEmpty()) {
      problems.add(what + ": no metric found in " + expr);
    }
    boolean anyPresent = false;
    for (PromQl.Selector s : selectors) {
      boolean present = hasSeries("{__name__=\"" + s.metric() + "\"}");
      anyPresent |= present;
      if (!present) {
        if (!CREATED_ON_FIRST_FAILURE.contains(s.metric())) {
          problems.add(what + ": no series of " + s.metric());
        }
        continue;
      }
      for (String l : s.labels()) {
        if (!l.equals("__name__") && !hasSeries(s.metric() + "{" + l + "!=\"\"}")) {
          problems.add(what + ": " + s.metric() + " has no label " + l);
        }
      }
    }
    if (empty && !anyPresent) {
      problems.add(what + ": returns nothing and none of its metrics exists: " + expr);
    }
    return problems;
  }

  static boolean hasSeries(String selector) {
    try {
      await(selector)
          .atMost(SERIES_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> !prometheus.query("count(" + selector + ")").path("result").isEmpty());
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  record PanelTarget(String panel, String unit, String expr, String legend) {
    Set<String> legendLabels() {
      Set<String> labels = new TreeSet<>();
      Matcher m = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}").matcher(legend);
      while (m.find()) {
        labels.add(m.group(1));
      }
      return labels;
    }
  }

  /** Every query of the dashboard, rows' panels included. */
  static List<PanelTarget> panelTargets() {
    List<PanelTarget> out = new ArrayList<>();
    collect(dashboard.path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<PanelTarget> out) {
    for (JsonNode p : panels) {
      collect(p.path("panels"), out);
      for (JsonNode t : p.path("targets")) {
        out.add(
            new PanelTarget(
                p.path("title").asText(),
                p.path("fieldConfig").path("defaults").path("unit").asText(""),
                t.path("expr").asText(),
                t.path("legendFormat").asText("")));
      }
    }
  }

  static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    ruleGroups.forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
    return names;
  }

  /** The dashboard's panels as range queries over the walkthrough, for hack/dashboard-png.py. */
  static void exportPanels() throws IOException {
    Instant end = Instant.now();
    Instant start = walkthroughStart.minusSeconds(20);
    ArrayNode panels = Prometheus.JSON.createArrayNode();
    for (PanelTarget t : panelTargets()) {
      ObjectNode p = panels.addObject();
      p.put("panel", t.panel());
      p.put("unit", t.unit());
      p.put("expr", t.expr());
      p.put("legend", t.legend());
      p.set("result", prometheus.queryRange(t.expr(), start, end, SCRAPE_INTERVAL).path("result"));
    }
    ObjectNode export = Prometheus.JSON.createObjectNode();
    export.put("start", start.getEpochSecond());
    export.put("end", end.getEpochSecond());
    export.put("walkthroughFailed", walkthroughFailure != null);
    export.set("targets", panels);
    Prometheus.JSON
        .writerWithDefaultPrettyPrinter()
        .writeValue(OUT.resolve("panels.json").toFile(), export);
    System.out.println("[monitoring] wrote " + OUT.resolve("panels.json").toAbsolutePath());
  }

  static String context() {
    if (walkthroughFailure == null) {
      return "Prometheus " + prometheus.baseUrl();
    }
    StringWriter w = new StringWriter();
    walkthroughFailure.printStackTrace(new PrintWriter(w));
    return "the walkthrough failed, so some data may be missing: " + w;
  }

  static String promtool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Prometheus.binary().resolveSibling("promtool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    return out;
  }

  static List<HasMetadata> kustomize(String dir) {
    Kubectl.Result r = management.kubectl("kustomize", repo(dir).toString());
    r.assertSuccess();
    return management
        .adminClient()
        .load(new ByteArrayInputStream(r.output().getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  static HasMetadata only(List<HasMetadata> objects, String kind, String name) {
    List<HasMetadata> found =
        objects.stream()
            .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
            .toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(HasMetadata o) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) o).getAdditionalProperties().get("spec");
  }

  static Path repo(String relative) {
    return K8sBinaries.repoRoot().resolve(relative);
  }
}
