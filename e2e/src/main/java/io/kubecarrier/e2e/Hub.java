package io.kubecarrier.e2e;

import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.OperatorIdentity;
import io.kubecarrier.testkit.OperatorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole hub on loopback: a management cluster and the service clusters eu-west-1 and us-east-1,
 * the CRDs and RBAC of {@code k8s/}, and the four operators as separate processes, each
 * authenticated as its own ServiceAccount with the ClusterRole from {@code k8s/rbac/} (never as
 * admin).
 */
public final class Hub implements AutoCloseable {

  /** The four operators, in start order. */
  public static final List<String> OPERATORS =
      List.of("account-operator", "cluster-registry", "catalog-operator", "propagation-agent");

  private final KubeClusters clusters;
  private final boolean ownsClusters;
  private final Path logDir;
  private final Map<String, OperatorProcess> operators = new LinkedHashMap<>();

  private Hub(KubeClusters clusters, boolean ownsClusters, Path logDir) {
    this.clusters = clusters;
    this.ownsClusters = ownsClusters;
    this.logDir = logDir;
  }

  /** Uses the JVM-wide shared clusters of the test harness. */
  public static Hub onSharedClusters(Path logDir) {
    return new Hub(KubeClusters.shared(), false, logDir);
  }

  /** Starts its own clusters under {@code dir} (for {@code ./kc up}); closing stops them. */
  public static Hub withOwnClusters(Path dir) {
    KubeClusters clusters =
        KubeClusters.start(
            dir.resolve("clusters"),
            List.of(KubeClusters.MANAGEMENT, KubeClusters.EU_WEST_1, KubeClusters.US_EAST_1));
    return new Hub(clusters, true, dir.resolve("logs"));
  }

  /** Installs the CRDs and each operator's identity, then starts the four operators. */
  public Hub startOperators(Map<String, String> extraProperties) {
    KubeCluster management = clusters.management();
    Manifests.applyCrds(management.adminClient(), K8sBinaries.repoRoot().resolve("k8s/crds"));
    List<CompletableFuture<OperatorProcess>> starting = new ArrayList<>();
    for (String module : OPERATORS) {
      OperatorIdentity identity = OperatorIdentity.install(management, module);
      OperatorProcess p =
          OperatorProcess.of(module, identity, logDir, settingsOf(module, extraProperties));
      operators.put(module, p);
      starting.add(CompletableFuture.supplyAsync(() -> startSupervised(p)));
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    return this;
  }

  /**
   * Starts an operator and, like a kubelet, starts it again when it exits during start-up (an
   * operator stops when an informer cannot start, e.g. on a connection closed under load).
   */
  static OperatorProcess startSupervised(OperatorProcess p) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return p.start(Duration.ofMinutes(3));
      } catch (IllegalStateException e) {
        last = e;
        p.stop();
        System.err.printf(
            "[hub] %s stopped during start-up (attempt %d of 3: %s); %s%n",
            p, attempt, firstLine(e), attempt < 3 ? "starting it again" : "giving up");
      }
    }
    throw last;
  }

  /**
   * Why an operator stopped, in one line: the message of the first ERROR line of its log's tail
   * (without the log level, so that a recovered start-up does not print an ERROR line), else the
   * first line of the message.
   */
  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String why =
        lines.stream()
            .filter(l -> l.contains(" ERROR ["))
            .map(l -> l.substring(l.indexOf(" ERROR [") + 8))
            .map(l -> l.indexOf(") ") >= 0 ? l.substring(l.indexOf(") ") + 2) : l)
            .findFirst()
            .orElse(lines.isEmpty() ? m : lines.get(0));
    return why.length() > 200 ? why.substring(0, 200) + "..." : why;
  }

  /** The configuration prefix of each operator's own settings. */
  static final Map<String, String> SETTINGS_PREFIX =
      Map.of(
          "account-operator", "kubecarrier.account-operator.",
          "cluster-registry", "kubecarrier.registry.",
          "catalog-operator", "kubecarrier.catalog-operator.",
          "propagation-agent", "kubecarrier.propagation-agent.");

  /**
   * The settings that concern {@code module}: its own {@code kubecarrier.*} ones and every other
   * key (Quarkus settings); an operator refuses to start with another operator's settings.
   */
  static Map<String, String> settingsOf(String module, Map<String, String> all) {
    Map<String, String> mine = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (!k.startsWith("kubecarrier.") || k.startsWith(SETTINGS_PREFIX.get(module))) {
            mine.put(k, v);
          }
        });
    return mine;
  }

  public KubeClusters clusters() {
    return clusters;
  }

  public KubeCluster management() {
    return clusters.management();
  }

  public OperatorProcess operator(String module) {
    OperatorProcess p = operators.get(module);
    if (p == null) {
      throw new IllegalArgumentException("operator " + module + " is not running");
    }
    return p;
  }

  public Map<String, OperatorProcess> operators() {
    return Map.copyOf(operators);
  }

  public Path logDir() {
    return logDir;
  }

  @Override
  public void close() {
    // in parallel: each stop may wait out its grace period (e.g. when the clusters go first)
    operators.values().parallelStream().forEach(OperatorProcess::stop);
    if (ownsClusters) {
      clusters.close();
    }
  }
}
