package io.kubecarrier.api.region;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.ServiceClusterMetadata;
import java.util.Objects;

/** Data of a {@link Region}, written by the catalog operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metadata", "provider", "serviceCluster"})
public class RegionSpec {

  @JsonPropertyDescription("Texts that describe the region, from its ServiceCluster.")
  private ServiceClusterMetadata metadata;

  @Required
  @JsonPropertyDescription("The provider account the region belongs to.")
  private ObjectReference provider;

  @Required
  @JsonPropertyDescription(
      "The ServiceCluster (in the provider namespace) behind the region. Its "
          + "name is the value of the label kubecarrier.io/region on instances.")
  private ObjectReference serviceCluster;

  public ServiceClusterMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(ServiceClusterMetadata metadata) {
    this.metadata = metadata;
  }

  public ObjectReference getProvider() {
    return provider;
  }

  public void setProvider(ObjectReference provider) {
    this.provider = provider;
  }

  public ObjectReference getServiceCluster() {
    return serviceCluster;
  }

  public void setServiceCluster(ObjectReference serviceCluster) {
    this.serviceCluster = serviceCluster;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    RegionSpec that = (RegionSpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(provider, that.provider)
        && Objects.equals(serviceCluster, that.serviceCluster);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, provider, serviceCluster);
  }
}
