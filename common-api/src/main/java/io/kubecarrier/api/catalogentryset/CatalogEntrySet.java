package io.kubecarrier.api.catalogentryset;

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
 * A provider's wish to offer one CRD of its service clusters. The catalog operator discovers the
 * CRD in the selected clusters and makes a CatalogEntry of it.
 */
@Group(CatalogEntrySet.GROUP)
@Version(CatalogEntrySet.VERSION)
@Kind(CatalogEntrySet.KIND)
@Plural(CatalogEntrySet.PLURAL)
@ShortNames(CatalogEntrySet.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A CatalogEntrySet names a CRD of the provider's service clusters to "
            + "offer to tenants. The catalog operator discovers it in the selected "
            + "service clusters and creates a CatalogEntry with one tenant-facing "
            + "CRD."
            + "\"}")
@AdditionalPrinterColumn(name = "CRD", jsonPath = ".spec.discover.crd.name")
@AdditionalPrinterColumn(name = "Entry", jsonPath = ".status.entry")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class CatalogEntrySet extends CustomResource<CatalogEntrySetSpec, CatalogEntrySetStatus>
    implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "CatalogEntrySet";
  public static final String PLURAL = "catalogentrysets";
  public static final String SHORT_NAME = "ces";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription(
      "Desired state of the set: the CRD to offer, from which clusters, and "
          + "how tenants see it.")
  public CatalogEntrySetSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the set, written by the catalog operator.")
  public CatalogEntrySetStatus getStatus() {
    return super.getStatus();
  }
}
