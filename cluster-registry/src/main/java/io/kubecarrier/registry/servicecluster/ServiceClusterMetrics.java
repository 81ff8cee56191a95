package io.kubecarrier.registry.servicecluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-cluster metrics on {@code /q/metrics}:
 *
 * <ul>
 *   <li>{@code kubecarrier_service_cluster_reachable{namespace, service_cluster}}: 1 while {@code
 *       ServiceClusterReachable} is True, 0 otherwise;
 *   <li>{@code kubecarrier_service_cluster_heartbeat_seconds{namespace, service_cluster, outcome}}:
 *       latency of the heartbeat's version request, with histogram buckets; outcome is {@code
 *       success} or the failure reason.
 * </ul>
 *
 * A cluster's series are removed when its ServiceCluster is deleted.
 */
@Singleton
public class ServiceClusterMetrics {

  public static final String REACHABLE = "kubecarrier.service.cluster.reachable";
  public static final String HEARTBEAT = "kubecarrier.service.cluster.heartbeat";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();

  @Inject
  public ServiceClusterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void reachable(String namespace, String name, boolean up) {
    reachable
        .computeIfAbsent(
            namespace + "/" + name,
            k -> {
              AtomicInteger value = new AtomicInteger();
              Gauge.builder(REACHABLE, value, AtomicInteger::get)
                  .description("1 when the service cluster answered within the grace period")
                  .tags(tags(namespace, name))
                  .register(registry);
              return value;
            })
        .set(up ? 1 : 0);
  }

  public void heartbeat(String namespace, String name, String outcome, Duration latency) {
    Timer.builder(HEARTBEAT)
        .description("Latency of heartbeats (version requests) to service clusters")
        .tags(tags(namespace, name).and("outcome", outcome))
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  /** Removes every series of a cluster. */
  public void remove(String namespace, String name) {
    reachable.remove(namespace + "/" + name);
    registry.getMeters().stream()
        .filter(
            m ->
                m.getId().getName().startsWith("kubecarrier.service.cluster.")
                    && namespace.equals(m.getId().getTag("namespace"))
                    && name.equals(m.getId().getTag("service_cluster")))
        .toList()
        .forEach(registry::remove);
  }

  private static Tags tags(String namespace, String name) {
    return Tags.of("namespace", namespace, "service_cluster", name);
  }
}
