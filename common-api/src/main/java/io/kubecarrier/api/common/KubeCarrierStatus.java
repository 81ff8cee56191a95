package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Base of every KubeCarrier status: {@code observedGeneration} and {@code conditions}. The
 * convenience methods delegate to {@link Conditions} and are {@link JsonIgnore}d, so they stay out
 * of the CRD schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class KubeCarrierStatus {

  @Min(0)
  @JsonPropertyDescription(
      "metadata.generation of the object that this status was computed from. When it is lower"
          + " than metadata.generation the operator has not yet processed the latest spec.")
  private Long observedGeneration;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription(
      "Current state of the object as standard Kubernetes conditions, one per type. Ready"
          + " summarises all others; when it is not True its reason and message say why and what"
          + " to do.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  /** The condition of {@code type}, if present. */
  @JsonIgnore
  public Optional<Condition> getCondition(String type) {
    return Conditions.find(conditions, type);
  }

  /**
   * Sets a condition; see {@link Conditions#set(List, Condition, Instant)}.
   *
   * @return {@code true} if the conditions changed
   */
  @JsonIgnore
  public boolean setCondition(Condition condition, Instant now) {
    return Conditions.set(conditions, condition, now);
  }

  /** {@link #setCondition(Condition, Instant)} with {@code clock.instant()}. */
  @JsonIgnore
  public boolean setCondition(Condition condition, Clock clock) {
    return Conditions.set(conditions, condition, clock.instant());
  }

  /**
   * Removes the condition of {@code type}.
   *
   * @return {@code true} if there was one
   */
  @JsonIgnore
  public boolean removeCondition(String type) {
    return Conditions.remove(conditions, type);
  }

  /** {@code true} if the condition of {@code type} has status {@code True}. */
  @JsonIgnore
  public boolean isConditionTrue(String type) {
    return Conditions.isTrue(conditions, type);
  }

  /** {@code true} if the {@code Ready} condition has status {@code True}. */
  @JsonIgnore
  public boolean isReady() {
    return Conditions.isTrue(conditions, ConditionTypes.READY);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    KubeCarrierStatus that = (KubeCarrierStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions);
  }
}
