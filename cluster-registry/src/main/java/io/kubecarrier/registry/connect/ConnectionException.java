package io.kubecarrier.registry.connect;

/**
 * Why the registry cannot talk to a service cluster: a condition reason from {@link
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

  /** A failure that may go away by itself (the API server does not answer). */
  public static ConnectionException transientFailure(String reason, String message) {
    return new ConnectionException(reason, message, true);
  }

  public String reason() {
    return reason;
  }

  /**
   * {@code true} when the service cluster may come back by itself: the heartbeat keeps its normal
   * rhythm and the grace period applies.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
