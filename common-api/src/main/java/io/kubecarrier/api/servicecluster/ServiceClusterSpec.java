package io.kubecarrier.api.servicecluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.ServiceClusterMetadata;
import java.util.Objects;

/** Desired state of a {@link ServiceCluster}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metadata", "kubeconfigSecret"})
public class ServiceClusterSpec {

  @JsonPropertyDescription(
      "Texts that describe the cluster to people; they are also shown on the "
          + "Region that tenants see.")
  private ServiceClusterMetadata metadata;

  @Required
  @JsonPropertyDescription(
      "Secret in the same namespace that holds the kubeconfig of the service "
          + "cluster under the key kubeconfig. The kubeconfig needs permission to "
          + "read CRDs and to manage namespaces and the offered resources.")
  private ObjectReference kubeconfigSecret;

  public ServiceClusterMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(ServiceClusterMetadata metadata) {
    this.metadata = metadata;
  }

  public ObjectReference getKubeconfigSecret() {
    return kubeconfigSecret;
  }

  public void setKubeconfigSecret(ObjectReference kubeconfigSecret) {
    this.kubeconfigSecret = kubeconfigSecret;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ServiceClusterSpec that = (ServiceClusterSpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(kubeconfigSecret, that.kubeconfigSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, kubeconfigSecret);
  }
}
