package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A standard Kubernetes condition ({@code metav1.Condition}). Write conditions only through {@link
 * Conditions} so that {@code lastTransitionTime} moves only on a real status change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "status",
  "reason",
  "message",
  "lastTransitionTime",
  "observedGeneration"
})
public class Condition {

  /** {@code status} value: the condition holds. */
  public static final String TRUE = "True";

  /** {@code status} value: the condition does not hold. */
  public static final String FALSE = "False";

  /** {@code status} value: it is not (yet) known whether the condition holds. */
  public static final String UNKNOWN = "Unknown";

  @Required
  @Size(min = 1, max = 316)
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @JsonPropertyDescription(
      "Type of the condition in CamelCase, for example Ready. Each type appears at most once.")
  private String type;

  @Required
  @Pattern("^(True|False|Unknown)$")
  @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
  private String status;

  @Size(max = 1024)
  @Pattern("^([A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?)?$")
  @JsonPropertyDescription(
      "Machine-readable reason for the last change of this condition, in CamelCase, for example"
          + " NamespaceCreated.")
  private String reason;

  @Size(max = 32768)
  @JsonPropertyDescription(
      "Human-readable message about the condition: what happened and, when it is not True, what"
          + " to do about it.")
  private String message;

  @JsonPropertyDescription(
      "Time (RFC 3339, UTC) when the status of this condition last changed. Updates of reason,"
          + " message or observedGeneration alone do not move it.")
  private String lastTransitionTime;

  @Min(0)
  @JsonPropertyDescription(
      "metadata.generation of the object that this condition was computed from. A value lower"
          + " than metadata.generation means the condition is out of date.")
  private Long observedGeneration;

  public Condition() {}

  /** A condition without {@code lastTransitionTime}; {@link Conditions#set} fills it in. */
  public static Condition of(String type, String status, String reason, String message) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }

  /** {@code of(type, "True", reason, message)}. */
  public static Condition ofTrue(String type, String reason, String message) {
    return of(type, TRUE, reason, message);
  }

  /** {@code of(type, "False", reason, message)}. */
  public static Condition ofFalse(String type, String reason, String message) {
    return of(type, FALSE, reason, message);
  }

  /** {@code of(type, "Unknown", reason, message)}. */
  public static Condition ofUnknown(String type, String reason, String message) {
    return of(type, UNKNOWN, reason, message);
  }

  /** Fluent setter of {@code observedGeneration}; returns this condition. */
  public Condition withObservedGeneration(Long generation) {
    this.observedGeneration = generation;
    return this;
  }

  /** A field-by-field copy. */
  public Condition copy() {
    Condition c = of(type, status, reason, message);
    c.setLastTransitionTime(lastTransitionTime);
    c.setObservedGeneration(observedGeneration);
    return c;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Condition)) {
      return false;
    }
    Condition that = (Condition) o;
    return Objects.equals(type, that.type)
        && Objects.equals(status, that.status)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message)
        && Objects.equals(lastTransitionTime, that.lastTransitionTime)
        && Objects.equals(observedGeneration, that.observedGeneration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + ": " + message + ")";
  }
}
