package io.kubecarrier.catalog.entryset;

import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The status of a CatalogEntrySet: its entry, its discoveries, {@code DiscoveriesReady} (every
 * selected cluster has a finished discovery) and {@code Ready} (discoveries finished and the entry
 * Ready).
 */
public final class EntrySetStatus {
  private EntrySetStatus() {}

  /** A copy of {@code current} to change. */
  public static CatalogEntrySetStatus copy(CatalogEntrySetStatus current) {
    CatalogEntrySetStatus next = new CatalogEntrySetStatus();
    if (current != null) {
      next.setObservedGeneration(current.getObservedGeneration());
      next.setEntry(current.getEntry());
      next.setDiscoveries(current.getDiscoveries());
    }
    next.setConditions(StatusPatches.copyConditions(current));
    return next;
  }

  /** The next status, computed from the current one (transition times are kept). */
  public static CatalogEntrySetStatus next(
      CatalogEntrySet set,
      List<String> selected,
      Map<String, CustomResourceDiscovery> discoveries,
      CatalogEntry entry,
      Clock clock) {
    Long generation = set.getMetadata().getGeneration();
    String crd = set.getSpec().getDiscover().getCrd().getName();
    CatalogEntrySetStatus next = copy(set.getStatus());
    next.setObservedGeneration(generation);
    next.setEntry(entry == null ? null : entry.getMetadata().getName());
    next.setDiscoveries(
        discoveries.values().stream().map(d -> d.getMetadata().getName()).sorted().toList());

    Condition discovered;
    if (selected.isEmpty()) {
      discovered =
          Condition.ofFalse(
              ConditionTypes.DISCOVERIES_READY,
              Reasons.NO_SERVICE_CLUSTERS,
              "no ServiceCluster in namespace "
                  + set.getMetadata().getNamespace()
                  + " matches spec.discover.serviceClusterSelector: label the clusters or change"
                  + " the selector");
    } else {
      List<String> pending =
          selected.stream()
              .filter(
                  c -> discoveries.get(c) == null || !Discoveries.isDiscovered(discoveries.get(c)))
              .toList();
      if (pending.isEmpty()) {
        discovered =
            Condition.ofTrue(
                ConditionTypes.DISCOVERIES_READY,
                Reasons.CRD_DISCOVERED,
                "CRD " + crd + " discovered in " + String.join(", ", selected));
      } else {
        discovered =
            Condition.ofFalse(
                ConditionTypes.DISCOVERIES_READY,
                Reasons.DISCOVERY_PENDING,
                "waiting for the discovery of CRD "
                    + crd
                    + " in "
                    + pending.stream()
                        .map(
                            c ->
                                c
                                    + (discoveries.get(c) == null
                                        ? " (not yet requested)"
                                        : " ("
                                            + Discoveries.pendingReason(discoveries.get(c))
                                            + ")"))
                        .collect(Collectors.joining(", ")));
      }
    }
    next.setCondition(discovered.withObservedGeneration(generation), clock);
    next.setCondition(ready(entry, discovered).withObservedGeneration(generation), clock);
    return next;
  }

  /**
   * {@code Ready} of a set being deleted while its entry is still there: {@code DependentsExist}
   * with what the entry waits for (its instances) when it says so, else {@code Deleting}.
   */
  public static Condition waitingForEntry(CatalogEntry entry) {
    Condition er =
        entry.getStatus() == null
            ? null
            : entry.getStatus().getCondition(ConditionTypes.READY).orElse(null);
    boolean dependents = er != null && Reasons.DEPENDENTS_EXIST.equals(er.getReason());
    String message =
        "waiting for CatalogEntry "
            + entry.getMetadata().getNamespace()
            + "/"
            + entry.getMetadata().getName()
            + " to be deleted"
            + (dependents ? ": " + er.getMessage() : " (it removes its tenant CRD)");
    return Condition.ofFalse(
        ConditionTypes.READY, dependents ? Reasons.DEPENDENTS_EXIST : Reasons.DELETING, message);
  }

  private static Condition ready(CatalogEntry entry, Condition discovered) {
    if (entry == null || entry.getStatus() == null) {
      return Condition.ofFalse(
          ConditionTypes.READY,
          Reasons.PROGRESSING,
          "waiting for the CatalogEntry to be processed");
    }
    if (!entry.getStatus().isReady()) {
      Condition er = entry.getStatus().getCondition(ConditionTypes.READY).orElse(null);
      return Condition.ofFalse(
          ConditionTypes.READY,
          er == null ? Reasons.PROGRESSING : er.getReason(),
          "CatalogEntry "
              + entry.getMetadata().getName()
              + ": "
              + (er == null ? "not yet processed" : er.getMessage()));
    }
    if (!Condition.TRUE.equals(discovered.getStatus())) {
      return Condition.ofFalse(
          ConditionTypes.READY, discovered.getReason(), discovered.getMessage());
    }
    return Condition.ofTrue(
        ConditionTypes.READY,
        Reasons.READY,
        "offered as "
            + entry.getStatus().getTenantCrd().getName()
            + " in "
            + String.join(", ", entry.getStatus().getRegions()));
  }
}
