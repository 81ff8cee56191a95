package io.kubecarrier.api.catalogentryset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.ObjectReference;
import java.util.Objects;

/** Which CRD to discover in which service clusters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"crd", "serviceClusterSelector", "kindOverride"})
public class CatalogEntrySetDiscover {

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.discover.crd is immutable: delete and recreate the "
              + "CatalogEntrySet to change it")
  @ValidationRule(
      value =
          "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)+$')",
      message =
          "spec.discover.crd.name must be the name of a CustomResourceDefinition,"
              + " <plural>.<group>, for example 'redis.example.com'")
  @JsonPropertyDescription("The service CRD to offer, by name (<plural>.<group>).")
  private ObjectReference crd;

  @JsonPropertyDescription(
      "Selects the ServiceClusters (in the same namespace) to discover the "
          + "CRD in; each becomes a region of the offering. Empty or absent selects"
          + " all.")
  private LabelSelector serviceClusterSelector;

  @Size(max = 63)
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  @JsonPropertyDescription(
      "Kind of the tenant CRD instead of the service CRD kind (KubeCarrier "
          + "field; spec.tenantCRD.kind is the same and preferred).")
  private String kindOverride;

  public ObjectReference getCrd() {
    return crd;
  }

  public void setCrd(ObjectReference crd) {
    this.crd = crd;
  }

  public LabelSelector getServiceClusterSelector() {
    return serviceClusterSelector;
  }

  public void setServiceClusterSelector(LabelSelector serviceClusterSelector) {
    this.serviceClusterSelector = serviceClusterSelector;
  }

  public String getKindOverride() {
    return kindOverride;
  }

  public void setKindOverride(String kindOverride) {
    this.kindOverride = kindOverride;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    CatalogEntrySetDiscover that = (CatalogEntrySetDiscover) o;
    return Objects.equals(crd, that.crd)
        && Objects.equals(serviceClusterSelector, that.serviceClusterSelector)
        && Objects.equals(kindOverride, that.kindOverride);
  }

  @Override
  public int hashCode() {
    return Objects.hash(crd, serviceClusterSelector, kindOverride);
  }
}
