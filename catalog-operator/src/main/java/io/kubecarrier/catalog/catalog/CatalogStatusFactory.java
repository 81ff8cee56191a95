package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalog.CatalogStatus;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The status of a Catalog: the entries and tenants it publishes, {@code Published}, {@code
 * AssignmentsReady} (the cluster registry made the service-cluster namespaces), {@code Ready}, and
 * {@code Withdrawn} (what is kept, withdrawn, for existing instances; not part of {@code Ready}).
 */
final class CatalogStatusFactory {

  /** How many withdrawn offerings the {@code Withdrawn} message names, at most. */
  static final int WITHDRAWN_LISTED = 10;

  private CatalogStatusFactory() {}

  static CatalogStatus copy(CatalogStatus current) {
    CatalogStatus next = new CatalogStatus();
    if (current != null) {
      next.setObservedGeneration(current.getObservedGeneration());
      next.setEntries(current.getEntries());
      next.setTenants(current.getTenants());
      next.setEntryList(current.getEntryList());
      next.setTenantList(current.getTenantList());
    }
    next.setConditions(StatusPatches.copyConditions(current));
    return next;
  }

  static CatalogStatus next(
      Catalog catalog,
      Account provider,
      Selection mine,
      Publisher.Result published,
      Publisher publisher,
      Clock clock) {
    Long gen = catalog.getMetadata().getGeneration();
    String ns = catalog.getMetadata().getNamespace();
    CatalogStatus next = copy(catalog.getStatus());
    next.setObservedGeneration(gen);
    if (provider == null) {
      String m =
          "namespace "
              + ns
              + " belongs to no Account with role Provider; only providers can publish"
              + " Catalogs";
      next.setEntries(null);
      next.setTenants(null);
      next.setEntryList(null);
      next.setTenantList(null);
      next.setCondition(
          Condition.ofFalse(ConditionTypes.PUBLISHED, Reasons.NOT_A_PROVIDER, m)
              .withObservedGeneration(gen),
          clock);
      next.setCondition(
          Condition.ofFalse(ConditionTypes.READY, Reasons.NOT_A_PROVIDER, m)
              .withObservedGeneration(gen),
          clock);
      next.setCondition(withdrawn(ns, published.withdrawn()).withObservedGeneration(gen), clock);
      return next;
    }
    List<ObjectReference> entries =
        mine.entries().stream().map(e -> ObjectReference.of(e.getMetadata().getName())).toList();
    List<ObjectReference> tenants =
        mine.tenants().stream().map(t -> ObjectReference.of(t.tenant())).toList();
    next.setEntries(entries.isEmpty() ? null : entries);
    next.setTenants(tenants.isEmpty() ? null : tenants);
    // the printer columns: the API server prints only the first value of .status.entries[*].name
    next.setEntryList(joined(entries));
    next.setTenantList(joined(tenants));
    next.setCondition(
        Condition.ofTrue(
                ConditionTypes.PUBLISHED,
                Reasons.PUBLISHED,
                entries.size()
                    + " entries published to "
                    + tenants.size()
                    + " tenants ("
                    + published.published().size()
                    + " objects for all Catalogs of "
                    + ns
                    + ")")
            .withObservedGeneration(gen),
        clock);
    List<String> pending = new ArrayList<>();
    for (Publication.Target t : mine.tenants()) {
      for (CatalogEntry e : mine.entries()) {
        for (String region : e.getStatus().getRegions()) {
          String name = Names.assignmentName(t.namespace(), region);
          boolean ready =
              publisher
                  .assignment(ns, name)
                  .map(a -> a.getStatus() != null && a.getStatus().isReady())
                  .orElse(false);
          if (!ready && !pending.contains(name)) {
            pending.add(name);
          }
        }
      }
    }
    Condition assignments =
        pending.isEmpty()
            ? Condition.ofTrue(
                ConditionTypes.ASSIGNMENTS_READY,
                Reasons.READY,
                "every tenant has its namespace in every region")
            : Condition.ofFalse(
                ConditionTypes.ASSIGNMENTS_READY,
                Reasons.PROGRESSING,
                "waiting for the cluster registry to make the service-cluster namespaces of "
                    + "ServiceClusterAssignments "
                    + String.join(", ", pending));
    next.setCondition(assignments.withObservedGeneration(gen), clock);
    next.setCondition(withdrawn(ns, published.withdrawn()).withObservedGeneration(gen), clock);
    Condition ready =
        pending.isEmpty()
            ? Condition.ofTrue(
                ConditionTypes.READY,
                Reasons.READY,
                entries.size() + " entries published to " + tenants.size() + " tenants")
            : Condition.ofFalse(ConditionTypes.READY, Reasons.NOT_READY, assignments.getMessage());
    next.setCondition(ready.withObservedGeneration(gen), clock);
    return next;
  }

  /**
   * {@code Withdrawn}: what the Catalogs of {@code provider} published before and keep, withdrawn,
   * for existing instances (per kind and tenant namespace); not part of {@code Ready}.
   */
  static Condition withdrawn(String provider, List<HasMetadata> kept) {
    List<String> items =
        kept.stream()
            .filter(o -> o instanceof Offering)
            .map(o -> kind((Offering) o) + " for " + o.getMetadata().getNamespace())
            .distinct()
            .sorted()
            .toList();
    if (items.isEmpty()) {
      return Condition.ofFalse(
          ConditionTypes.WITHDRAWN,
          Reasons.NOTHING_WITHDRAWN,
          "nothing the Catalogs of " + provider + " published before is withdrawn and kept");
    }
    String listed =
        items.stream()
            .limit(WITHDRAWN_LISTED)
            .map(i -> i + ": withdrawn, kept for existing instances, no new ones")
            .collect(Collectors.joining("; "));
    if (items.size() > WITHDRAWN_LISTED) {
      listed += "; and " + (items.size() - WITHDRAWN_LISTED) + " more";
    }
    return Condition.ofTrue(
        ConditionTypes.WITHDRAWN,
        Reasons.INSTANCES_KEPT,
        listed
            + " (for all Catalogs of "
            + provider
            + "; each goes once its namespace holds no instance of the kind)");
  }

  private static String kind(Offering o) {
    return o.getSpec() != null
            && o.getSpec().getCrd() != null
            && o.getSpec().getCrd().getKind() != null
        ? o.getSpec().getCrd().getKind()
        : o.getMetadata().getName();
  }

  /** The names, comma-separated, or {@code null} for none. */
  static String joined(List<ObjectReference> refs) {
    return refs.isEmpty()
        ? null
        : refs.stream().map(ObjectReference::getName).collect(Collectors.joining(","));
  }

  static CatalogStatus error(Catalog catalog, String message, Clock clock) {
    CatalogStatus next = copy(catalog.getStatus());
    next.setCondition(
        Condition.ofFalse(ConditionTypes.READY, Reasons.RECONCILE_ERROR, message)
            .withObservedGeneration(catalog.getMetadata().getGeneration()),
        clock);
    return next;
  }
}
