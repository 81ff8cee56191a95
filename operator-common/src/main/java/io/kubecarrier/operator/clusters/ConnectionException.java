package io.kubecarrier.operator.clusters;

/**
 * Why an operator cannot use a service cluster: a condition reason from {@link
 * io.kubecarrier.api.common.Reasons} and a message that tells a person what to do.
 */
public class ConnectionException extends Exception {

  private final String reason;
  private final boolean transientFailure;

  public ConnectionException(String reason, String message, boolean transientFailure) {
    super(message);
    this.reason = reason;
    this.transientFailure = transientFailure;
  }

  /** A failure that retrying alone does not fix (bad Secret, kubeconfig, credentials, TLS). */
  public static ConnectionException permanent(String reason, String message) {
    return new ConnectionException(reason, message, false);
  }

  /** A failure that may go away by itself (the API server does not answer, or not yet). */
  public static ConnectionException transientFailure(String reason, String message) {
    return new ConnectionException(reason, message, true);
  }

  public String reason() {
    return reason;
  }

  /**
   * {@code true} when the failure may go away by itself: retry with the normal rhythm, and the
   * heartbeat's grace period applies.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
