package io.kubecarrier.registry.servicecluster;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Duration;
import java.time.Instant;

/**
 * The status logic of the heartbeat, free of I/O: from the previous status and the outcome of one
 * heartbeat, the next status and when to beat again.
 *
 * <ul>
 *   <li>Success: {@code ServiceClusterReachable=True}, {@code Ready=True}, version and
 *       lastHeartbeatTime recorded.
 *   <li>A transient failure of a cluster that answered less than {@code grace} ago: nothing changes
 *       yet. Once the grace period is over, no answer ({@code Unreachable}) is {@code
 *       ServiceClusterReachable=Unknown} ({@code HeartbeatTimeout}, we cannot tell) and {@code
 *       Ready=False}; an answer that is an error ({@code ServerError}, a retried {@code
 *       RequestRejected}) is {@code False} with its own reason, since the cluster did answer. A
 *       cluster that never answered is {@code False} with the failure's reason at once.
 *   <li>A permanent failure (Secret, kubeconfig, credentials, TLS, a refused request): {@code
 *       False} at once with its own reason.
 * </ul>
 *
 * The next heartbeat is one interval away, except after permanent failures, which back off: the
 * wait grows with the time the failure has lasted, up to {@code maxBackoff}.
 */
public final class Heartbeat {

  private Heartbeat() {}

  /** What one heartbeat found: a version, or a failure. */
  public record Outcome(String version, ConnectionException failure) {
    public static Outcome success(String version) {
      return new Outcome(version, null);
    }

    public static Outcome failed(ConnectionException failure) {
      return new Outcome(null, failure);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /** The status after {@code outcome}; {@code previous} is not changed. */
  public static ServiceClusterStatus next(
      ServiceClusterStatus previous,
      Outcome outcome,
      Long generation,
      Instant now,
      Duration grace) {
    ServiceClusterStatus status =
        previous == null ? new ServiceClusterStatus() : StatusPatches.copy(previous);
    status.setObservedGeneration(generation);
    if (outcome.ok()) {
      status.setKubernetesVersion(outcome.version());
      status.setLastHeartbeatTime(Conditions.format(now));
      set(
          status,
          Condition.ofTrue(
              ConditionTypes.SERVICE_CLUSTER_REACHABLE,
              Reasons.HEARTBEAT_OK,
              "The API server answered the last heartbeat."),
          generation,
          now);
      set(
          status,
          Condition.ofTrue(
              ConditionTypes.READY, Reasons.READY, "The service cluster is reachable."),
          generation,
          now);
      return status;
    }
    ConnectionException failure = outcome.failure();
    Instant last =
        status.getLastHeartbeatTime() == null
            ? null
            : Conditions.parse(status.getLastHeartbeatTime());
    if (failure.isTransient() && last != null) {
      if (now.isBefore(last.plus(grace))) {
        return status; // within the grace period: keep the last known state
      }
      String message =
          "No successful heartbeat since "
              + status.getLastHeartbeatTime()
              + " (grace period "
              + grace.toSeconds()
              + "s). "
              + failure.getMessage();
      if (Reasons.UNREACHABLE.equals(failure.reason())) {
        set(
            status,
            Condition.ofUnknown(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_TIMEOUT, message),
            generation,
            now);
        set(
            status,
            Condition.ofFalse(ConditionTypes.READY, Reasons.HEARTBEAT_TIMEOUT, message),
            generation,
            now);
        return status;
      }
      return failed(status, failure.reason(), message, generation, now);
    }
    return failed(status, failure.reason(), failure.getMessage(), generation, now);
  }

  /** {@code ServiceClusterReachable} and {@code Ready} {@code False} with {@code reason}. */
  private static ServiceClusterStatus failed(
      ServiceClusterStatus status, String reason, String message, Long generation, Instant now) {
    set(
        status,
        Condition.ofFalse(ConditionTypes.SERVICE_CLUSTER_REACHABLE, reason, message),
        generation,
        now);
    set(status, Condition.ofFalse(ConditionTypes.READY, reason, message), generation, now);
    return status;
  }

  /**
   * When to beat next: one interval, except after a permanent failure, where the wait is the time
   * the failure has lasted ({@code ServiceClusterReachable}'s last transition; {@code Ready} may
   * say something else while the cluster is being deleted), so it roughly doubles, at least one
   * interval and at most {@code maxBackoff}.
   */
  public static Duration nextDelay(
      ServiceClusterStatus status,
      Outcome outcome,
      Instant now,
      Duration interval,
      Duration maxBackoff) {
    if (outcome.ok() || outcome.failure().isTransient()) {
      return interval;
    }
    Duration failingFor =
        status
            .getCondition(ConditionTypes.SERVICE_CLUSTER_REACHABLE)
            .map(Condition::getLastTransitionTime)
            .map(t -> Duration.between(Conditions.parse(t), now))
            .orElse(Duration.ZERO);
    Duration delay = failingFor.compareTo(interval) < 0 ? interval : failingFor;
    Duration max = maxBackoff.compareTo(interval) < 0 ? interval : maxBackoff;
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private static void set(ServiceClusterStatus status, Condition c, Long generation, Instant now) {
    status.setCondition(c.withObservedGeneration(generation), now);
  }
}
