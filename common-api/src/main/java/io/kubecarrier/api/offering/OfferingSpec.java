package io.kubecarrier.api.offering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.ObjectReference;
import java.util.List;
import java.util.Objects;

/** Data of an {@link Offering}, written by the catalog operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metadata", "provider", "crd", "regions", "regionList"})
public class OfferingSpec {

  @JsonPropertyDescription("Texts that describe the offered service.")
  private DisplayMetadata metadata;

  @Required
  @JsonPropertyDescription("The provider account that offers the service.")
  private ObjectReference provider;

  @Required
  @JsonPropertyDescription(
      "The tenant-facing CRD: create objects of this kind in your namespace "
          + "to order the service.")
  private CrdInformation crd;

  @JsonPropertyDescription(
      "Regions (service clusters) the service is available in. Choose one "
          + "with the label kubecarrier.io/region on your object; it may be left "
          + "out when there is only one.")
  private List<ObjectReference> regions;

  @JsonPropertyDescription(
      "The names of the regions, comma-separated (for the REGIONS column of kubectl get, which"
          + " prints only the first value of a list).")
  private String regionList;

  public DisplayMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DisplayMetadata metadata) {
    this.metadata = metadata;
  }

  public ObjectReference getProvider() {
    return provider;
  }

  public void setProvider(ObjectReference provider) {
    this.provider = provider;
  }

  public CrdInformation getCrd() {
    return crd;
  }

  public void setCrd(CrdInformation crd) {
    this.crd = crd;
  }

  public List<ObjectReference> getRegions() {
    return regions;
  }

  public void setRegions(List<ObjectReference> regions) {
    this.regions = regions;
  }

  public String getRegionList() {
    return regionList;
  }

  public void setRegionList(String regionList) {
    this.regionList = regionList;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    OfferingSpec that = (OfferingSpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(provider, that.provider)
        && Objects.equals(crd, that.crd)
        && Objects.equals(regions, that.regions)
        && Objects.equals(regionList, that.regionList);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, provider, crd, regions, regionList);
  }
}
