package io.kubecarrier.api.customresourcediscovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubecarrier.api.common.ObjectReference;
import java.util.Objects;

/** Desired state of a {@link CustomResourceDiscovery}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"crd", "serviceCluster", "kindOverride"})
public class CustomResourceDiscoverySpec {

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.crd is immutable: delete and recreate the CustomResourceDiscovery"
              + " to change it")
  @ValidationRule(
      value =
          "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)+$')",
      message =
          "spec.crd.name must be the name of a CustomResourceDefinition, "
              + "<plural>.<group>, for example 'redis.example.com'")
  @JsonPropertyDescription(
      "The CustomResourceDefinition to discover, by name (<plural>.<group>), "
          + "in the service cluster.")
  private ObjectReference crd;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.serviceCluster is immutable: delete and recreate the "
              + "CustomResourceDiscovery to change it")
  @ValidationRule(
      value = "size(self.name) <= 63 && " + "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
      message =
          "spec.serviceCluster.name must be a DNS-1123 label (a ServiceCluster "
              + "name): at most 63 characters of a-z, 0-9 and '-', starting and ending "
              + "with a letter or digit, for example 'eu-west-1'")
  @JsonPropertyDescription("The ServiceCluster (in the same namespace) to look in.")
  private ObjectReference serviceCluster;

  @Size(max = 63)
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  @JsonPropertyDescription(
      "Kind to use for the tenant-facing CRD instead of the discovered kind; "
          + "copied from the CatalogEntrySet.")
  private String kindOverride;

  public ObjectReference getCrd() {
    return crd;
  }

  public void setCrd(ObjectReference crd) {
    this.crd = crd;
  }

  public ObjectReference getServiceCluster() {
    return serviceCluster;
  }

  public void setServiceCluster(ObjectReference serviceCluster) {
    this.serviceCluster = serviceCluster;
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
    CustomResourceDiscoverySpec that = (CustomResourceDiscoverySpec) o;
    return Objects.equals(crd, that.crd)
        && Objects.equals(serviceCluster, that.serviceCluster)
        && Objects.equals(kindOverride, that.kindOverride);
  }

  @Override
  public int hashCode() {
    return Objects.hash(crd, serviceCluster, kindOverride);
  }
}
