package io.kubecarrier.api.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
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
 * Publishes CatalogEntries of a provider to tenants: the catalog operator creates Offerings,
 * Providers and Regions in the tenant namespaces and gives the tenants access.
 */
@Group(Catalog.GROUP)
@Version(Catalog.VERSION)
@Kind(Catalog.KIND)
@Plural(Catalog.PLURAL)
@ShortNames(Catalog.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A Catalog publishes CatalogEntries of a provider to tenants: the "
            + "catalog operator creates an Offering per entry, a Provider and the "
            + "Regions in each selected tenant namespace and gives the tenants "
            + "access."
            + "\"}")
@AdditionalPrinterColumn(name = "Entries", jsonPath = ".status.entryList")
@AdditionalPrinterColumn(name = "Tenants", jsonPath = ".status.tenantList")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class Catalog extends CustomResource<CatalogSpec, CatalogStatus> implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Catalog";
  public static final String PLURAL = "catalogs";
  public static final String SHORT_NAME = "ctlg";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @JsonPropertyDescription("Desired state of the catalog: what to publish to whom.")
  public CatalogSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the catalog, written by the catalog operator.")
  public CatalogStatus getStatus() {
    return super.getStatus();
  }
}
