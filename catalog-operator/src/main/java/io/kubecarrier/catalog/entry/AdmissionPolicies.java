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
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Verbs;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The admission rules for instances of a tenant CRD (a ValidatingAdmissionPolicy and its binding,
 * both named {@code kubecarrier-region.<tenant CRD>}):
 *
 * <ul>
 *   <li>a CREATE needs the custom verb {@code order} on the tenant resource, which the Role of a
 *       published offering grants and the Role kept for a withdrawn one lacks (cluster admins and
 *       the propagation agent's adoption have it too): existing instances stay, new ones are
 *       refused once the offering is withdrawn;
 *   <li>setting, changing or removing the annotation {@code kubecarrier.io/orphan} needs the custom
 *       verb {@code orphan}, which tenant Roles never have (a platform decision);
 *   <li>every other {@code kubecarrier.io/} label, annotation and finalizer belongs to KubeCarrier:
 *       setting one on CREATE, or adding, changing or removing one on UPDATE, needs the custom verb
 *       {@code manage}, which the propagation agent has (its finalizer, the source annotation of
 *       adopted instances) and tenant Roles never have. A tenant so cannot remove the agent's
 *       finalizer, which would leave the instance's copy behind in the provider's service cluster,
 *       nor forge the keys the hub reads;
 *   <li>the label {@code kubecarrier.io/region} must name one of the entry's regions on CREATE, may
 *       be left out when there is exactly one, and cannot change once set. Adding it later to an
 *       instance that had none is allowed only with the region the instance already runs in ({@code
 *       status.kubecarrier.serviceCluster}), or, before it is placed, with an offered region.
 * </ul>
 *
 * Only CREATE and UPDATE of the main resource are checked: DELETE and status writes are never
 * blocked, unchanged keys always pass (an unchanged region label even after its region is gone),
 * and the agent's removal of its finalizer during a deletion passes (it holds {@code manage}).
 */
public final class AdmissionPolicies {

  /** Prefix of the policy and binding names. */
  public static final String PREFIX = "kubecarrier-region.";

  private static final String LABEL = Labels.REGION;
  static final String HAS_NEW =
      "(has(object.metadata.labels) && '" + LABEL + "' in object.metadata.labels)";
  private static final String HAS_OLD =
      "(has(oldObject.metadata.labels) && '" + LABEL + "' in oldObject.metadata.labels)";
  static final String NEW = "object.metadata.labels['" + LABEL + "']";
  private static final String OLD = "oldObject.metadata.labels['" + LABEL + "']";

  /** The region an instance runs in, as the propagation agent records it. */
  static final String PLACED_IN = "oldObject.status.kubecarrier.serviceCluster";

  /** Whether the old object is placed in a region (UPDATE only). */
  static final String PLACED =
      "(has(oldObject.status) && has(oldObject.status.kubecarrier) && has("
          + PLACED_IN
          + ") && "
          + PLACED_IN
          + " != '')";

  private static final String ORPHAN = Annotations.ORPHAN;
  private static final String HAS_NEW_ORPHAN =
      "(has(object.metadata.annotations) && '" + ORPHAN + "' in object.metadata.annotations)";
  private static final String HAS_OLD_ORPHAN =
      "(has(oldObject.metadata.annotations) && '" + ORPHAN + "' in oldObject.metadata.annotations)";
  private static final String NEW_ORPHAN = "object.metadata.annotations['" + ORPHAN + "']";
  private static final String OLD_ORPHAN = "oldObject.metadata.annotations['" + ORPHAN + "']";

  private static final String OURS = Labels.PREFIX;

  private AdmissionPolicies() {}

  /** Name of the policy and of its binding for a tenant CRD. */
  public static String name(String tenantCrdName) {
    String name = PREFIX + tenantCrdName;
    return name.length() <= Names.DNS_SUBDOMAIN_MAX_LENGTH
        ? name
        : PREFIX + Names.hash(tenantCrdName) + "." + tenantCrdName.substring(0, 200);
  }

  /**
   * The policy for {@code tenant} with {@code regions} (service cluster names) and the spec fields
   * only some regions know ({@code partial}: path to those regions).
   */
  public static ValidatingAdmissionPolicy policy(
      CatalogEntry entry,
      CrdInformation tenant,
      List<String> regions,
      Map<String, List<String>> partial) {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata()
        .withName(name(tenant.getName()))
        .withLabels(labels(entry))
        .addToAnnotations(Annotations.SOURCE, Metadata.ref(entry))
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
        .withValidations(validations(entry.getMetadata().getNamespace(), tenant, regions, partial))
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
        .addToAnnotations(Annotations.SOURCE, Metadata.ref(entry))
        .endMetadata()
        .withNewSpec()
        .withPolicyName(name(tenant.getName()))
        .withValidationActions("Deny")
        .endSpec()
        .build();
  }

  /**
   * The validations, most telling first (the API server reports the first that fails): the right to
   * order, the orphan annotation, then the region label.
   */
  static List<Validation> validations(
      String provider,
      CrdInformation tenant,
      List<String> regions,
      Map<String, List<String>> partial) {
    List<Validation> out = new ArrayList<>();
    out.add(order(provider, tenant));
    out.add(orphan());
    out.addAll(ours());
    out.addAll(region(tenant, regions));
    out.addAll(RegionFields.validations(regions, partial));
    return out;
  }

  /** CREATE needs the verb {@code order}: refused where the offering is withdrawn or absent. */
  static Validation order(String provider, CrdInformation tenant) {
    return new ValidationBuilder()
        .withExpression(
            "request.operation != 'CREATE' || authorizer.requestResource.check('"
                + Verbs.ORDER
                + "').allowed()")
        .withMessageExpression(
            "'"
                + tenant.getKind()
                + " of provider "
                + provider
                + " is not offered to namespace ' + request.namespace + ' (withdrawn or never"
                + " published): existing instances are kept; new ones cannot be created — see"
                + " kubectl get offerings'")
        .withReason("Forbidden")
        .build();
  }

  /** Setting, changing or removing the orphan annotation needs the verb {@code orphan}. */
  static Validation orphan() {
    String unchanged =
        "(request.operation == 'CREATE' ? !"
            + HAS_NEW_ORPHAN
            + " : ("
            + HAS_NEW_ORPHAN
            + " == "
            + HAS_OLD_ORPHAN
            + " && (!"
            + HAS_NEW_ORPHAN
            + " || "
            + NEW_ORPHAN
            + " == "
            + OLD_ORPHAN
            + ")))";
    return new ValidationBuilder()
        .withExpression(
            unchanged + " || authorizer.requestResource.check('" + Verbs.ORPHAN + "').allowed()")
        .withMessage(
            "annotation "
                + ORPHAN
                + " can only be set, changed or removed by a platform admin: orphaning leaves the"
                + " instance's objects behind in the provider's service cluster, which is a"
                + " platform decision")
        .withReason("Forbidden")
        .build();
  }

  /**
   * Our own {@code kubecarrier.io/} labels (all but the region label), annotations (all but the
   * orphan annotation) and finalizers: set on CREATE, or added, changed or removed on UPDATE, only
   * with the verb {@code manage}. One validation each, naming the keys in the message.
   */
  static List<Validation> ours() {
    return List.of(
        new ValidationBuilder()
            .withExpression(
                "(request.operation == 'CREATE' ? "
                    + noneOfOurs("labels", LABEL)
                    + " : "
                    + sameOfOurs("labels", LABEL)
                    + ") || "
                    + MAY_MANAGE)
            .withMessage("labels " + OURS + "… " + LABELS_TAIL)
            .withMessageExpression(
                "'label(s) ' + "
                    + changedOfOurs("labels", LABEL)
                    + " + ' "
                    + cel(LABELS_TAIL)
                    + "'")
            .withReason("Forbidden")
            .build(),
        new ValidationBuilder()
            .withExpression(
                "(request.operation == 'CREATE' ? "
                    + noneOfOurs("annotations", ORPHAN)
                    + " : "
                    + sameOfOurs("annotations", ORPHAN)
                    + ") || "
                    + MAY_MANAGE)
            .withMessage("annotations " + OURS + "… " + ANNOTATIONS_TAIL)
            .withMessageExpression(
                "'annotation(s) ' + "
                    + changedOfOurs("annotations", ORPHAN)
                    + " + ' "
                    + cel(ANNOTATIONS_TAIL)
                    + "'")
            .withReason("Forbidden")
            .build(),
        new ValidationBuilder()
            .withExpression(
                "(request.operation == 'CREATE' ? "
                    + noFinalizerOfOurs()
                    + " : "
                    + sameFinalizersOfOurs()
                    + ") || "
                    + MAY_MANAGE)
            .withMessage("finalizers " + OURS + "… " + FINALIZERS_TAIL)
            .withMessageExpression(
                "'finalizer(s) ' + "
                    + changedFinalizersOfOurs()
                    + " + ' "
                    + cel(FINALIZERS_TAIL)
                    + "'")
            .withReason("Forbidden")
            .build());
  }

  static final String MAY_MANAGE =
      "authorizer.requestResource.check('" + Verbs.MANAGE + "').allowed()";

  private static final String LABELS_TAIL =
      "can only be set, changed or removed by KubeCarrier: they tie the instance to its copy in"
          + " the provider's service cluster; leave them as they are (only "
          + LABEL
          + " is yours to set, see its rules)";

  private static final String ANNOTATIONS_TAIL =
      "can only be set, changed or removed by KubeCarrier: they tie the instance to its copy in"
          + " the provider's service cluster; leave them as they are";

  private static final String FINALIZERS_TAIL =
      "can only be added or removed by KubeCarrier: the hub removes "
          + Finalizers.PROPAGATION_AGENT
          + " itself once the instance's copy in the provider's service cluster is deleted,"
          + " and removing it by hand would leave that copy running there; wait for the deletion"
          + " to finish (the instance's status and events say what it waits for), and if the"
          + " service cluster is gone for good, a platform admin can let go of it (annotation "
          + Annotations.LET_GO
          + "=true on its ServiceCluster)";

  /** {@code text} escaped for a single-quoted CEL string. */
  private static String cel(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  /** Whether {@code key} (a CEL variable) is one of our keys of metadata's map, {@code mine}. */
  private static String isOurs(String key, String mine) {
    return "(" + key + ".startsWith('" + OURS + "') && " + key + " != '" + mine + "')";
  }

  /** CREATE: the map {@code field} of metadata has none of our keys (but {@code exempt}). */
  static String noneOfOurs(String field, String exempt) {
    String n = "object.metadata." + field;
    return "(!has(" + n + ") || " + n + ".all(k, !" + isOurs("k", exempt) + "))";
  }

  /** UPDATE: our keys (but {@code exempt}) of the map {@code field} are the same, values too. */
  static String sameOfOurs(String field, String exempt) {
    String n = "object.metadata." + field;
    String o = "oldObject.metadata." + field;
    return "((!has("
        + n
        + ") || "
        + n
        + ".all(k, !"
        + isOurs("k", exempt)
        + " || (has("
        + o
        + ") && k in "
        + o
        + " && "
        + o
        + "[k] == "
        + n
        + "[k]))) && (!has("
        + o
        + ") || "
        + o
        + ".all(k, !"
        + isOurs("k", exempt)
        + " || (has("
        + n
        + ") && k in "
        + n
        + "))))";
  }

  /** For the message: our keys (but {@code exempt}) of {@code field} set, changed or removed. */
  static String changedOfOurs(String field, String exempt) {
    String n = "object.metadata." + field;
    String o = "oldObject.metadata." + field;
    String added = "(has(" + n + ") ? " + n + ".filter(k, " + isOurs("k", exempt);
    return "(request.operation == 'CREATE' ? "
        + added
        + ") : []) : "
        + added
        + " && !(has("
        + o
        + ") && k in "
        + o
        + " && "
        + o
        + "[k] == "
        + n
        + "[k])) : []) + (has("
        + o
        + ") ? "
        + o
        + ".filter(k, "
        + isOurs("k", exempt)
        + " && !(has("
        + n
        + ") && k in "
        + n
        + ")) : [])).join(', ')";
  }

  private static final String NEW_FIN = "object.metadata.finalizers";
  private static final String OLD_FIN = "oldObject.metadata.finalizers";

  /** CREATE: none of our finalizers. */
  static String noFinalizerOfOurs() {
    return "(!has(" + NEW_FIN + ") || " + NEW_FIN + ".all(f, !f.startsWith('" + OURS + "')))";
  }

  /** UPDATE: our finalizers are the same (as sets). */
  static String sameFinalizersOfOurs() {
    return "((!has("
        + NEW_FIN
        + ") || "
        + NEW_FIN
        + ".all(f, !f.startsWith('"
        + OURS
        + "') || (has("
        + OLD_FIN
        + ") && f in "
        + OLD_FIN
        + "))) && (!has("
        + OLD_FIN
        + ") || "
        + OLD_FIN
        + ".all(f, !f.startsWith('"
        + OURS
        + "') || (has("
        + NEW_FIN
        + ") && f in "
        + NEW_FIN
        + "))))";
  }

  /** For the message: our finalizers added or removed. */
  static String changedFinalizersOfOurs() {
    String added = "(has(" + NEW_FIN + ") ? " + NEW_FIN + ".filter(f, f.startsWith('" + OURS + "')";
    return "(request.operation == 'CREATE' ? "
        + added
        + ") : []) : "
        + added
        + " && !(has("
        + OLD_FIN
        + ") && f in "
        + OLD_FIN
        + ")).map(f, f + ' (added)') : []) + (has("
        + OLD_FIN
        + ") ? "
        + OLD_FIN
        + ".filter(f, f.startsWith('"
        + OURS
        + "') && !(has("
        + NEW_FIN
        + ") && f in "
        + NEW_FIN
        + ")).map(f, f + ' (removed)') : [])).join(', ')";
  }

  /** The region label: offered on CREATE, required with several regions, pinned, immutable. */
  static List<Validation> region(CrdInformation tenant, List<String> regions) {
    String offering = tenant.getName();
    String allowed = regions.isEmpty() ? "none at the moment" : String.join(", ", regions);
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
    }
    // an offered region: on CREATE, and when added to an instance that is not placed yet
    out.add(
        new ValidationBuilder()
            .withExpression(
                "!"
                    + HAS_NEW
                    + " || (request.operation == 'UPDATE' && ("
                    + HAS_OLD
                    + " || "
                    + PLACED
                    + ")) || "
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
    // added to a placed instance: only the region it runs in
    out.add(
        new ValidationBuilder()
            .withExpression(
                "request.operation != 'UPDATE' || "
                    + HAS_OLD
                    + " || !"
                    + HAS_NEW
                    + " || !"
                    + PLACED
                    + " || "
                    + NEW
                    + " == "
                    + PLACED_IN)
            .withMessageExpression(
                "'label "
                    + LABEL
                    + " can only be added with the region the instance runs in: \\'' + "
                    + PLACED_IN
                    + " + '\\''")
            .withReason("Invalid")
            .build());
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
