package io.kubecarrier.propagation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.propagation.metrics.PropagationMetrics.State;
import io.kubecarrier.propagation.queue.WorkItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code kubecarrier_propagation_instances}: counted as instances move between states. */
class PropagationMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PropagationMetrics metrics = new PropagationMetrics(registry);

  @Test
  void anInstanceIsCountedInItsCurrentStateOnly() {
    WorkItem.Instance a = new WorkItem.Instance("acme/redis", "team-a", "a");
    WorkItem.Instance b = new WorkItem.Instance("acme/redis", "team-a", "b");
    metrics.state(a, "acme/eu", "Redis", State.SYNCED);
    metrics.state(a, "acme/eu", "Redis", State.SYNCED);
    metrics.state(b, "acme/eu", "Redis", State.SYNCED);
    assertThat(gauge("acme/eu", "synced")).isEqualTo(2);

    metrics.state(a, "acme/eu", "Redis", State.ERROR);
    assertThat(gauge("acme/eu", "synced")).isEqualTo(1);
    assertThat(gauge("acme/eu", "error")).isEqualTo(1);

    metrics.state(b, "acme/us", "Redis", State.SYNCED);
    assertThat(gauge("acme/eu", "synced")).isZero();
    assertThat(gauge("acme/us", "synced")).isEqualTo(1);

    metrics.forget(a);
    metrics.forget(a);
    metrics.forget(b);
    assertThat(gauge("acme/eu", "error")).isZero();
    assertThat(gauge("acme/us", "synced")).isZero();
  }

  @Test
  void concurrentChangesOfManyInstancesAddUp() throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    IntStream.range(0, 10_000)
        .forEach(
            i ->
                pool.execute(
                    () -> {
                      WorkItem.Instance item =
                          new WorkItem.Instance("acme/redis", "team-a", "i" + i);
                      metrics.state(item, "acme/eu", "Redis", State.SYNCED);
                      metrics.state(item, "acme/eu", "Redis", State.DELETING);
                      if (i % 2 == 0) {
                        metrics.forget(item);
                      }
                    }));
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gauge("acme/eu", "synced")).isZero();
    assertThat(gauge("acme/eu", "deleting")).isEqualTo(5_000);
  }

  private double gauge(String cluster, String state) {
    var g =
        registry
            .find("kubecarrier_propagation_instances")
            .tags("cluster", cluster, "state", state)
            .gauge();
    return g == null ? 0 : g.value();
  }
}
