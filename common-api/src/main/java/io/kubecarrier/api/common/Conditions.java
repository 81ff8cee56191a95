package io.kubecarrier.api.common;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that writes conditions. Every operator sets conditions through here so that:
 *
 * <ul>
 *   <li>each type appears at most once in the list;
 *   <li>{@code lastTransitionTime} moves only when {@code status} really changes, not on updates of
 *       reason, message or observedGeneration;
 *   <li>callers learn whether anything changed, and skip the status patch when nothing did;
 *   <li>time comes from a {@link Clock} or an {@link Instant} the caller passes (tests never
 *       sleep).
 * </ul>
 */
public final class Conditions {

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

  private Conditions() {}

  /**
   * Sets {@code desired} into {@code conditions}, replacing the condition of the same type.
   *
   * <p>The caller's object is not stored: its fields are copied. Its {@code lastTransitionTime} is
   * ignored; the stored one is {@code now} when the condition is new or its status changed, and is
   * kept otherwise.
   *
   * @param conditions a mutable list, changed in place
   * @param desired the condition to set; {@code type} and {@code status} must not be null
   * @param now the current time
   * @return {@code true} if the list changed
   */
  public static boolean set(List<Condition> conditions, Condition desired, Instant now) {
    Objects.requireNonNull(conditions, "conditions");
    Objects.requireNonNull(desired.getType(), "condition type");
    Objects.requireNonNull(desired.getStatus(), "condition status");
    Objects.requireNonNull(now, "now");
    for (Condition existing : conditions) {
      if (!desired.getType().equals(existing.getType())) {
        continue;
      }
      boolean changed = false;
      if (!desired.getStatus().equals(existing.getStatus())
          || existing.getLastTransitionTime() == null) {
        existing.setStatus(desired.getStatus());
        existing.setLastTransitionTime(format(now));
        changed = true;
      }
      if (!Objects.equals(existing.getReason(), desired.getReason())) {
        existing.setReason(desired.getReason());
        changed = true;
      }
      if (!Objects.equals(existing.getMessage(), desired.getMessage())) {
        existing.setMessage(desired.getMessage());
        changed = true;
      }
      if (!Objects.equals(existing.getObservedGeneration(), desired.getObservedGeneration())) {
        existing.setObservedGeneration(desired.getObservedGeneration());
        changed = true;
      }
      return changed;
    }
    Condition added = desired.copy();
    added.setLastTransitionTime(format(now));
    conditions.add(added);
    return true;
  }

  /** {@link #set(List, Condition, Instant)} with {@code clock.instant()}. */
  public static boolean set(List<Condition> conditions, Condition desired, Clock clock) {
    return set(conditions, desired, clock.instant());
  }

  /**
   * Builds a condition and {@linkplain #set(List, Condition, Instant) sets} it.
   *
   * @return {@code true} if the list changed
   */
  public static boolean set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Clock clock) {
    return set(
        conditions,
        Condition.of(type, status, reason, message).withObservedGeneration(observedGeneration),
        clock.instant());
  }

  /**
   * Removes the condition of {@code type}.
   *
   * @return {@code true} if there was one
   */
  public static boolean remove(List<Condition> conditions, String type) {
    return conditions != null && conditions.removeIf(c -> Objects.equals(type, c.getType()));
  }

  /** The condition of {@code type}, if present. A null list has no conditions. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
  }

  /** {@code true} if the condition of {@code type} is present with status {@code True}. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return hasStatus(conditions, type, Condition.TRUE);
  }

  /** {@code true} if the condition of {@code type} is present with status {@code False}. */
  public static boolean isFalse(List<Condition> conditions, String type) {
    return hasStatus(conditions, type, Condition.FALSE);
  }

  /**
   * {@code true} if the condition of {@code type} is absent or has status {@code Unknown}: nothing
   * is known yet.
   */
  public static boolean isUnknown(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> Condition.UNKNOWN.equals(c.getStatus())).orElse(true);
  }

  /** {@code true} if the condition of {@code type} is present with the given status. */
  public static boolean hasStatus(List<Condition> conditions, String type, String status) {
    return find(conditions, type).map(c -> Objects.equals(status, c.getStatus())).orElse(false);
  }

  /**
   * Formats a time as Kubernetes writes {@code metav1.Time}: RFC 3339 in UTC with whole seconds,
   * for example {@code 2024-05-01T12:00:00Z}.
   */
  public static String format(Instant time) {
    return RFC3339.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Parses a time written by {@link #format(Instant)} (or any RFC 3339 instant in UTC). */
  public static Instant parse(String time) {
    return Instant.parse(time);
  }
}
