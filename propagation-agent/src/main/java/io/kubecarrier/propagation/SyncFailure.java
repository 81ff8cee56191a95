package io.kubecarrier.propagation;

/**
 * Why a step of an instance's reconcile cannot go on: a condition reason and a message for people;
 * {@code unreachable} when the service cluster did not answer.
 */
final class SyncFailure extends RuntimeException {
  final String reason;
  final boolean unreachable;

  SyncFailure(String reason, String message, boolean unreachable) {
    super(message, null, false, false);
    this.reason = reason;
    this.unreachable = unreachable;
  }

  SyncFailure(String reason, String message) {
    this(reason, message, false);
  }
}
