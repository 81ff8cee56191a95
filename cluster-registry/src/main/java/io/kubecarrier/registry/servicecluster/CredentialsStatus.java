package io.kubecarrier.registry.servicecluster;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.connect.CredentialExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code CredentialsExpiring} condition and {@code status.credentials} of a ServiceCluster,
 * from what one heartbeat read of its kubeconfig. Pure, tested on its own.
 *
 * <ul>
 *   <li>expired ({@code now >= expiresAt}): {@code True}/{@link Reasons#CREDENTIALS_EXPIRED};
 *   <li>within the warning window: {@code True}/{@link Reasons#CREDENTIALS_EXPIRE_SOON};
 *   <li>later: {@code False}/{@link Reasons#CREDENTIALS_VALID}; no readable expiry: {@code
 *       False}/{@link Reasons#NO_EXPIRY};
 *   <li>no kubeconfig could be read: a lasting failure (Secret missing, no key, bad kubeconfig) is
 *       {@code Unknown} with its reason and {@code status.credentials} goes; a transient one (the
 *       Secret could not be read this time) keeps what was known.
 * </ul>
 *
 * Messages name the time, not the time left, so a heartbeat does not change them. The condition is
 * abnormal-true, so operator-common's {@link ConditionEvents} (a Warning when a condition turns
 * False) does not fit it: {@link #notes} gives its events.
 */
public final class CredentialsStatus {

  static final String ROTATE =
      " Rotate them: mint a new token (kubectl -n kubecarrier-system create token kubecarrier"
          + " --duration=8760h in the service cluster, or k8s/service-cluster/kubeconfig.sh) and"
          + " replace the Secret's key 'kubeconfig'; the registry uses it from its next heartbeat"
          + " (docs/service-cluster-credentials.md).";

  private CredentialsStatus() {}

  /** What a heartbeat learnt of the credentials. */
  public record Known(boolean read, CredentialExpiry expiry, ConnectionException failure) {

    /** The kubeconfig was read; {@code expiry} null when its credentials carry none. */
    public static Known read(CredentialExpiry expiry) {
      return new Known(true, expiry, null);
    }

    /** No kubeconfig could be read. */
    public static Known unreadable(ConnectionException failure) {
      return new Known(false, null, failure);
    }

    /** Whether this says something about the credentials (a transient failure does not). */
    public boolean conclusive() {
      return read || !failure.isTransient();
    }
  }

  /**
   * {@code status} (changed in place, and returned) with {@code CredentialsExpiring} and {@code
   * status.credentials} for {@code known}.
   *
   * @param secret {@code namespace/name} of the kubeconfig Secret, for messages
   * @param window how long before the expiry the condition turns True
   */
  public static ServiceClusterStatus apply(
      ServiceClusterStatus status,
      Known known,
      String secret,
      Duration window,
      Long generation,
      Instant now) {
    if (!known.conclusive()) {
      return status;
    }
    if (!known.read()) {
      status.setCredentials(null);
      set(
          status,
          Condition.ofUnknown(
              ConditionTypes.CREDENTIALS_EXPIRING,
              known.failure().reason(),
              "No kubeconfig could be read from Secret "
                  + secret
                  + ", so its expiry is not known; ServiceClusterReachable says why."),
          generation,
          now);
      return status;
    }
    CredentialExpiry expiry = known.expiry();
    if (expiry == null) {
      status.setCredentials(null);
      set(
          status,
          Condition.ofFalse(
              ConditionTypes.CREDENTIALS_EXPIRING,
              Reasons.NO_EXPIRY,
              "The credentials of kubeconfig Secret "
                  + secret
                  + " carry no expiry the registry can read (an opaque or legacy token, basic"
                  + " auth): it cannot warn before they stop working."),
          generation,
          now);
      return status;
    }
    String at = Conditions.format(expiry.expiresAt());
    status.setCredentials(new ServiceClusterStatus.Credentials(at, expiry.source()));
    String what = "The " + expiry.describe() + " of kubeconfig Secret " + secret;
    Condition c;
    if (!now.isBefore(expiry.expiresAt())) {
      c =
          Condition.ofTrue(
              ConditionTypes.CREDENTIALS_EXPIRING,
              Reasons.CREDENTIALS_EXPIRED,
              what + " expired at " + at + "; the service cluster rejects it." + ROTATE);
    } else if (!expiry.expiresAt().isAfter(now.plus(window))) {
      c =
          Condition.ofTrue(
              ConditionTypes.CREDENTIALS_EXPIRING,
              Reasons.CREDENTIALS_EXPIRE_SOON,
              what
                  + " expires at "
                  + at
                  + ", within the warning window of "
                  + human(window)
                  + "."
                  + ROTATE);
    } else {
      c =
          Condition.ofFalse(
              ConditionTypes.CREDENTIALS_EXPIRING,
              Reasons.CREDENTIALS_VALID,
              what
                  + " expires at "
                  + at
                  + ", later than the warning window of "
                  + human(window)
                  + ".");
    }
    set(status, c, generation, now);
    return status;
  }

  /**
   * The events of a change of {@code CredentialsExpiring}: a Warning when it turns True or changes
   * reason or message while True (new credentials that expire soon too), a Normal when it turns
   * False after being True (rotated).
   */
  public static List<ConditionEvents.Note> notes(
      ServiceClusterStatus before, ServiceClusterStatus after) {
    List<ConditionEvents.Note> notes = new ArrayList<>();
    Optional<Condition> now = condition(after);
    if (now.isEmpty()) {
      return notes;
    }
    Condition c = now.get();
    Optional<Condition> old = condition(before);
    boolean wasTrue = old.filter(o -> Condition.TRUE.equals(o.getStatus())).isPresent();
    if (Condition.TRUE.equals(c.getStatus())) {
      boolean changed =
          !wasTrue
              || !Objects.equals(old.get().getReason(), c.getReason())
              || !Objects.equals(old.get().getMessage(), c.getMessage());
      if (changed) {
        notes.add(
            new ConditionEvents.Note(
                EventRecorder.WARNING, c.getReason(), c.getType() + ": " + c.getMessage()));
      }
    } else if (Condition.FALSE.equals(c.getStatus()) && wasTrue) {
      notes.add(
          new ConditionEvents.Note(
              EventRecorder.NORMAL, c.getReason(), c.getType() + ": " + c.getMessage()));
    }
    return notes;
  }

  /** A copy of {@code status} without {@code CredentialsExpiring} (null stays null). */
  public static ServiceClusterStatus withoutCondition(ServiceClusterStatus status) {
    if (status == null) {
      return null;
    }
    ServiceClusterStatus copy = StatusPatches.copy(status);
    copy.removeCondition(ConditionTypes.CREDENTIALS_EXPIRING);
    return copy;
  }

  /** {@code 7d}, {@code 36h}, {@code 30m}, {@code 45s}. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s > 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static Optional<Condition> condition(ServiceClusterStatus status) {
    return status == null
        ? Optional.empty()
        : status.getCondition(ConditionTypes.CREDENTIALS_EXPIRING);
  }

  private static void set(ServiceClusterStatus status, Condition c, Long generation, Instant now) {
    status.setCondition(c.withObservedGeneration(generation), now);
  }
}
