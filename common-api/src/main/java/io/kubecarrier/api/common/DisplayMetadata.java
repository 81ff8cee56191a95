package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Human-facing texts of an Account, a catalog entry or an offering ({@code spec.metadata} in
 * KubeCarrier). Not to be confused with the object's Kubernetes {@code metadata}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"displayName", "shortDescription", "description"})
public class DisplayMetadata {

  @Size(max = 256)
  @JsonPropertyDescription("Name to show to people, for example \"Redis by Example Corp\".")
  private String displayName;

  @Size(max = 512)
  @JsonPropertyDescription("One-line summary, shown in lists.")
  private String shortDescription;

  @Size(max = 16384)
  @JsonPropertyDescription("Longer description, shown on detail pages.")
  private String description;

  public DisplayMetadata() {}

  public DisplayMetadata(String displayName, String shortDescription, String description) {
    this.displayName = displayName;
    this.shortDescription = shortDescription;
    this.description = description;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getShortDescription() {
    return shortDescription;
  }

  public void setShortDescription(String shortDescription) {
    this.shortDescription = shortDescription;
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
    if (!(o instanceof DisplayMetadata)) {
      return false;
    }
    DisplayMetadata that = (DisplayMetadata) o;
    return Objects.equals(displayName, that.displayName)
        && Objects.equals(shortDescription, that.shortDescription)
        && Objects.equals(description, that.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, shortDescription, description);
  }
}
