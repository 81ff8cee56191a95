package io.kubecarrier.api.account;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
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
 * A party of the hub: a service provider, a tenant, or both. Cluster-scoped; the account operator
 * creates a namespace of the same name and binds the subjects in it.
 */
@Group(Account.GROUP)
@Version(Account.VERSION)
@Kind(Account.KIND)
@Plural(Account.PLURAL)
@ShortNames(Account.SHORT_NAME)
@Categories({io.kubecarrier.api.common.Categories.ALL, io.kubecarrier.api.common.Categories.ADMIN})
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \""
            + "An Account is a party of the hub: a service provider, a tenant, or "
            + "both. The account operator creates a namespace with the name of the "
            + "account and gives the subjects the permissions of the roles in it."
            + "\"}")
@AdditionalPrinterColumn(name = "Roles", jsonPath = ".spec.roles")
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace.name")
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
        "metadata.name must be a DNS-1123 label because it becomes the "
            + "account's namespace: at most 63 characters of a-z, 0-9 and '-', "
            + "starting and ending with a letter or digit, for example 'example-corp'")
public class Account extends CustomResource<AccountSpec, AccountStatus> {

  public static final String GROUP = ApiGroups.CATALOG;
  public static final String VERSION = ApiGroups.V1ALPHA1;
  public static final String KIND = "Account";
  public static final String PLURAL = "accounts";
  public static final String SHORT_NAME = "acct";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** {@code <group>/<version>}, the apiVersion of objects of this kind. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  @Required
  @JsonPropertyDescription("Desired state of the account: its roles and who acts for it.")
  public AccountSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the account, written by the account operator.")
  public AccountStatus getStatus() {
    return super.getStatus();
  }
}
