package io.kubecarrier.api.tenant;

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
 * A tenant account as a provider sees it, in the provider namespace; named after the tenant
 * account. Catalogs select Tenants to publish to. A read model written by the account operator.
 */
@Group(Tenant.GROUP)
@Version(Tenant.VERSION)
@Kind(Tenant.KIND)
@Plural(Tenant.PLURAL)
@ShortNames(Tenant.SHORT_NAME)
@Categories({
  io.kubecarrier.api.common.Categories.ALL,
  io.kubecarrier.api.common.Categories.PROVIDER
})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A Tenant is a tenant account as a provider sees it, named after the "
            + "account. Catalogs select Tenants to publish offerings to. Read-only, "
            + "written by the account operator."
            + "\"}")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.metadata.displayName")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    getDescription = "Status of the Ready condition.")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class Tenant extends CustomResource<TenantSpec, TenantStatus> implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Tenant";
  public static final String PLURAL = "tenants";
  public static final String SHORT_NAME = "tnt";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @JsonPropertyDescription("Description of the tenant.")
  public TenantSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the tenant, written by the account operator.")
  public TenantStatus getStatus() {
    return super.getStatus();
  }
}
