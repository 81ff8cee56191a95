package io.kubecarrier.api.region;

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
 * A service cluster of a provider as a tenant sees it, in the tenant namespace; named {@code
 * <serviceCluster>.<provider>}. A read model written by the catalog operator.
 */
@Group(Region.GROUP)
@Version(Region.VERSION)
@Kind(Region.KIND)
@Plural(Region.PLURAL)
@ShortNames(Region.SHORT_NAME)
@Categories({io.kubecarrier.api.common.Categories.ALL, io.kubecarrier.api.common.Categories.TENANT})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A Region is a service cluster of a provider where your instances can "
            + "run. It is named <serviceCluster>.<provider>; put the service cluster "
            + "name in the label kubecarrier.io/region of an instance to choose it. "
            + "Read-only, written by the catalog operator."
            + "\"}")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.provider.name")
@AdditionalPrinterColumn(name = "Service Cluster", jsonPath = ".spec.serviceCluster.name")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.metadata.displayName")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class Region extends CustomResource<RegionSpec, RegionStatus> implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Region";
  public static final String PLURAL = "regions";
  public static final String SHORT_NAME = "rgn";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("Description of the region and where it comes from.")
  public RegionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the region, written by the catalog operator.")
  public RegionStatus getStatus() {
    return super.getStatus();
  }
}
