package io.kubecarrier.api.serviceclusterassignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubecarrier.api.common.KubeCarrierStatus;
import io.kubecarrier.api.common.ObjectReference;
import java.util.Objects;

/**
 * Observed state of a {@link ServiceClusterAssignment}, written by the cluster registry.
 * Conditions: Ready, NamespaceCreated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceClusterAssignmentStatus extends KubeCarrierStatus {

  @JsonPropertyDescription(
      "The namespace in the service cluster that holds the instances this provider serves "
          + "to the management namespace: kc-<provider>-<namespace> (hashed when too long), or "
          + "the next deterministic alternative when a namespace of that name is not ours. "
          + "Kept as long as that namespace is ours.")
  private ObjectReference serviceClusterNamespace;

  public ObjectReference getServiceClusterNamespace() {
    return serviceClusterNamespace;
  }

  public void setServiceClusterNamespace(ObjectReference serviceClusterNamespace) {
    this.serviceClusterNamespace = serviceClusterNamespace;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    ServiceClusterAssignmentStatus that = (ServiceClusterAssignmentStatus) o;
    return Objects.equals(serviceClusterNamespace, that.serviceClusterNamespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), serviceClusterNamespace);
  }
}
