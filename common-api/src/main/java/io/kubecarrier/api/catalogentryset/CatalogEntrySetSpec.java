package io.kubecarrier.api.catalogentryset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubecarrier.api.common.DeriveConfig;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.MetadataPropagation;
import io.kubecarrier.api.common.RelatedResource;
import io.kubecarrier.api.common.TenantCrdOverride;
import java.util.List;
import java.util.Objects;

/** Desired state of a {@link CatalogEntrySet}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "metadata",
  "discover",
  "tenantCRD",
  "derive",
  "relatedResources",
  "propagateMetadata"
})
@ValidationRule(
    value =
        "!has(self.discover.kindOverride) || !has(self.tenantCRD) || "
            + "!has(self.tenantCRD.kind) || self.tenantCRD.kind == "
            + "self.discover.kindOverride",
    message =
        "spec.discover.kindOverride and spec.tenantCRD.kind differ: set only "
            + "spec.tenantCRD.kind")
public class CatalogEntrySetSpec {

  @JsonPropertyDescription("Texts that describe the offered service to tenants.")
  private DisplayMetadata metadata;

  @Required
  @JsonPropertyDescription("Which CRD to offer and from which service clusters.")
  private CatalogEntrySetDiscover discover;

  @JsonProperty("tenantCRD")
  @JsonPropertyDescription("Overrides of group, kind and plural of the tenant-facing CRD.")
  private TenantCrdOverride tenantCrd;

  @JsonPropertyDescription("Which versions and fields of the service CRD tenants see.")
  private DeriveConfig derive;

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y.name == x.name))",
      message =
          "spec.relatedResources: every declaration needs its own name (names must be unique)")
  @JsonPropertyDescription(
      "Secrets and ConfigMaps that travel with each instance: down (what the service operator"
          + " reads from the instance's namespace) and up (what it writes for the consumer)."
          + " Absent: only the connection Secret named in status.connectionSecretRef travels.")
  private List<RelatedResource> relatedResources;

  @JsonPropertyDescription(
      "Which tenant labels and annotations pass to the service object; absent: all but"
          + " KubeCarrier's own.")
  private MetadataPropagation propagateMetadata;

  public DisplayMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DisplayMetadata metadata) {
    this.metadata = metadata;
  }

  public CatalogEntrySetDiscover getDiscover() {
    return discover;
  }

  public void setDiscover(CatalogEntrySetDiscover discover) {
    this.discover = discover;
  }

  public TenantCrdOverride getTenantCrd() {
    return tenantCrd;
  }

  public void setTenantCrd(TenantCrdOverride tenantCrd) {
    this.tenantCrd = tenantCrd;
  }

  public DeriveConfig getDerive() {
    return derive;
  }

  public void setDerive(DeriveConfig derive) {
    this.derive = derive;
  }

  public List<RelatedResource> getRelatedResources() {
    return relatedResources;
  }

  public void setRelatedResources(List<RelatedResource> relatedResources) {
    this.relatedResources = relatedResources;
  }

  public MetadataPropagation getPropagateMetadata() {
    return propagateMetadata;
  }

  public void setPropagateMetadata(MetadataPropagation propagateMetadata) {
    this.propagateMetadata = propagateMetadata;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    CatalogEntrySetSpec that = (CatalogEntrySetSpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(discover, that.discover)
        && Objects.equals(tenantCrd, that.tenantCrd)
        && Objects.equals(derive, that.derive)
        && Objects.equals(relatedResources, that.relatedResources)
        && Objects.equals(propagateMetadata, that.propagateMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, discover, tenantCrd, derive, relatedResources, propagateMetadata);
  }
}
