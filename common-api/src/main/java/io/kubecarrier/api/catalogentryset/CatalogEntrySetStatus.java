package io.kubecarrier.api.catalogentryset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link CatalogEntrySet}, written by the catalog operator. Conditions: Ready,
 * DiscoveriesReady.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "entry", "discoveries", "conditions"})
public class CatalogEntrySetStatus extends KubeCarrierStatus {

  @JsonPropertyDescription("Name of the CatalogEntry made from this set (same namespace).")
  private String entry;

  @JsonPropertyDescription(
      "Names of the CustomResourceDiscoveries requested for the selected " + "service clusters.")
  private List<String> discoveries;

  public String getEntry() {
    return entry;
  }

  public void setEntry(String entry) {
    this.entry = entry;
  }

  public List<String> getDiscoveries() {
    return discoveries;
  }

  public void setDiscoveries(List<String> discoveries) {
    this.discoveries = discoveries;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    CatalogEntrySetStatus that = (CatalogEntrySetStatus) o;
    return Objects.equals(entry, that.entry) && Objects.equals(discoveries, that.discoveries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), entry, discoveries);
  }
}
