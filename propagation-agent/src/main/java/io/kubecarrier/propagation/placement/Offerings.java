package io.kubecarrier.propagation.placement;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.propagation.kinds.OfferedKind;
import java.util.List;
import java.util.Map;

/**
 * Whether an instance's kind and region are still offered to its namespace, from the Offering the
 * catalog operator publishes there (named after the tenant CRD; labelled {@code
 * kubecarrier.io/withdrawn} when withdrawn but kept for existing instances) and the regions of the
 * CatalogEntry. Withdrawal never stops an instance that runs: it is reported in the condition
 * {@code Offered}, and only an instance that was never placed is not placed any more.
 */
public final class Offerings {

  private Offerings() {}

  /** The name of the Offering of {@code kind}: the tenant CRD's name. */
  public static String name(OfferedKind kind) {
    return kind.tenant().plural() + "." + kind.tenant().group();
  }

  /** Whether the Offering says the kind is withdrawn from its namespace. */
  public static boolean withdrawn(Offering offering) {
    Map<String, String> labels = offering == null ? null : offering.getMetadata().getLabels();
    return labels != null && Labels.WITHDRAWN_TRUE.equals(labels.get(Labels.WITHDRAWN));
  }

  /**
   * Why a new instance (never placed) may not be placed in {@code region}, or null: the Offering is
   * withdrawn. No Offering at all is not a refusal (the admission policy decides who may create; an
   * instance made by an admin or adopted may have none).
   */
  public static String refusal(OfferedKind kind, Offering offering, String namespace) {
    if (withdrawn(offering)) {
      return kind.kind()
          + " is withdrawn from namespace "
          + namespace
          + " by provider "
          + kind.entryNamespace()
          + ": this instance was never placed and is not placed now; delete it";
    }
    return null;
  }

  /** The condition {@code Offered} of an instance placed in {@code region}. */
  public static Condition condition(
      OfferedKind kind, GenericKubernetesResource tenant, Offering offering, String region) {
    Long generation = tenant.getMetadata().getGeneration();
    String ns = tenant.getMetadata().getNamespace();
    Condition c;
    List<String> differences = kind.regionDifferences().get(region);
    if (!kind.regions().contains(region) && differences != null) {
      c =
          Condition.ofFalse(
              ConditionTypes.OFFERED,
              Reasons.CRD_MISMATCH,
              "region "
                  + region
                  + " is left out of "
                  + kind.kind()
                  + " for new instances: its service CRD cannot be combined with the offered"
                  + " regions' ("
                  + String.join("; ", differences)
                  + "); this instance keeps running there and its changes are applied while"
                  + " the service cluster's API server accepts them");
    } else if (!kind.regions().contains(region)) {
      c =
          Condition.ofFalse(
              ConditionTypes.OFFERED,
              Reasons.WITHDRAWN,
              "region "
                  + region
                  + " is no longer offered for "
                  + kind.kind()
                  + ": this instance keeps running and syncing there; new instances cannot use"
                  + " it");
    } else if (offering == null) {
      c =
          Condition.ofFalse(
              ConditionTypes.OFFERED,
              Reasons.NOT_OFFERED,
              "there is no Offering " + name(kind) + " in namespace " + ns);
    } else if (withdrawn(offering)) {
      c =
          Condition.ofFalse(
              ConditionTypes.OFFERED,
              Reasons.WITHDRAWN,
              "provider "
                  + kind.entryNamespace()
                  + " withdrew "
                  + kind.kind()
                  + " from namespace "
                  + ns
                  + ": this instance keeps running and syncing; new ones cannot be created");
    } else {
      c =
          Condition.ofTrue(
              ConditionTypes.OFFERED,
              Reasons.OFFERED,
              kind.kind() + " is offered by " + kind.entryNamespace() + " in region " + region);
    }
    return c.withObservedGeneration(generation);
  }
}
