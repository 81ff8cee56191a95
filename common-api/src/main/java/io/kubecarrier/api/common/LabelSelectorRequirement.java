package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One requirement of a {@link LabelSelector}, as in {@code metav1.LabelSelectorRequirement}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "operator", "values"})
@ValidationRule(
    value =
        "(self.operator == 'In' || self.operator == 'NotIn') == (has(self.values) &&"
            + " size(self.values) > 0)",
    message =
        "operators In and NotIn need at least one entry in values; Exists and DoesNotExist take"
            + " no values: fix values or the operator")
public class LabelSelectorRequirement {

  @Required
  @Size(min = 1, max = 317)
  @JsonPropertyDescription("Label key that the requirement applies to.")
  private String key;

  @Required
  @JsonPropertyDescription("How the label relates to values: In, NotIn, Exists or DoesNotExist.")
  private LabelSelectorOperator operator;

  @JsonPropertyDescription(
      "Label values. Non-empty for In and NotIn, empty or absent for Exists and DoesNotExist.")
  private List<String> values;

  public LabelSelectorRequirement() {}

  public LabelSelectorRequirement(String key, LabelSelectorOperator operator, List<String> values) {
    this.key = key;
    this.operator = operator;
    this.values = values == null ? null : new ArrayList<>(values);
  }

  /** Whether a set of labels satisfies this requirement. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    List<String> v = values == null ? List.of() : values;
    switch (operator) {
      case In:
        return l.containsKey(key) && v.contains(l.get(key));
      case NotIn:
        return !l.containsKey(key) || !v.contains(l.get(key));
      case Exists:
        return l.containsKey(key);
      case DoesNotExist:
        return !l.containsKey(key);
      default:
        throw new IllegalStateException("unknown operator " + operator);
    }
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public LabelSelectorOperator getOperator() {
    return operator;
  }

  public void setOperator(LabelSelectorOperator operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LabelSelectorRequirement)) {
      return false;
    }
    LabelSelectorRequirement that = (LabelSelectorRequirement) o;
    return Objects.equals(key, that.key)
        && operator == that.operator
        && Objects.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, operator, values);
  }

  @Override
  public String toString() {
    return key + " " + operator + " " + values;
  }
}
