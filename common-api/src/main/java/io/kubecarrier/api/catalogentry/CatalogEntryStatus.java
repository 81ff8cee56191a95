package io.kubecarrier.api.catalogentry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link CatalogEntry}, written by the catalog operator: everything the
 * propagation agent needs to propagate instances. Conditions: Ready, Established, CRDsCompatible.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "tenantCRD",
  "serviceCRD",
  "exposedPaths",
  "regions",
  "mismatchedRegions",
  "regionDifferences",
  "conditions"
})
public class CatalogEntryStatus extends KubeCarrierStatus {

  @JsonProperty("tenantCRD")
  @JsonPropertyDescription("The tenant-facing CRD in the management cluster.")
  private CrdInformation tenantCrd;

  @JsonProperty("serviceCRD")
  @JsonPropertyDescription("The CRD in the service clusters that instances are copied to.")
  private CrdInformation serviceCrd;

  @JsonPropertyDescription(
      "Field paths (for example .spec.version) that are propagated; empty "
          + "means the whole spec and status.")
  private List<String> exposedPaths;

  @JsonPropertyDescription(
      "Service cluster names whose CRD matches; tenants may create instances " + "there.")
  private List<String> regions;

  @JsonPropertyDescription(
      "Selected service cluster names whose CRD differs from the others "
          + "(versions, scope or schema); left out of the regions until fixed.")
  private List<String> mismatchedRegions;

  @JsonPropertyDescription(
      "For each region in mismatchedRegions, what keeps its service CRD apart from the offered"
          + " regions' (incompatible differences only; compatible ones are merged, see the"
          + " condition CRDsCompatible).")
  private List<RegionDifferences> regionDifferences;

  public CrdInformation getTenantCrd() {
    return tenantCrd;
  }

  public void setTenantCrd(CrdInformation tenantCrd) {
    this.tenantCrd = tenantCrd;
  }

  public CrdInformation getServiceCrd() {
    return serviceCrd;
  }

  public void setServiceCrd(CrdInformation serviceCrd) {
    this.serviceCrd = serviceCrd;
  }

  public List<String> getExposedPaths() {
    return exposedPaths;
  }

  public void setExposedPaths(List<String> exposedPaths) {
    this.exposedPaths = exposedPaths;
  }

  public List<String> getRegions() {
    return regions;
  }

  public void setRegions(List<String> regions) {
    this.regions = regions;
  }

  public List<String> getMismatchedRegions() {
    return mismatchedRegions;
  }

  public void setMismatchedRegions(List<String> mismatchedRegions) {
    this.mismatchedRegions = mismatchedRegions;
  }

  public List<RegionDifferences> getRegionDifferences() {
    return regionDifferences;
  }

  public void setRegionDifferences(List<RegionDifferences> regionDifferences) {
    this.regionDifferences = regionDifferences;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    CatalogEntryStatus that = (CatalogEntryStatus) o;
    return Objects.equals(tenantCrd, that.tenantCrd)
        && Objects.equals(serviceCrd, that.serviceCrd)
        && Objects.equals(exposedPaths, that.exposedPaths)
        && Objects.equals(regions, that.regions)
        && Objects.equals(mismatchedRegions, that.mismatchedRegions)
        && Objects.equals(regionDifferences, that.regionDifferences);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        super.hashCode(),
        tenantCrd,
        serviceCrd,
        exposedPaths,
        regions,
        mismatchedRegions,
        regionDifferences);
  }
}
