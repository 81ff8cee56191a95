package io.kubecarrier.api.provider;

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
 * A provider whose services a tenant can use, in the tenant namespace; named after the provider
 * account. A read model written by the catalog operator.
 */
@Group(Provider.GROUP)
@Version(Provider.VERSION)
@Kind(Provider.KIND)
@Plural(Provider.PLURAL)
@ShortNames(Provider.SHORT_NAME)
@Categories({io.kubecarrier.api.common.Categories.ALL, io.kubecarrier.api.common.Categories.TENANT})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "A Provider describes an account that offers services to you. It has "
            + "the name of the provider account. Read-only, written by the catalog "
            + "operator."
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
public class Provider extends CustomResource<ProviderSpec, ProviderStatus> implements Namespaced {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Provider";
  public static final String PLURAL = "providers";
  public static final String SHORT_NAME = "prov";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @JsonPropertyDescription("Description of the provider.")
  public ProviderSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the provider, written by the catalog operator.")
  public ProviderStatus getStatus() {
    return super.getStatus();
  }
}
