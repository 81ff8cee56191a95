package io.kubecarrier.registry.discovery;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Instant;

/**
 * The statuses of a CustomResourceDiscovery, each built from the previous one so that {@code
 * lastTransitionTime} moves only on real changes. Pure, tested on its own.
 */
public final class DiscoveryStatus {

  private DiscoveryStatus() {}

  /** The CRD was found and is established: {@code Discovered=True}, {@code Ready=True}. */
  public static CustomResourceDiscoveryStatus discovered(
      CustomResourceDiscovery d, DiscoveredCrd crd, Instant now) {
    CustomResourceDiscoveryStatus s = start(d);
    s.setCrd(crd);
    String message =
        "Found CRD "
            + crdName(d)
            + " ("
            + crd.getKind()
            + ", storage version "
            + crd.getStorageVersion()
            + ") in service cluster "
            + d.getSpec().getServiceCluster().getName()
            + ".";
    set(s, d, Condition.ofTrue(ConditionTypes.DISCOVERED, Reasons.CRD_DISCOVERED, message), now);
    set(s, d, Condition.ofTrue(ConditionTypes.READY, Reasons.READY, message), now);
    return s;
  }

  /**
   * The CRD is absent ({@link Reasons#CRD_NOT_FOUND}) or not established ({@link
   * Reasons#CRD_NOT_ESTABLISHED}): {@code Discovered=False}, {@code Ready=False}, no {@code crd}.
   */
  public static CustomResourceDiscoveryStatus missing(
      CustomResourceDiscovery d, String reason, String retryHint, Instant now) {
    CustomResourceDiscoveryStatus s = start(d);
    s.setCrd(null);
    String what =
        Reasons.CRD_NOT_FOUND.equals(reason)
            ? "does not exist"
            : "exists but is not established (its names may conflict with another CRD)";
    String message =
        "CRD "
            + crdName(d)
            + " "
            + what
            + " in service cluster "
            + d.getSpec().getServiceCluster().getName()
            + ". Install it there, or fix spec.crd.name; "
            + retryHint;
    set(s, d, Condition.ofFalse(ConditionTypes.DISCOVERED, reason, message), now);
    set(s, d, Condition.ofFalse(ConditionTypes.READY, reason, message), now);
    return s;
  }

  /**
   * The service cluster cannot be asked now: {@code Ready=False} with the reason; what was
   * discovered before stays (marked by {@code Discovered}, {@code Unknown} if nothing was).
   */
  public static CustomResourceDiscoveryStatus blocked(
      CustomResourceDiscovery d, String reason, String message, Instant now) {
    CustomResourceDiscoveryStatus s = start(d);
    if (s.getCondition(ConditionTypes.DISCOVERED).isEmpty()) {
      set(s, d, Condition.ofUnknown(ConditionTypes.DISCOVERED, reason, message), now);
    }
    set(s, d, Condition.ofFalse(ConditionTypes.READY, reason, message), now);
    return s;
  }

  private static CustomResourceDiscoveryStatus start(CustomResourceDiscovery d) {
    CustomResourceDiscoveryStatus s =
        d.getStatus() == null
            ? new CustomResourceDiscoveryStatus()
            : StatusPatches.copy(d.getStatus());
    s.setObservedGeneration(d.getMetadata().getGeneration());
    return s;
  }

  private static void set(
      CustomResourceDiscoveryStatus s, CustomResourceDiscovery d, Condition c, Instant now) {
    s.setCondition(c.withObservedGeneration(d.getMetadata().getGeneration()), now);
  }

  private static String crdName(CustomResourceDiscovery d) {
    return d.getSpec().getCrd().getName();
  }
}
