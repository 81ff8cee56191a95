package io.kubecarrier.api.catalogentry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/**
 * A selected region whose service CRD cannot be combined with the offered regions' CRDs, and what
 * keeps it apart (docs/catalog-operator.md, "Schema evolution").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"region", "differences"})
public class RegionDifferences {

  @Required
  @JsonPropertyDescription("The region (service cluster) left out.")
  private String region;

  @JsonPropertyDescription(
      "What differs, one entry per difference (at most five): version, field path, and what each"
          + " region has, for example \"version v1, .spec.size: type integer in us-east-1,"
          + " string in eu-west-1\".")
  private List<String> differences;

  public RegionDifferences() {}

  public RegionDifferences(String region, List<String> differences) {
    this.region = region;
    this.differences = differences;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public List<String> getDifferences() {
    return differences;
  }

  public void setDifferences(List<String> differences) {
    this.differences = differences;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegionDifferences that
        && Objects.equals(region, that.region)
        && Objects.equals(differences, that.differences);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, differences);
  }
}
