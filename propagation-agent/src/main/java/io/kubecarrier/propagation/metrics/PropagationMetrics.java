package io.kubecarrier.propagation.metrics;

import io.kubecarrier.propagation.queue.WorkItem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The agent's own metrics, with bounded labels ({@code cluster}, {@code kind}, {@code state}; never
 * an instance name):
 *
 * <ul>
 *   <li>{@code kubecarrier_propagation_apply_down_seconds}: tenant change seen → service object
 *       written;
 *   <li>{@code kubecarrier_propagation_status_up_seconds}: service status change seen → tenant
 *       status written;
 *   <li>{@code kubecarrier_propagation_instances}: instances by cluster, kind and state;
 *   <li>{@code kubecarrier_propagation_queue_depth}: work items waiting;
 *   <li>{@code kubecarrier_propagation_cluster_reachable}: 1 when the agent reaches a cluster.
 * </ul>
 */
@Singleton
public class PropagationMetrics {

  /** States of {@code kubecarrier_propagation_instances}. */
  public enum State {
    SYNCED,
    ERROR,
    UNREACHABLE,
    DELETING
  }

  record Placed(String cluster, String kind, State state) {}

  private final MeterRegistry registry;
  private final Map<WorkItem.Instance, Placed> instances = new ConcurrentHashMap<>();
  private final Map<Placed, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
  private final Map<String, Timer> down = new ConcurrentHashMap<>();
  private final Map<String, Timer> up = new ConcurrentHashMap<>();

  public PropagationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void queueDepth(Supplier<Number> depth) {
    Gauge.builder("kubecarrier_propagation_queue_depth", depth)
        .description("Work items (instances, adoption candidates) waiting for a worker")
        .register(registry);
  }

  /**
   * Watches open in service clusters, by {@code resource}: {@code offered-kinds}, {@code events},
   * {@code secrets}, {@code configmaps}.
   */
  public void serviceWatches(String resource, Supplier<Number> count) {
    Gauge.builder("kubecarrier_propagation_service_watches", count)
        .description("Watches open in service clusters, by resource")
        .tag("resource", resource)
        .register(registry);
  }

  public void applyDown(String cluster, String kind, Duration d) {
    timer(
            down,
            "kubecarrier_propagation_apply_down",
            "Tenant change seen to service object written",
            cluster,
            kind)
        .record(d);
  }

  public void statusUp(String cluster, String kind, Duration d) {
    timer(
            up,
            "kubecarrier_propagation_status_up",
            "Service status change seen to tenant status written",
            cluster,
            kind)
        .record(d);
  }

  Timer applyDownTimer(String cluster, String kind) {
    return down.get(cluster + "/" + kind);
  }

  Timer statusUpTimer(String cluster, String kind) {
    return up.get(cluster + "/" + kind);
  }

  /**
   * Records the state of {@code item}. The gauges read counters kept up to date here (a scrape
   * costs the same at 10 or 10,000 instances); the map changes atomically per item, so a state and
   * a forget of one item never count it twice or not at all.
   */
  public void state(WorkItem.Instance item, String cluster, String kind, State state) {
    Placed p = new Placed(cluster == null ? "" : cluster, kind, state);
    AtomicLong count = counts.computeIfAbsent(p, this::register);
    instances.compute(
        item,
        (k, old) -> {
          if (!p.equals(old)) {
            count.incrementAndGet();
            if (old != null) {
              counts.get(old).decrementAndGet();
            }
          }
          return p;
        });
  }

  public void forget(WorkItem.Instance item) {
    instances.computeIfPresent(
        item,
        (k, old) -> {
          counts.get(old).decrementAndGet();
          return null;
        });
  }

  private AtomicLong register(Placed p) {
    AtomicLong count = new AtomicLong();
    Gauge.builder("kubecarrier_propagation_instances", count, AtomicLong::get)
        .description("Tenant instances by service cluster, kind and state")
        .tags(
            Tags.of(
                "cluster", p.cluster(), "kind", p.kind(), "state", p.state().name().toLowerCase()))
        .register(registry);
    return count;
  }

  public void reachable(String clusterKey, boolean isReachable) {
    if (reachable.put(clusterKey, isReachable) == null) {
      Gauge.builder(
              "kubecarrier_propagation_cluster_reachable",
              () -> Boolean.TRUE.equals(reachable.get(clusterKey)) ? 1 : 0)
          .description("1 when the agent reaches the service cluster, else 0")
          .tags(Tags.of("cluster", clusterKey))
          .register(registry);
    }
  }

  private Timer timer(
      Map<String, Timer> timers, String name, String description, String cluster, String kind) {
    return timers.computeIfAbsent(
        cluster + "/" + kind,
        k ->
            Timer.builder(name)
                .description(description)
                .tags("cluster", cluster, "kind", kind)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry));
  }
}
