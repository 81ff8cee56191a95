package io.kubecarrier.api.serviceclusterassignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubecarrier.api.common.ObjectReference;
import java.util.Objects;

/** Desired state of a {@link ServiceClusterAssignment}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"serviceCluster", "managementNamespace"})
public class ServiceClusterAssignmentSpec {

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.serviceCluster is immutable: delete and recreate the "
              + "ServiceClusterAssignment to change it")
  @ValidationRule(
      value = "size(self.name) <= 63 && " + "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
      message =
          "spec.serviceCluster.name must be a DNS-1123 label (a ServiceCluster "
              + "name): at most 63 characters of a-z, 0-9 and '-', starting and ending "
              + "with a letter or digit, for example 'eu-west-1'")
  @JsonPropertyDescription("The ServiceCluster (in the same namespace) to create the namespace in.")
  private ObjectReference serviceCluster;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.managementNamespace is immutable: delete and recreate the "
              + "ServiceClusterAssignment to change it")
  @ValidationRule(
      value = "size(self.name) <= 63 && " + "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
      message =
          "spec.managementNamespace.name must be a DNS-1123 label (a namespace "
              + "name): at most 63 characters of a-z, 0-9 and '-', starting and ending "
              + "with a letter or digit, for example 'team-a'")
  @JsonPropertyDescription(
      "The namespace in the management cluster whose instances go into the "
          + "service cluster namespace.")
  private ObjectReference managementNamespace;

  public ObjectReference getServiceCluster() {
    return serviceCluster;
  }

  public void setServiceCluster(ObjectReference serviceCluster) {
    this.serviceCluster = serviceCluster;
  }

  public ObjectReference getManagementNamespace() {
    return managementNamespace;
  }

  public void setManagementNamespace(ObjectReference managementNamespace) {
    this.managementNamespace = managementNamespace;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ServiceClusterAssignmentSpec that = (ServiceClusterAssignmentSpec) o;
    return Objects.equals(serviceCluster, that.serviceCluster)
        && Objects.equals(managementNamespace, that.managementNamespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serviceCluster, managementNamespace);
  }
}
