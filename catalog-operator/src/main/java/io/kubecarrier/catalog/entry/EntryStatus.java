package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.catalogentry.RegionDifferences;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.catalog.InstanceCounter;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The status of a CatalogEntry: what the propagation agent needs (tenantCRD, serviceCRD,
 * exposedPaths, regions) and the conditions Established, CRDsCompatible, Ready and Withdrawn.
 */
public final class EntryStatus {

  /** Reasons of conditions that wait for something that comes by itself: no Warning for them. */
  private static final Set<String> WAITING = Set.of(Reasons.PROGRESSING, Reasons.DISCOVERY_PENDING);

  private EntryStatus() {}

  /** A copy of {@code current} to change. */
  public static CatalogEntryStatus copy(CatalogEntryStatus current) {
    CatalogEntryStatus next = new CatalogEntryStatus();
    if (current != null) {
      next.setObservedGeneration(current.getObservedGeneration());
      next.setTenantCrd(current.getTenantCrd());
      next.setServiceCrd(current.getServiceCrd());
      next.setExposedPaths(current.getExposedPaths());
      next.setRegions(current.getRegions());
      next.setMismatchedRegions(current.getMismatchedRegions());
      next.setRegionDifferences(current.getRegionDifferences());
    }
    next.setConditions(StatusPatches.copyConditions(current));
    return next;
  }

  /** Status when the tenant CRD is in place (established or not yet). */
  public static CatalogEntryStatus applied(
      CatalogEntry entry,
      TenantCrdBuilder.TenantCrd t,
      RegionSelection regions,
      CustomResourceDefinition actual,
      Clock clock) {
    Long gen = entry.getMetadata().getGeneration();
    CatalogEntryStatus next = copy(entry.getStatus());
    next.setObservedGeneration(gen);
    CrdInformation tenant = t.tenant();
    if (actual != null && actual.getMetadata().getGeneration() != null) {
      tenant =
          new CrdInformation(
              tenant.getGroup(),
              tenant.getKind(),
              tenant.getPlural(),
              tenant.getVersions(),
              tenant.getStorageVersion());
      tenant.setGeneration(actual.getMetadata().getGeneration());
    }
    next.setTenantCrd(tenant);
    next.setServiceCrd(t.service());
    next.setExposedPaths(t.exposedPaths());
    next.setRegions(regions.regions());
    next.setMismatchedRegions(regions.mismatched().isEmpty() ? null : regions.mismatched());
    next.setRegionDifferences(differences(regions));
    next.setCondition(compatible(regions).withObservedGeneration(gen), clock);
    Condition established = established(actual);
    next.setCondition(established.withObservedGeneration(gen), clock);
    Condition ready;
    if (!Condition.TRUE.equals(established.getStatus())) {
      ready =
          Condition.ofFalse(
              ConditionTypes.READY, established.getReason(), established.getMessage());
    } else {
      String note =
          regions.mismatched().isEmpty()
              ? ""
              : " (left out, CRD cannot be combined: "
                  + String.join(", ", regions.mismatched())
                  + ")";
      ready =
          Condition.ofTrue(
              ConditionTypes.READY,
              Reasons.READY,
              "tenant CRD "
                  + t.tenant().getName()
                  + " serves regions "
                  + String.join(", ", regions.regions())
                  + note);
    }
    next.setCondition(ready.withObservedGeneration(gen), clock);
    return next;
  }

  /** Status when the entry cannot be made into a tenant CRD (yet); the rest is left as it was. */
  public static CatalogEntryStatus notReady(
      CatalogEntry entry, String reason, String message, RegionSelection regions, Clock clock) {
    Long gen = entry.getMetadata().getGeneration();
    CatalogEntryStatus next = copy(entry.getStatus());
    next.setObservedGeneration(gen);
    if (regions != null && (regions.reference() != null || !regions.mismatched().isEmpty())) {
      next.setCondition(compatible(regions).withObservedGeneration(gen), clock);
    }
    next.setCondition(
        Condition.ofFalse(ConditionTypes.READY, reason, message).withObservedGeneration(gen),
        clock);
    return next;
  }

  /** Compatible differences named in the condition, at most. */
  static final int NOTES = 6;

  static Condition compatible(RegionSelection regions) {
    String merged = "";
    if (!regions.notes().isEmpty()) {
      List<String> notes = regions.notes();
      merged =
          "; merged: "
              + String.join("; ", notes.subList(0, Math.min(NOTES, notes.size())))
              + (notes.size() > NOTES ? "; and " + (notes.size() - NOTES) + " more" : "");
    }
    if (regions.mismatched().isEmpty()) {
      return Condition.ofTrue(
          ConditionTypes.CRDS_COMPATIBLE,
          Reasons.READY,
          "the service CRDs of "
              + String.join(", ", regions.regions())
              + " are compatible"
              + merged);
    }
    List<String> parts = new ArrayList<>();
    regions
        .differences()
        .forEach((region, why) -> parts.add(region + ": " + String.join("; ", why)));
    return Condition.ofFalse(
        ConditionTypes.CRDS_COMPATIBLE,
        Reasons.CRD_MISMATCH,
        "the service CRD in "
            + String.join(", ", regions.mismatched())
            + " cannot be combined with the one in "
            + (regions.regions().isEmpty()
                ? "no other region"
                : String.join(", ", regions.regions()))
            + ", so "
            + (regions.mismatched().size() == 1 ? "it is" : "they are")
            + " left out for new instances (instances placed there keep syncing where the API"
            + " server accepts them): "
            + String.join(" | ", parts)
            + merged);
  }

