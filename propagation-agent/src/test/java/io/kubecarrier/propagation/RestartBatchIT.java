package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.OperatorIdentity;
import io.kubecarrier.testkit.OperatorProcess;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The packaged agent as its own process (its ServiceAccount token, leader election on), restarted
 * in the middle of a batch of 200 creations. It owns the shard {@code
 * kubecarrier.io/shard=separate-process}, which the in-process agent of the other tests leaves
 * alone: two agents split the work by ServiceCluster label.
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class RestartBatchIT {

  private static final Logger LOG = Logger.getLogger(RestartBatchIT.class);
  static final String EU = KubeClusters.EU_WEST_1;
  static final int BATCH = 200;

  @jakarta.inject.Inject io.micrometer.core.instrument.MeterRegistry meters;
  static final String SHARD_LABEL = "kubecarrier.io/shard";
  static final String SHARD = "separate-process";

  @Test
  void restartMidBatchLosesAndDuplicatesNothing() {
    TestHub hub = TestHub.create("batch", List.of(EU), Map.of(SHARD_LABEL, SHARD)).offer(List.of());
    OperatorIdentity identity =
        OperatorIdentity.install(KubeClusters.shared().management(), "propagation-agent");
    Map<String, String> props = new LinkedHashMap<>();
    props.put("kubecarrier.propagation-agent.service-cluster-selector", SHARD_LABEL + "=" + SHARD);
    props.put("kubecarrier.propagation-agent.report-unplaced", "false");
    props.put("kubecarrier.propagation-agent.probe-interval", "1s");
    props.put("kubecarrier.propagation-agent.retry-initial", "200ms");
    props.put("kubecarrier.propagation-agent.retry-max", "5s");
    try (OperatorProcess agent =
        OperatorProcess.of("propagation-agent", identity, Path.of("target/agent-process"), props)) {
      Duration timeout = Duration.ofSeconds(90);
      agent.start(timeout);
      Instant t0 = Instant.now();
      create(hub, 0, 80);
      agent.stop();
      // a stopping agent gives its leader-election Lease up, so the next one need not wait it out
      var lease =
          hub.mgmt.leases().inNamespace(identity.namespace()).withName("propagation-agent").get();
      assertThat(lease.getSpec().getHolderIdentity()).isNullOrEmpty();
      create(hub, 80, 140);
      agent.start(timeout);
      create(hub, 140, BATCH);

      eventually("all " + BATCH + " in sync")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> synced(hub) == BATCH);
      Duration all = Duration.between(t0, Instant.now());
      List<GenericKubernetesResource> tenants =
          hub.mgmt
              .genericKubernetesResources(hub.tenantType)
              .inNamespace(hub.tenantNs)
              .list()
              .getItems();
      List<GenericKubernetesResource> services =
          hub.service(EU)
              .genericKubernetesResources(SampleRedisOperator.CONTEXT)
              .inNamespace(hub.serviceNs())
              .list()
              .getItems();
      assertThat(tenants).hasSize(BATCH);
      assertThat(services).hasSize(BATCH);
      assertThat(services.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()))
          .isEqualTo(
              tenants.stream().map(t -> t.getMetadata().getName()).collect(Collectors.toSet()));

      String metrics = agent.metrics();
      LOG.infof(
          "batch of %d with a restart in sync after %d ms; apply down p50=%s p99=%s, status up"
              + " p50=%s p99=%s (seconds, since the restart)",
          BATCH,
          all.toMillis(),
          quantile(metrics, "kubecarrier_propagation_apply_down_seconds", "0.5"),
          quantile(metrics, "kubecarrier_propagation_apply_down_seconds", "0.99"),
          quantile(metrics, "kubecarrier_propagation_status_up_seconds", "0.5"),
          quantile(metrics, "kubecarrier_propagation_status_up_seconds", "0.99"));
      assertThat(metrics).contains("kubecarrier_propagation_instances{");

      // each agent keeps to its shard: the separate one connected to this hub's service cluster
      // and to no other test's (they all lack the shard label), the in-process one never to this
      // one
      String clusterKey = hub.provider + "/" + EU;
      assertThat(reachableClusters(metrics)).containsExactly(clusterKey);
      assertThat(
              meters
                  .find("kubecarrier_propagation_cluster_reachable")
                  .tag("cluster", clusterKey)
                  .gauge())
          .as("the in-process agent, whose selector leaves the shard out, never connected to it")
          .isNull();

      // steady state: update all 200 at once; latencies from the histogram buckets of this phase
      Map<Double, Double> downBefore =
          buckets(metrics, "kubecarrier_propagation_apply_down_seconds");
      Map<Double, Double> upBefore = buckets(metrics, "kubecarrier_propagation_status_up_seconds");
      Instant t1 = Instant.now();
      IntStream.range(0, BATCH)
          .parallel()
          .forEach(i -> hub.editTenantSpec(String.format("r-%03d", i), "version", "7.4"));
      eventually("all " + BATCH + " updated and reflected")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> reflected(hub, 2L) == BATCH);
      String after = agent.metrics();
      LOG.infof(
          "update of %d instances reflected after %d ms; apply down p50<=%s p99<=%s, status up"
              + " p50<=%s p99<=%s (seconds, histogram bucket bounds)",
          BATCH,
          Duration.between(t1, Instant.now()).toMillis(),
          quantile(downBefore, buckets(after, "kubecarrier_propagation_apply_down_seconds"), 0.5),
          quantile(downBefore, buckets(after, "kubecarrier_propagation_apply_down_seconds"), 0.99),
          quantile(upBefore, buckets(after, "kubecarrier_propagation_status_up_seconds"), 0.5),
          quantile(upBefore, buckets(after, "kubecarrier_propagation_status_up_seconds"), 0.99));
      assertThat(metrics).contains("kubecarrier_propagation_queue_depth");

      // and the batch goes away again
      hub.mgmt.genericKubernetesResources(hub.tenantType).inNamespace(hub.tenantNs).delete();
      eventually("batch deleted on both sides")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  hub.mgmt
                          .genericKubernetesResources(hub.tenantType)
                          .inNamespace(hub.tenantNs)
                          .list()
                          .getItems()
                          .isEmpty()
                      && hub.service(EU)
                          .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                          .inNamespace(hub.serviceNs())
                          .list()
                          .getItems()
                          .isEmpty());
    }
  }

  /** The cluster keys of {@code kubecarrier_propagation_cluster_reachable} in an exposition. */
  private static java.util.Set<String> reachableClusters(String exposition) {
    Matcher m =
        Pattern.compile(
                "(?m)^kubecarrier_propagation_cluster_reachable\\{[^}]*cluster=\"([^\"]*)\"")
            .matcher(exposition);
    java.util.Set<String> keys = new java.util.TreeSet<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static void create(TestHub hub, int from, int to) {
    IntStream.range(from, to)
        .parallel()
        .forEach(i -> hub.createInstance(String.format("r-%03d", i), EU, Map.of("version", "7.2")));
  }

  @SuppressWarnings("unchecked")
  private static long synced(TestHub hub) {
    return hub
        .mgmt
        .genericKubernetesResources(hub.tenantType)
        .inNamespace(hub.tenantNs)
        .list()
        .getItems()
        .stream()
        .filter(
            t -> {
              Object block = TestHub.map(t, "status").get("kubecarrier");
              if (!(block instanceof Map<?, ?> b) || !(b.get("conditions") instanceof List<?> l)) {
                return false;
              }
              return "Running".equals(TestHub.map(t, "status").get("phase"))
                  && l.stream()
                      .anyMatch(
                          c ->
                              c instanceof Map<?, ?> m
                                  && "Synced".equals(m.get("type"))
                                  && "True".equals(m.get("status")));
            })
        .count();
  }

  /** Tenant objects whose status reflects generation {@code gen} (ours and the operator's). */
  private static long reflected(TestHub hub, long gen) {
    return hub
        .mgmt
        .genericKubernetesResources(hub.tenantType)
        .inNamespace(hub.tenantNs)
        .list()
        .getItems()
        .stream()
        .filter(
            t -> {
              Map<String, Object> status = TestHub.map(t, "status");
              return status.get("observedGeneration") instanceof Number n
                  && n.longValue() == gen
                  && status.get("kubecarrier") instanceof Map<?, ?> b
                  && b.get("observedGeneration") instanceof Number m
                  && m.longValue() == gen;
            })
        .count();
  }

  /** Cumulative counts by upper bound, summed over all series of a histogram. */
  static Map<Double, Double> buckets(String metrics, String name) {
    Map<Double, Double> out = new java.util.TreeMap<>();
    Matcher m =
        Pattern.compile("(?m)^" + name + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\} (\\S+)$")
            .matcher(metrics);
    while (m.find()) {
      double le =
          m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      out.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  /**
   * The upper bound of the bucket holding quantile {@code q} of the observations between two
   * scrapes.
   */
  static String quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
    double total =
        after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
            - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return "n/a";
    }
    for (Map.Entry<Double, Double> e : after.entrySet()) {
      double count = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (count >= q * total) {
        return String.format("%.3f", e.getKey());
      }
    }
    return "n/a";
  }

  static String quantile(String metrics, String name, String q) {
    Matcher m =
        Pattern.compile(
                "(?m)^" + name + "\\{[^}]*quantile=\"" + Pattern.quote(q) + "\"[^}]*\\} (\\S+)$")
            .matcher(metrics);
    return m.find() ? m.group(1) : "n/a";
  }
}
