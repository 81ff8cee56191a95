package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A label selector, the same as {@code metav1.LabelSelector}: all {@code matchLabels} and all
 * {@code matchExpressions} must hold. An empty selector (and, where a field is optional, an absent
 * one) selects everything, as in KubeCarrier and Kubernetes' {@code LabelSelectorAsSelector}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LabelSelector {

  @JsonPropertyDescription(
      "Labels that must all be present with exactly these values. Same as a matchExpressions"
          + " entry with operator In and a single value.")
  private Map<String, String> matchLabels;

  @JsonPropertyDescription("Requirements on labels that must all hold.")
  private List<LabelSelectorRequirement> matchExpressions;

  public LabelSelector() {}

  public LabelSelector(
      Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
    this.matchExpressions = matchExpressions == null ? null : new ArrayList<>(matchExpressions);
  }

  /** A selector of exactly these labels. */
  public static LabelSelector matching(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, null);
  }

  /** {@code true} if the selector has no labels and no expressions, i.e. selects everything. */
  @JsonIgnore
  public boolean isEmpty() {
    return (matchLabels == null || matchLabels.isEmpty())
        && (matchExpressions == null || matchExpressions.isEmpty());
  }

  /**
   * Whether an object with these labels is selected. A null selector (an optional field left out)
   * selects everything.
   */
  public static boolean selects(LabelSelector selector, Map<String, String> labels) {
    return selector == null || selector.matches(labels);
  }

  /** Whether an object with these labels is selected by this selector. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (matchLabels != null) {
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (!Objects.equals(e.getValue(), l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (matchExpressions != null) {
      for (LabelSelectorRequirement r : matchExpressions) {
        if (!r.matches(l)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The equivalent fabric8 selector, for list and watch calls of the Kubernetes client. */
  public io.fabric8.kubernetes.api.model.LabelSelector toFabric8() {
    LabelSelectorBuilder b = new LabelSelectorBuilder();
    if (matchLabels != null && !matchLabels.isEmpty()) {
      b.withMatchLabels(new LinkedHashMap<>(matchLabels));
    }
    if (matchExpressions != null) {
      for (LabelSelectorRequirement r : matchExpressions) {
        b.addNewMatchExpression()
            .withKey(r.getKey())
            .withOperator(r.getOperator().name())
            .withValues(r.getValues() == null ? null : new ArrayList<>(r.getValues()))
            .endMatchExpression();
      }
    }
    return b.build();
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }

  public List<LabelSelectorRequirement> getMatchExpressions() {
    return matchExpressions;
  }

  public void setMatchExpressions(List<LabelSelectorRequirement> matchExpressions) {
    this.matchExpressions = matchExpressions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LabelSelector)) {
      return false;
    }
    LabelSelector that = (LabelSelector) o;
    return Objects.equals(matchLabels, that.matchLabels)
        && Objects.equals(matchExpressions, that.matchExpressions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(matchLabels, matchExpressions);
  }

  @Override
  public String toString() {
    return "LabelSelector{matchLabels="
        + matchLabels
        + ", matchExpressions="
        + matchExpressions
        + "}";
  }
}
