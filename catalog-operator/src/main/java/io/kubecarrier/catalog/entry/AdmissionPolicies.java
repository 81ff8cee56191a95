package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.catalog.support.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The admission rule for instances of a tenant CRD (a ValidatingAdmissionPolicy and its binding,
 * both named {@code kubecarrier-region.<tenant CRD>}): the label {@code kubecarrier.io/region} must
 * name one of the entry's regions, may be left out when there is exactly one, and cannot change
 * once set. Adding the label later to an object that had none is allowed (with a valid region), so
 * that an instance created in a one-region offering can be pinned when a second region appears.
 * Only CREATE and UPDATE of the main resource are checked: status writes and the removal of
 * finalizers are never blocked, even after a region is gone.
 */
public final class AdmissionPolicies {

  /** Prefix of the policy and binding names. */
  public static final String PREFIX = "kubecarrier-region.";

  private static final String LABEL = Labels.REGION;
  private static final String HAS_NEW =
      "(has(object.metadata.labels) && '" + LABEL + "' in object.metadata.labels)";
  private static final String HAS_OLD =
      "(has(oldObject.metadata.labels) && '" + LABEL + "' in oldObject.metadata.labels)";
  private static final String NEW = "object.metadata.labels['" + LABEL + "']";
  private static final String OLD = "oldObject.metadata.labels['" + LABEL + "']";

  private AdmissionPolicies() {}

  /** Name of the policy and of its binding for a tenant CRD. */
  public static String name(String tenantCrdName) {
    String name = PREFIX + tenantCrdName;
    return name.length() <= Names.DNS_SUBDOMAIN_MAX_LENGTH
        ? name
        : PREFIX + Names.hash(tenantCrdName) + "." + tenantCrdName.substring(0, 200);
  }

  /** The policy for {@code tenant} with {@code regions} (service cluster names). */
  public static ValidatingAdmissionPolicy policy(
      CatalogEntry entry, CrdInformation tenant, List<String> regions) {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata()
        .withName(name(tenant.getName()))
        .withLabels(labels(entry))
        .addToAnnotations(Annotations.SOURCE, Ownership.ref(entry))
        .endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(tenant.getGroup())
        .withApiVersions("*")
        .withResources(tenant.getPlural())
        .withOperations("CREATE", "UPDATE")
        .endResourceRule()
        .endMatchConstraints()
        .withValidations(validations(tenant, regions))
        .endSpec()
        .build();
  }

  /** The binding that enforces the policy (Deny) everywhere. */
  public static ValidatingAdmissionPolicyBinding binding(
      CatalogEntry entry, CrdInformation tenant) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withNewMetadata()
        .withName(name(tenant.getName()))
        .withLabels(labels(entry))
        .addToAnnotations(Annotations.SOURCE, Ownership.ref(entry))
        .endMetadata()
        .withNewSpec()
        .withPolicyName(name(tenant.getName()))
        .withValidationActions("Deny")
        .endSpec()
        .build();
  }

  static List<Validation> validations(CrdInformation tenant, List<String> regions) {
    String offering = tenant.getName();
    String allowed = String.join(", ", regions);
    String list =
        regions.stream().map(r -> "'" + r + "'").collect(Collectors.joining(", ", "[", "]"));
    List<Validation> out = new ArrayList<>();
    if (regions.isEmpty()) {
      out.add(
          new ValidationBuilder()
              .withExpression("request.operation != 'CREATE'")
              .withMessage(
                  "offering "
                      + offering
                      + " has no region available at the moment; ask the provider or try later")
              .withReason("Invalid")
              .build());
      return out;
    }
    out.add(
        new ValidationBuilder()
            .withExpression(
                "!"
                    + HAS_NEW
                    + " || (request.operation == 'UPDATE' && "
                    + HAS_OLD
                    + ") || "
                    + NEW
                    + " in "
                    + list)
            .withMessageExpression(
                "'label "
                    + LABEL
                    + ": \\'' + "
                    + NEW
                    + " + '\\' is not a region of offering "
                    + offering
                    + "; use one of: "
                    + allowed
                    + "'")
            .withReason("Invalid")
            .build());
    if (regions.size() > 1) {
      out.add(
          new ValidationBuilder()
              .withExpression("request.operation != 'CREATE' || " + HAS_NEW)
              .withMessage(
                  "label "
                      + LABEL
                      + " is required: offering "
                      + offering
                      + " has several regions; set it to one of: "
                      + allowed)
              .withReason("Invalid")
              .build());
    }
    out.add(
        new ValidationBuilder()
            .withExpression(
                "request.operation != 'UPDATE' || !"
                    + HAS_OLD
                    + " || ("
                    + HAS_NEW
                    + " && "
                    + NEW
                    + " == "
                    + OLD
                    + ")")
            .withMessageExpression(
                "'label "
                    + LABEL
                    + " is immutable: it was \\'' + "
                    + OLD
                    + " + '\\'; delete and recreate the object to move it to another region'")
            .withReason("Invalid")
            .build());
    return out;
  }

  private static Map<String, String> labels(CatalogEntry entry) {
    Map<String, String> labels = Ownership.labels(entry);
    labels.put(Labels.CATALOG_ENTRY, Names.labelValue(entry.getMetadata().getName()));
    labels.put(Labels.PROVIDER, entry.getMetadata().getNamespace());
    return labels;
  }
}
