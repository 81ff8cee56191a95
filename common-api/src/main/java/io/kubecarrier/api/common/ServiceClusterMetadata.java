package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Human-facing texts of a ServiceCluster and of the Region published for it ({@code spec.metadata}
 * in KubeCarrier).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"displayName", "description"})
public class ServiceClusterMetadata {

  @Size(max = 256)
  @JsonPropertyDescription("Name to show to people, for example \"Frankfurt (eu-central-1)\".")
  private String displayName;

  @Size(max = 16384)
  @JsonPropertyDescription("Description of the cluster or region, for example its location.")
  private String description;

  public ServiceClusterMetadata() {}

  public ServiceClusterMetadata(String displayName, String description) {
    this.displayName = displayName;
    this.description = description;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServiceClusterMetadata)) {
      return false;
    }
    ServiceClusterMetadata that = (ServiceClusterMetadata) o;
    return Objects.equals(displayName, that.displayName)
        && Objects.equals(description, that.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, description);
  }
}
