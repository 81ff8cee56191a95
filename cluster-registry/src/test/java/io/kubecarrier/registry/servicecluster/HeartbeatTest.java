package io.kubecarrier.registry.servicecluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.registry.servicecluster.Heartbeat.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(40);
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofSeconds(60);
  private static final Outcome OK = Outcome.success("v1.35.4");
  private static final Outcome DOWN =
      Outcome.failed(
          ConnectionException.transientFailure(Reasons.UNREACHABLE, "connection refused"));
  private static final Outcome FAILING =
      Outcome.failed(
          ConnectionException.transientFailure(Reasons.SERVER_ERROR, "answered HTTP 503"));
  private static final Outcome BAD_TOKEN =
      Outcome.failed(ConnectionException.permanent(Reasons.UNAUTHORIZED, "rejected"));

  @Test
  void successRecordsVersionHeartbeatAndReadiness() {
    ServiceClusterStatus s = Heartbeat.next(null, OK, 3L, T0, GRACE);
    assertThat(s.getKubernetesVersion()).isEqualTo("v1.35.4");
    assertThat(s.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.isReady()).isTrue();
    assertCondition(
        s, ConditionTypes.SERVICE_CLUSTER_REACHABLE, Condition.TRUE, Reasons.HEARTBEAT_OK);
  }

  @Test
  void laterHeartbeatsMoveOnlyTheHeartbeatTime() {
    ServiceClusterStatus first = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus second = Heartbeat.next(first, OK, 1L, T0.plusSeconds(10), GRACE);
    assertThat(second.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(second.getCondition(ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.getLastHeartbeatTime())
        .as("previous untouched")
        .isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void anOutageWithinTheGracePeriodChangesNothing() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus during = Heartbeat.next(ready, DOWN, 1L, T0.plusSeconds(39), GRACE);
    assertThat(during).isEqualTo(ready);
  }

  @Test
  void anOutageBeyondTheGracePeriodIsUnknownAndNotReady() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus after = Heartbeat.next(ready, DOWN, 1L, T0.plusSeconds(40), GRACE);
    assertCondition(
        after,
        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
        Condition.UNKNOWN,
        Reasons.HEARTBEAT_TIMEOUT);
    assertCondition(after, ConditionTypes.READY, Condition.FALSE, Reasons.HEARTBEAT_TIMEOUT);
    assertThat(after.getCondition(ConditionTypes.READY).orElseThrow().getMessage())
        .contains("2026-01-01T00:00:00Z")
        .contains("connection refused");
    assertThat(after.getKubernetesVersion()).as("last known version kept").isEqualTo("v1.35.4");
    assertThat(after.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:00Z");

    ServiceClusterStatus back = Heartbeat.next(after, OK, 1L, T0.plusSeconds(50), GRACE);
    assertThat(back.isReady()).isTrue();
    assertThat(back.getCondition(ConditionTypes.READY).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:50Z");
  }

  @Test
  void serverErrorsBeyondTheGracePeriodKeepTheirReason() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    assertThat(Heartbeat.next(ready, FAILING, 1L, T0.plusSeconds(39), GRACE)).isEqualTo(ready);
    ServiceClusterStatus after = Heartbeat.next(ready, FAILING, 1L, T0.plusSeconds(40), GRACE);
    assertCondition(
        after, ConditionTypes.SERVICE_CLUSTER_REACHABLE, Condition.FALSE, Reasons.SERVER_ERROR);
    assertCondition(after, ConditionTypes.READY, Condition.FALSE, Reasons.SERVER_ERROR);
    assertThat(after.getCondition(ConditionTypes.READY).orElseThrow().getMessage())
        .contains("No successful heartbeat since 2026-01-01T00:00:00Z")
        .contains("answered HTTP 503");
    assertThat(Heartbeat.nextDelay(after, FAILING, T0.plusSeconds(100), INTERVAL, MAX))
        .as("transient: no back-off")
        .isEqualTo(INTERVAL);
  }

  @Test
  void aClusterThatNeverAnsweredIsUnreachableAtOnce() {
    ServiceClusterStatus s = Heartbeat.next(null, DOWN, 1L, T0, GRACE);
    assertCondition(
        s, ConditionTypes.SERVICE_CLUSTER_REACHABLE, Condition.FALSE, Reasons.UNREACHABLE);
    assertCondition(s, ConditionTypes.READY, Condition.FALSE, Reasons.UNREACHABLE);
  }

  @Test
  void permanentFailuresIgnoreTheGracePeriod() {
    ServiceClusterStatus ready = Heartbeat.next(null, OK, 1L, T0, GRACE);
    ServiceClusterStatus s = Heartbeat.next(ready, BAD_TOKEN, 1L, T0.plusSeconds(1), GRACE);
    assertCondition(
        s, ConditionTypes.SERVICE_CLUSTER_REACHABLE, Condition.FALSE, Reasons.UNAUTHORIZED);
    assertCondition(s, ConditionTypes.READY, Condition.FALSE, Reasons.UNAUTHORIZED);
  }

  @Test
  void successAndOutagesBeatEveryInterval() {
    ServiceClusterStatus s = Heartbeat.next(null, OK, 1L, T0, GRACE);
    assertThat(Heartbeat.nextDelay(s, OK, T0, INTERVAL, MAX)).isEqualTo(INTERVAL);
    assertThat(Heartbeat.nextDelay(s, DOWN, T0.plusSeconds(500), INTERVAL, MAX))
        .isEqualTo(INTERVAL);
  }

  @Test
  void permanentFailuresBackOffUpToTheMaximum() {
    ServiceClusterStatus s = Heartbeat.next(null, BAD_TOKEN, 1L, T0, GRACE);
    assertThat(Heartbeat.nextDelay(s, BAD_TOKEN, T0, INTERVAL, MAX)).isEqualTo(INTERVAL);
    assertThat(Heartbeat.nextDelay(s, BAD_TOKEN, T0.plusSeconds(25), INTERVAL, MAX))
        .isEqualTo(Duration.ofSeconds(25));
    assertThat(Heartbeat.nextDelay(s, BAD_TOKEN, T0.plusSeconds(3600), INTERVAL, MAX))
        .isEqualTo(MAX);
  }

  private static void assertCondition(
      ServiceClusterStatus s, String type, String status, String reason) {
    Condition c = s.getCondition(type).orElseThrow();
    assertThat(c.getStatus()).as(type).isEqualTo(status);
    assertThat(c.getReason()).as(type).isEqualTo(reason);
  }
}
