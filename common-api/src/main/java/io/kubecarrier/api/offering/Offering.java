package io.kubecarrier.api.offering;

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
 * A service offered to a tenant, in the tenant namespace; named after the tenant CRD. A read model
 * written by the catalog operator.
 */
@Group(Offering.GROUP)
@Version(Offering.VERSION)
@Kind(Offering.KIND)
@Plural(Offering.PLURAL)
@ShortNames(Offering.SHORT_NAME)
@Categories({io.kubecarrier.api.common.Categories.ALL, io.kubecarrier.api.common.Categories.TENANT})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "An Offering is a service a provider offers to you. It is named after "
            + "the CRD whose objects you create in your namespace to order the "
            + "service. Read-only, written by the catalog operator."
            + "\"}")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.metadata.displayName")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.provider.name")
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.crd.kind")
@AdditionalPrinterColumn(name = "Group", jsonPath = ".spec.crd.group", priority = 1)
@AdditionalPrinterColumn(name = "Regions", jsonPath = ".spec.regionList")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class Offering extends CustomResource<OfferingSpec, OfferingStatus> implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Offering";
  public static final String PLURAL = "offerings";
  public static final String SHORT_NAME = "offer";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("What is offered, by whom, and where.")
  public OfferingSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the offering, written by the catalog operator.")
  public OfferingStatus getStatus() {
    return super.getStatus();
  }
}