  private static List<RegionDifferences> differences(RegionSelection regions) {
    if (regions.differences().isEmpty()) {
      return null;
    }
    List<RegionDifferences> out = new ArrayList<>();
    regions.differences().forEach((r, why) -> out.add(new RegionDifferences(r, why)));
    return out;
  }

  static Condition established(CustomResourceDefinition actual) {
    if (actual == null
        || actual.getStatus() == null
        || actual.getStatus().getConditions() == null) {
      return Condition.ofFalse(
          ConditionTypes.ESTABLISHED,
          Reasons.PROGRESSING,
          "waiting for the API server to establish the tenant CRD");
    }
    var namesAccepted =
        actual.getStatus().getConditions().stream()
            .filter(c -> "NamesAccepted".equals(c.getType()) && "False".equals(c.getStatus()))
            .findFirst();
    if (namesAccepted.isPresent()) {
      return Condition.ofFalse(
          ConditionTypes.ESTABLISHED,
          Reasons.COLLISION,
          "the API server refused the names of the tenant CRD: "
              + namesAccepted.get().getMessage());
    }
    boolean established =
        actual.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    return established
        ? Condition.ofTrue(
            ConditionTypes.ESTABLISHED,
            Reasons.CRD_ESTABLISHED,
            "tenant CRD " + actual.getMetadata().getName() + " is established")
        : Condition.ofFalse(
            ConditionTypes.ESTABLISHED,
            Reasons.PROGRESSING,
            "waiting for the API server to establish the tenant CRD");
  }

  /**
   * Sets {@code Withdrawn} on {@code next}: {@code True/InstancesKept} naming the namespaces that
   * keep withdrawn objects and the regions no longer offered that hold instances, else {@code
   * False/NothingWithdrawn}.
   */
  public static void setWithdrawn(
      CatalogEntryStatus next, Withdrawals w, Long generation, Clock clock) {
    next.setCondition(withdrawn(w).withObservedGeneration(generation), clock);
  }

  static Condition withdrawn(Withdrawals w) {
    if (!w.any()) {
      return Condition.ofFalse(
          ConditionTypes.WITHDRAWN,
          Reasons.NOTHING_WITHDRAWN,
          "nothing withdrawn is kept: no namespace keeps a withdrawn offering of this entry, no"
              + " instance runs in a region no longer offered");
    }
    List<String> parts = new ArrayList<>();
    if (!w.namespaces().isEmpty()) {
      parts.add(
          "withdrawn Offering, Role and RoleBinding kept in "
              + String.join(", ", w.namespaces())
              + " for the instances there, no new ones (each namespace's go once it holds no"
              + " instance)");
    }
    w.regions()
        .forEach(
            (region, refs) ->
                parts.add(
                    "region "
                        + region
                        + " is no longer offered and still holds "
                        + String.join(", ", refs)
                        + " (they keep syncing, no new ones there)"));
    if (w.regions().values().stream().mapToInt(List::size).sum() >= InstanceCounter.SAMPLE) {
      parts.add("the list of instances outside the offered regions may go on");
    }
    return Condition.ofTrue(
        ConditionTypes.WITHDRAWN, Reasons.INSTANCES_KEPT, String.join("; ", parts));
  }

  /**
   * The conditions of {@code s} that report a problem when they are False, for {@link
   * io.kubecarrier.operator.events.ConditionEvents}: without {@code Withdrawn} (False is its normal
   * state) and without conditions that only wait ({@code Progressing}: the API server has not
   * established the CRD yet; {@code DiscoveryPending}: the cluster registry has not reported yet),
   * which deserve no Warning.
   */
  public static CatalogEntryStatus problems(CatalogEntryStatus s) {
    CatalogEntryStatus out = new CatalogEntryStatus();
    if (s != null) {
      out.setConditions(
          s.getConditions().stream()
              .filter(c -> !ConditionTypes.WITHDRAWN.equals(c.getType()))
              .filter(c -> !WAITING.contains(c.getReason()))
              .toList());
    }
    return out;
  }

  /** Regions, never null. */
  public static List<String> regions(CatalogEntryStatus s) {
    return s == null || s.getRegions() == null ? List.of() : s.getRegions();
  }
}
