package io.kubecarrier.api.serviceclusterassignment;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.kubecarrier.api.common.ApiGroups;
import io.kubecarrier.api.common.PrinterColumns;

/**
 * Gives a management namespace a namespace in a service cluster. Requested by the catalog operator,
 * fulfilled by the cluster registry. Named {@code <managementNamespace>.<serviceCluster>}.
 */
@Group(ServiceClusterAssignment.GROUP)
@Version(ServiceClusterAssignment.VERSION)
@Kind(ServiceClusterAssignment.KIND)
@Plural(ServiceClusterAssignment.PLURAL)
@ShortNames(ServiceClusterAssignment.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A ServiceClusterAssignment gives a namespace of the management cluster"
            + " a namespace in a service cluster, where the propagation agent puts "
            + "the instances. It must be named "
            + "<spec.managementNamespace.name>.<spec.serviceCluster.name>."
            + "\"}")
@AdditionalPrinterColumn(name = "Service Cluster", jsonPath = ".spec.serviceCluster.name")
@AdditionalPrinterColumn(name = "Management Namespace", jsonPath = ".spec.managementNamespace.name")
@AdditionalPrinterColumn(
    name = "Service Namespace",
    jsonPath = ".status.serviceClusterNamespace.name")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value =
        "self.metadata.name == self.spec.managementNamespace.name + '.' + "
            + "self.spec.serviceCluster.name",
    message =
        "metadata.name must be "
            + "<spec.managementNamespace.name>.<spec.serviceCluster.name>, for "
            + "example 'team-a.eu-west-1': rename the object or fix the references")
public class ServiceClusterAssignment
    extends CustomResource<ServiceClusterAssignmentSpec, ServiceClusterAssignmentStatus>
    implements Namespaced {

  public static final String GROUP = ApiGroups.CORE;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "ServiceClusterAssignment";
  public static final String PLURAL = "serviceclusterassignments";
  public static final String SHORT_NAME = "sca";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription(
      "Desired state of the assignment: which management namespace goes to "
          + "which service cluster.")
  public ServiceClusterAssignmentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the assignment, written by the cluster registry.")
  public ServiceClusterAssignmentStatus getStatus() {
    return super.getStatus();
  }
}
