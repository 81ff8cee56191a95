package io.kubecarrier.catalog.entry;

/** The entry cannot be turned into a tenant CRD as it is: a reason constant and what to do. */
public final class InvalidEntryException extends RuntimeException {

  private final String reason;

  public InvalidEntryException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason, one of {@link io.kubecarrier.api.common.Reasons}. */
  public String reason() {
    return reason;
  }
}
