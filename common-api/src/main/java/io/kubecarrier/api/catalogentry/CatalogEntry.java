package io.kubecarrier.api.catalogentry;

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
 * One offered kind of a provider: owns the tenant-facing CRD. Made by the catalog operator from a
 * CatalogEntrySet; the propagation agent reads its status.
 */
@Group(CatalogEntry.GROUP)
@Version(CatalogEntry.VERSION)
@Kind(CatalogEntry.KIND)
@Plural(CatalogEntry.PLURAL)
@ShortNames(CatalogEntry.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A CatalogEntry is one kind that a provider offers. The catalog "
            + "operator creates it from a CatalogEntrySet, owns the tenant-facing CRD"
            + " and records in status what the propagation agent needs."
            + "\"}")
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".status.tenantCRD.kind")
@AdditionalPrinterColumn(name = "Tenant CRD", jsonPath = ".status.tenantCRD.name")
@AdditionalPrinterColumn(name = "Service CRD", jsonPath = ".status.serviceCRD.name", priority = 1)
@AdditionalPrinterColumn(name = "Regions", jsonPath = ".status.regions")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class CatalogEntry extends CustomResource<CatalogEntrySpec, CatalogEntryStatus>
    implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "CatalogEntry";
  public static final String PLURAL = "catalogentries";
  public static final String SHORT_NAME = "ce";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("Desired state of the entry, copied from its CatalogEntrySet.")
  public CatalogEntrySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the entry, written by the catalog operator.")
  public CatalogEntryStatus getStatus() {
    return super.getStatus();
  }
}
