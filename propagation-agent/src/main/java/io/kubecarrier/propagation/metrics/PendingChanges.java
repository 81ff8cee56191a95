package io.kubecarrier.propagation.metrics;

import io.kubecarrier.propagation.queue.WorkItem;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the first change of an instance that the agent has not acted on yet was seen: a tenant
 * change not applied down, a service status change not copied up. Taken when the agent acts, for
 * the latency histograms of {@link PropagationMetrics}.
 */
public final class PendingChanges {

  private final PropagationMetrics metrics;
  private final Map<WorkItem.Instance, Long> down = new ConcurrentHashMap<>();
  private final Map<WorkItem.Instance, Long> up = new ConcurrentHashMap<>();

  public PendingChanges(PropagationMetrics metrics) {
    this.metrics = metrics;
  }

  /** The tenant's spec changed (kept: the first unapplied change counts). */
  public void tenantChanged(WorkItem.Instance item) {
    down.putIfAbsent(item, System.nanoTime());
  }

  /** The service object's status changed (kept: the first unreflected change counts). */
  public void serviceStatusChanged(WorkItem.Instance item) {
    up.putIfAbsent(item, System.nanoTime());
  }

  /** Time since the first unapplied tenant change of {@code item}, consumed. */
  public Optional<Duration> takeDown(WorkItem.Instance item) {
    return take(down, item);
  }

  /** Time since the first unreflected service status change of {@code item}, consumed. */
  public Optional<Duration> takeUp(WorkItem.Instance item) {
    return take(up, item);
  }

  /** The instance is gone: forget its changes and its state in the metrics. */
  public void forget(WorkItem.Instance item) {
    down.remove(item);
    up.remove(item);
    metrics.forget(item);
  }

  private static Optional<Duration> take(
      Map<WorkItem.Instance, Long> pending, WorkItem.Instance item) {
    Long t0 = pending.remove(item);
    return t0 == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - t0));
  }
}
