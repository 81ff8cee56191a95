package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tenant labels and annotations pass to the service object ({@code spec.propagateMetadata}).
 * Absent lists let every key pass; KubeCarrier's own keys ({@code kubecarrier.io/...}) and {@code
 * kubectl.kubernetes.io/last-applied-configuration} never pass.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetadataPropagation {

  @Size(max = 64)
  @JsonPropertyDescription(
      "Label keys that pass to the service object: exact keys, or a prefix ending in * (for"
          + " example strimzi.io/*). Absent: every label passes; empty: none.")
  private List<String> labels;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Annotation keys that pass to the service object, as for labels. Absent: every annotation"
          + " passes; empty: none.")
  private List<String> annotations;

  public MetadataPropagation() {}

  public MetadataPropagation(List<String> labels, List<String> annotations) {
    this.labels = labels == null ? null : new ArrayList<>(labels);
    this.annotations = annotations == null ? null : new ArrayList<>(annotations);
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }

  public List<String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(List<String> annotations) {
    this.annotations = annotations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetadataPropagation m
        && Objects.equals(labels, m.labels)
        && Objects.equals(annotations, m.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, annotations);
  }
}
