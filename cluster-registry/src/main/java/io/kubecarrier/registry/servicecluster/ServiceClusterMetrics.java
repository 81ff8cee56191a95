package io.kubecarrier.registry.servicecluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-cluster metrics on {@code /q/metrics}:
 *
 * <ul>
 *   <li>{@code kubecarrier_service_cluster_reachable{namespace, service_cluster}}: 1 while {@code
 *       ServiceClusterReachable} is True, 0 otherwise;
 *   <li>{@code kubecarrier_service_cluster_heartbeat_seconds{namespace, service_cluster, outcome}}:
 *       latency of the heartbeat's version request, with histogram buckets; outcome is {@code
 *       success} or the failure reason;
 *   <li>{@code kubecarrier_service_cluster_credentials_expiry_timestamp_seconds{namespace,
 *       service_cluster}}: when the kubeconfig's credentials expire (unix time), absent while no
 *       expiry is known.
 * </ul>
 *
 * A cluster's series are removed when its ServiceCluster is deleted.
 */
@Singleton
public class ServiceClusterMetrics {

  public static final String REACHABLE = "kubecarrier.service.cluster.reachable";
  public static final String HEARTBEAT = "kubecarrier.service.cluster.heartbeat";
  public static final String CREDENTIALS_EXPIRY =
      "kubecarrier.service.cluster.credentials.expiry.timestamp.seconds";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> credentialsExpiry = new ConcurrentHashMap<>();

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

  /** When the cluster's credentials expire; {@code null}: not known, the series goes. */
  public void credentialsExpiry(String namespace, String name, Instant expiresAt) {
    String key = namespace + "/" + name;
    if (expiresAt == null) {
      if (credentialsExpiry.remove(key) != null) {
        registry.find(CREDENTIALS_EXPIRY).tags(tags(namespace, name)).meters().stream()
            .toList()
            .forEach(registry::remove);
      }
      return;
    }
    credentialsExpiry
        .computeIfAbsent(
            key,
            k -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(CREDENTIALS_EXPIRY, value, AtomicLong::get)
                  .description(
                      "Unix time at which the credentials of the service cluster's kubeconfig"
                          + " expire (JWT exp, client certificate notAfter)")
                  .tags(tags(namespace, name))
                  .register(registry);
              return value;
            })
        .set(expiresAt.getEpochSecond());
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
    credentialsExpiry.remove(namespace + "/" + name);
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
