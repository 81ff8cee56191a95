package io.kubecarrier.api.customresourcediscovery;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
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
 * Fetches a CRD from one service cluster into its status. Requested by the catalog operator for a
 * CatalogEntrySet, fulfilled by the cluster registry.
 */
@Group(CustomResourceDiscovery.GROUP)
@Version(CustomResourceDiscovery.VERSION)
@Kind(CustomResourceDiscovery.KIND)
@Plural(CustomResourceDiscovery.PLURAL)
@ShortNames(CustomResourceDiscovery.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A CustomResourceDiscovery fetches a CustomResourceDefinition from one "
            + "service cluster and records it in its status, for the catalog "
            + "operator."
            + "\"}")
@AdditionalPrinterColumn(name = "CRD", jsonPath = ".spec.crd.name")
@AdditionalPrinterColumn(name = "Service Cluster", jsonPath = ".spec.serviceCluster.name")
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".status.crd.kind")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class CustomResourceDiscovery
    extends CustomResource<CustomResourceDiscoverySpec, CustomResourceDiscoveryStatus>
    implements Namespaced {

  public static final String GROUP = ApiGroups.CORE;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "CustomResourceDiscovery";
  public static final String PLURAL = "customresourcediscoveries";
  public static final String SHORT_NAME = "crdisc";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("Desired state of the discovery: which CRD in which service cluster.")
  public CustomResourceDiscoverySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the discovery, written by the cluster registry.")
  public CustomResourceDiscoveryStatus getStatus() {
    return super.getStatus();
  }
}
