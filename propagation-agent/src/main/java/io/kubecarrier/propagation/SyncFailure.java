package io.kubecarrier.propagation;

/**
 * Why a step of an instance's reconcile cannot go on: a condition reason and a message for people;
 * {@code unreachable} when the service cluster did not answer.
 */
public final class SyncFailure extends RuntimeException {
  private final String reason;
  private final boolean unreachable;

  public SyncFailure(String reason, String message, boolean unreachable) {
    super(message, null, false, false);
    this.reason = reason;
    this.unreachable = unreachable;
  }

  public SyncFailure(String reason, String message) {
    this(reason, message, false);
  }

  /** The condition reason ({@link io.kubecarrier.api.common.Reasons}). */
  public String reason() {
    return reason;
  }

  /** Whether the service cluster did not answer (the instance waits for it). */
  public boolean unreachable() {
    return unreachable;
  }
}
