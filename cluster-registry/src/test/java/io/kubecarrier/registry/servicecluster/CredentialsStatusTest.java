package io.kubecarrier.registry.servicecluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.registry.connect.CredentialExpiry;
import io.kubecarrier.registry.servicecluster.CredentialsStatus.Known;
import io.kubecarrier.registry.servicecluster.Heartbeat.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsStatusTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(7);
  private static final String SECRET = "acme/eu-kubeconfig";

  private static ServiceClusterStatus apply(
      ServiceClusterStatus previous, Known known, Instant now) {
    ServiceClusterStatus beat =
        Heartbeat.next(previous, Outcome.success("v1.35.4"), 1L, now, Duration.ofSeconds(40));
    return CredentialsStatus.apply(beat, known, SECRET, WINDOW, 1L, now);
  }

  private static Known token(Instant expiresAt) {
    return Known.read(new CredentialExpiry(expiresAt, CredentialExpiry.TOKEN));
  }

  private static Condition condition(ServiceClusterStatus s) {
    return s.getCondition(ConditionTypes.CREDENTIALS_EXPIRING).orElseThrow();
  }

  @Test
  void credentialsThatExpireLaterThanTheWindowAreValid() {
    Instant exp = T0.plus(Duration.ofDays(30));
    ServiceClusterStatus s = apply(null, token(exp), T0);
    Condition c = condition(s);
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.CREDENTIALS_VALID);
    assertThat(c.getMessage())
        .isEqualTo(
            "The token of kubeconfig Secret acme/eu-kubeconfig expires at 2026-01-31T00:00:00Z,"
                + " later than the warning window of 7d.");
    assertThat(s.getCredentials().getExpiresAt()).isEqualTo("2026-01-31T00:00:00Z");
    assertThat(s.getCredentials().getSource()).isEqualTo("token");
    assertThat(s.isReady()).isTrue();
  }

  @Test
  void withinTheWindowTheyExpireSoonAndReadyStaysTrue() {
    Instant exp = T0.plus(Duration.ofDays(7)); // the window's edge counts as within
    ServiceClusterStatus s = apply(null, token(exp), T0);
    Condition c = condition(s);
    assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(c.getReason()).isEqualTo(Reasons.CREDENTIALS_EXPIRE_SOON);
    assertThat(c.getMessage())
        .startsWith(
            "The token of kubeconfig Secret acme/eu-kubeconfig expires at 2026-01-08T00:00:00Z,"
                + " within the warning window of 7d. Rotate them: ")
        .contains("kubectl -n kubecarrier-system create token kubecarrier --duration=")
        .contains("k8s/service-cluster/kubeconfig.sh")
        .contains("docs/service-cluster-credentials.md");
    assertThat(c.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.isReady()).isTrue();
    assertThat(condition(apply(null, token(exp), T0.minusSeconds(1))).getReason())
        .isEqualTo(Reasons.CREDENTIALS_VALID);
  }

  @Test
  void pastTheExpiryTheyAreExpired() {
    Instant exp = T0;
    Condition c = condition(apply(null, token(exp), T0));
    assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(c.getReason()).isEqualTo(Reasons.CREDENTIALS_EXPIRED);
    assertThat(c.getMessage())
        .startsWith(
            "The token of kubeconfig Secret acme/eu-kubeconfig expired at 2026-01-01T00:00:00Z;")
        .contains("Rotate them");
    Condition cert =
        condition(
            apply(
                null,
                Known.read(
                    new CredentialExpiry(T0.minusSeconds(5), CredentialExpiry.CLIENT_CERTIFICATE)),
                T0));
    assertThat(cert.getMessage()).startsWith("The client certificate of kubeconfig Secret");
  }

  @Test
  void credentialsWithoutExpiryAreFalseNoExpiryWithoutStatusField() {
    ServiceClusterStatus before = apply(null, token(T0.plus(Duration.ofDays(1))), T0);
    ServiceClusterStatus s = apply(before, Known.read(null), T0.plusSeconds(10));
    Condition c = condition(s);
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.NO_EXPIRY);
    assertThat(c.getMessage()).contains("acme/eu-kubeconfig").contains("no expiry");
    assertThat(s.getCredentials()).isNull();
  }

  @Test
  void anUnreadableKubeconfigIsUnknownAndATransientFailureKeepsWhatWasKnown() {
    ServiceClusterStatus before = apply(null, token(T0.plus(Duration.ofDays(1))), T0);

    ServiceClusterStatus kept =
        apply(
            before,
            Known.unreadable(
                ConnectionException.transientFailure(Reasons.RECONCILE_ERROR, "timeout")),
            T0.plusSeconds(10));
    assertThat(condition(kept)).isEqualTo(condition(before));
    assertThat(kept.getCredentials()).isEqualTo(before.getCredentials());

    ServiceClusterStatus gone =
        apply(
            before,
            Known.unreadable(ConnectionException.permanent(Reasons.SECRET_NOT_FOUND, "absent")),
            T0.plusSeconds(10));
    assertThat(condition(gone).getStatus()).isEqualTo(Condition.UNKNOWN);
    assertThat(condition(gone).getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
    assertThat(gone.getCredentials()).isNull();
  }

  @Test
  void heartbeatsDoNotChangeTheConditionAndItsTransitionTimeStays() {
    Known soon = token(T0.plus(Duration.ofDays(2)));
    ServiceClusterStatus first = apply(null, soon, T0);
    ServiceClusterStatus later = apply(first, soon, T0.plusSeconds(3600));
    assertThat(condition(later)).isEqualTo(condition(first));
    assertThat(CredentialsStatus.notes(first, later)).isEmpty();
  }

  @Test
  void eventsWarnWhenExpiringStartsOrChangesAndTellWhenRotated() {
    ServiceClusterStatus valid = apply(null, token(T0.plus(Duration.ofDays(30))), T0);
    assertThat(CredentialsStatus.notes(null, valid)).isEmpty(); // False from the start: quiet

    ServiceClusterStatus soon =
        apply(valid, token(T0.plus(Duration.ofDays(30))), T0.plus(Duration.ofDays(24)));
    List<ConditionEvents.Note> notes = CredentialsStatus.notes(valid, soon);
    assertThat(notes)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.type()).isEqualTo(EventRecorder.WARNING);
              assertThat(n.reason()).isEqualTo(Reasons.CREDENTIALS_EXPIRE_SOON);
              assertThat(n.message())
                  .startsWith("CredentialsExpiring: The token of kubeconfig Secret");
            });

    ServiceClusterStatus expired =
        apply(soon, token(T0.plus(Duration.ofDays(30))), T0.plus(Duration.ofDays(31)));
    assertThat(CredentialsStatus.notes(soon, expired))
        .extracting(ConditionEvents.Note::type, ConditionEvents.Note::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                EventRecorder.WARNING, Reasons.CREDENTIALS_EXPIRED));

    ServiceClusterStatus rotated =
        apply(expired, token(T0.plus(Duration.ofDays(400))), T0.plus(Duration.ofDays(31)));
    assertThat(CredentialsStatus.notes(expired, rotated))
        .extracting(ConditionEvents.Note::type, ConditionEvents.Note::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventRecorder.NORMAL, Reasons.CREDENTIALS_VALID));
  }

  @Test
  void theGenericEventsNeverSeeTheCondition() {
    ServiceClusterStatus valid = apply(null, token(T0.plus(Duration.ofDays(30))), T0);
    ServiceClusterStatus stripped = CredentialsStatus.withoutCondition(valid);
    assertThat(stripped.getCondition(ConditionTypes.CREDENTIALS_EXPIRING)).isEmpty();
    assertThat(stripped.isReady()).isTrue();
    assertThat(valid.getCondition(ConditionTypes.CREDENTIALS_EXPIRING)).isPresent();
    assertThat(CredentialsStatus.withoutCondition(null)).isNull();
    // False/CredentialsValid would otherwise be a Warning of ConditionEvents
    assertThat(ConditionEvents.notes(List.of(), valid.getConditions()))
        .extracting(ConditionEvents.Note::reason)
        .contains(Reasons.CREDENTIALS_VALID);
    assertThat(ConditionEvents.notes(List.of(), stripped.getConditions()))
        .extracting(ConditionEvents.Note::reason)
        .doesNotContain(Reasons.CREDENTIALS_VALID);
  }

  @Test
  void windowsAreShownInTheirLargestWholeUnit() {
    assertThat(CredentialsStatus.human(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(CredentialsStatus.human(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(CredentialsStatus.human(Duration.ofMinutes(30))).isEqualTo("30m");
    assertThat(CredentialsStatus.human(Duration.ofSeconds(45))).isEqualTo("45s");
  }
}
