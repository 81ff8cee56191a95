package io.kubecarrier.api.catalogentry;

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
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.RelatedResource;
import io.kubecarrier.api.common.TenantCrdOverride;
import java.util.List;
import java.util.Objects;

/**
 * Desired state of a {@link CatalogEntry}. Written by the catalog operator from the CatalogEntrySet
 * of the same name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "metadata",
  "catalogEntrySet",
  "tenantCRD",
  "derive",
  "relatedResources",
  "propagateMetadata"
})
public class CatalogEntrySpec {

  @JsonPropertyDescription("Texts that describe the offered service to tenants.")
  private DisplayMetadata metadata;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.catalogEntrySet is immutable: delete and recreate the "
              + "CatalogEntry to change it")
  @JsonPropertyDescription("The CatalogEntrySet (same namespace) this entry is made from.")
  private ObjectReference catalogEntrySet;

  @JsonProperty("tenantCRD")
  @JsonPropertyDescription(
      "Overrides of group, kind and plural of the tenant-facing CRD, copied "
          + "from the CatalogEntrySet.")
  private TenantCrdOverride tenantCrd;

  @JsonPropertyDescription(
      "Which versions and fields of the service CRD tenants see, copied from "
          + "the CatalogEntrySet.")
  private DeriveConfig derive;

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y.name == x.name))",
      message =
          "spec.relatedResources: every declaration needs its own name (names must be unique)")
  @JsonPropertyDescription(
      "Secrets and ConfigMaps that travel with each instance: down (what the service operator"
          + " reads from the instance's namespace) and up (what it writes for the consumer)."
          + " Absent: only the connection Secret named in status.connectionSecretRef travels. Copied from the CatalogEntrySet.")
  private List<RelatedResource> relatedResources;

  @JsonPropertyDescription(
      "Which tenant labels and annotations pass to the service object; absent: all but"
          + " KubeCarrier's own. Copied from the CatalogEntrySet.")
  private MetadataPropagation propagateMetadata;

  public DisplayMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DisplayMetadata metadata) {
    this.metadata = metadata;
  }

  public ObjectReference getCatalogEntrySet() {
    return catalogEntrySet;
  }

  public void setCatalogEntrySet(ObjectReference catalogEntrySet) {
    this.catalogEntrySet = catalogEntrySet;
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
    CatalogEntrySpec that = (CatalogEntrySpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(catalogEntrySet, that.catalogEntrySet)
        && Objects.equals(tenantCrd, that.tenantCrd)
        && Objects.equals(derive, that.derive)
        && Objects.equals(relatedResources, that.relatedResources)
        && Objects.equals(propagateMetadata, that.propagateMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        metadata, catalogEntrySet, tenantCrd, derive, relatedResources, propagateMetadata);
  }
}
