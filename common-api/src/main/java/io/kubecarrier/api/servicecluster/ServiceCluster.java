package io.kubecarrier.api.servicecluster;

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
 * A Kubernetes cluster, registered by a provider, that runs the real service operators. The cluster
 * registry checks that it is reachable and records its version.
 */
@Group(ServiceCluster.GROUP)
@Version(ServiceCluster.VERSION)
@Kind(ServiceCluster.KIND)
@Plural(ServiceCluster.PLURAL)
@ShortNames(ServiceCluster.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A ServiceCluster is a Kubernetes cluster of a provider that runs the "
            + "real service operators. The cluster registry connects to it with the "
            + "kubeconfig Secret, sends heartbeats and records its Kubernetes "
            + "version."
            + "\"}")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.metadata.displayName")
@AdditionalPrinterColumn(name = "Kubernetes Version", jsonPath = ".status.kubernetesVersion")
@AdditionalPrinterColumn(
    name = "Reachable",
    jsonPath = ".status.conditions[?(@.type==\"ServiceClusterReachable\")].status")
@AdditionalPrinterColumn(
    name = "Last Heartbeat",
    jsonPath = ".status.lastHeartbeatTime",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1)
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
        "size(self.metadata.name) <= 63 && "
            + "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must be a DNS-1123 label because it becomes part of "
            + "Region and ServiceClusterAssignment names: at most 63 characters of "
            + "a-z, 0-9 and '-', starting and ending with a letter or digit, for "
            + "example 'eu-west-1'")
public class ServiceCluster extends CustomResource<ServiceClusterSpec, ServiceClusterStatus>
    implements Namespaced {

  public static final String GROUP = ApiGroups.CORE;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "ServiceCluster";
  public static final String PLURAL = "serviceclusters";
  public static final String SHORT_NAME = "svcc";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("Desired state of the service cluster: how to connect to it.")
  public ServiceClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Observed state of the service cluster, written by the cluster " + "registry.")
  public ServiceClusterStatus getStatus() {
    return super.getStatus();
  }
}
