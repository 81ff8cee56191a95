package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.KubeCarrierStatus;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.offering.OfferingStatus;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.provider.ProviderStatus;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.region.RegionStatus;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.catalog.support.Applier;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.ownership.Metadata;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Applies the union of what the Catalogs of a provider namespace publish, and unpublishes what none
 * of them wants any more (docs/lifecycle.md): Offerings, Roles and RoleBindings are withdrawn
 * ({@link Withdrawal}) and left to the CatalogEntry controller, which deletes them once their
 * namespace holds no instance of the kind; Regions, Providers and ServiceClusterAssignments are
 * deleted at once (an assignment the propagation agent still uses stays, held by its finalizer, and
 * is created again once gone if it is still published). Reads current objects from the informer
 * caches.
 *
 * <p>Every sync writes each object through the {@link Applier}, which sets back what someone else
 * changed (a Role's rules, a RoleBinding's subjects, an Offering's spec, a Region's or Provider's
 * spec, a label). The informers of these kinds map an object to the Catalogs of its provider
 * ({@link CatalogMappers#byOwner}), so a hand edit is set back at once. A withdrawn object is no
 * longer computed from a publication: its withdrawn form is made from the object itself ({@link
 * Withdrawal#of}), so what withdrawal decides is enforced (the label, no {@code order}) while other
 * edits of a withdrawn object stay.
 */
final class Publisher {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  private final KubernetesClient client;
  private final Applier applier;
  private final Clock clock;
  private final BiFunction<String, String, ServiceCluster> clusters;
  private final BiPredicate<String, String> entryExists;

  InformerEventSource<Offering, Catalog> offerings;
  InformerEventSource<Provider, Catalog> providers;
  InformerEventSource<Region, Catalog> regions;
  InformerEventSource<Role, Catalog> roles;
  InformerEventSource<RoleBinding, Catalog> roleBindings;
  InformerEventSource<ServiceClusterAssignment, Catalog> assignments;

  /**
   * @param clusters ServiceCluster by (provider namespace, name), for Region texts
   * @param entryExists whether a CatalogEntry exists in a provider namespace whose name gives the
   *     {@code kubecarrier.io/catalog-entry} label value
   */
  Publisher(
      KubernetesClient client,
      Applier applier,
      Clock clock,
      BiFunction<String, String, ServiceCluster> clusters,
      BiPredicate<String, String> entryExists) {
    this.client = client;
    this.applier = applier;
    this.clock = clock;
    this.clusters = clusters;
    this.entryExists = entryExists;
  }

  /** What a sync left in place: the published objects and the withdrawn ones kept. */
  record Result(Map<String, HasMetadata> published, List<HasMetadata> withdrawn) {}

  /** Publishes the union of {@code selections}, withdraws or deletes the rest. */
  Result sync(String provider, Account account, List<Selection> selections) {
    Map<String, HasMetadata> desired = new LinkedHashMap<>();
    for (Selection s : selections) {
      desired.putAll(
          Publication.desired(
              provider, account, s.tenants(), s.entries(), name -> clusters.apply(provider, name)));
    }
    Map<String, HasMetadata> existing = new LinkedHashMap<>();
    existing(provider).forEach(o -> existing.put(Publication.key(o), o));
    desired.forEach((key, want) -> publish(provider, want, existing.get(key)));
    List<HasMetadata> withdrawn = new ArrayList<>();
    existing.forEach(
        (key, have) -> {
          if (!desired.containsKey(key)) {
            unpublish(provider, have).ifPresent(withdrawn::add);
          }
        });
    return new Result(desired, withdrawn);
  }

  private void publish(String provider, HasMetadata want, HasMetadata have) {
    if (have != null && have.getMetadata().getDeletionTimestamp() != null) {
      // being deleted (an assignment the agent still holds): created again once it is gone
      LOG.debugf(
          "catalogs of %s: %s %s is being deleted; published again once it is gone",
          provider, have.getKind(), Metadata.ref(have));
      return;
    }
    Applier.Result<HasMetadata> r = applier.apply(want, have);
    if (r.changed()) {
      LOG.infof(
          "catalogs of %s: applied %s %s%s",
          provider,
          want.getKind(),
          Metadata.ref(want),
          have != null && Withdrawal.isWithdrawn(have) ? " (published again)" : "");
    }
    markReady(r.object());
  }

  /** Withdraws or deletes {@code have}; returns it when it is kept withdrawn. */
  private Optional<HasMetadata> unpublish(String provider, HasMetadata have) {
    if (have.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    String entry = entryLabel(have);
    if (Withdrawal.keeps(have) && (entry == null || entryExists.test(provider, entry))) {
      return withdraw(provider, have);
    }
    // Regions, Providers, assignments; and what a stale publication made again for an entry that
    // is gone (its deletion waited for its instances and deleted what it published: nothing is
    // left that needs it, and no entry left to collect it)
    delete(
        provider,
        have,
        Withdrawal.keeps(have) ? "its CatalogEntry is gone" : "no longer published");
    return Optional.empty();
  }

  private void delete(String provider, HasMetadata have, String why) {
    try {
      client.resource(have).delete();
      LOG.infof(
          "catalogs of %s: deleted %s %s (%s)", provider, have.getKind(), Metadata.ref(have), why);
    } catch (RuntimeException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /**
   * Applies the withdrawn form of {@code have} onto that very object (never creating it: the
   * CatalogEntry controller may have deleted it meanwhile).
   */
  private Optional<HasMetadata> withdraw(String provider, HasMetadata have) {
    try {
      Applier.Result<HasMetadata> r = applier.applyTo(Withdrawal.of(have), have);
      if (r.changed()) {
        LOG.infof(
            "catalogs of %s: withdrew %s %s (kept for existing instances, no new ones)",
            provider, have.getKind(), Metadata.ref(have));
      }
      markWithdrawn(provider, r.object());
      return Optional.of(r.object());
    } catch (RuntimeException e) {
      if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
        throw e;
      }
      if (ApiErrors.isNotFound(e) && have instanceof RoleBinding b && roleOf(b).isEmpty()) {
        // the binding's Role is gone (collected): it grants nothing and cannot be changed
        delete(provider, have, "its Role is gone");
        return Optional.empty();
      }
      LOG.debugf(
          "catalogs of %s: %s %s changed or went meanwhile (%s); the next event looks again",
          provider, have.getKind(), Metadata.ref(have), ApiErrors.describe(e));
      // changed (our cache is behind, or another Catalog of the namespace wrote it): still there
      return ApiErrors.isConflict(e) ? Optional.of(have) : Optional.empty();
    }
  }

  private Optional<Role> roleOf(RoleBinding b) {
    return roles.get(new ResourceID(b.getRoleRef().getName(), b.getMetadata().getNamespace()));
  }

  private static String entryLabel(HasMetadata o) {
    return o.getMetadata().getLabels() == null
        ? null
        : o.getMetadata().getLabels().get(Labels.CATALOG_ENTRY);
  }

  /** The assignment {@code name} in {@code provider} from the cache. */
  Optional<ServiceClusterAssignment> assignment(String provider, String name) {
    return assignments.get(new ResourceID(name, provider));
  }

  /** What the Catalogs of {@code provider} published, withdrew, or are deleting. */
  private Stream<HasMetadata> existing(String provider) {
    java.util.function.Predicate<HasMetadata> mine =
        o ->
            Metadata.isManagedBy(o, Ownership.MANAGER)
                && provider.equals(o.getMetadata().getLabels().get(Labels.OWNER_NAMESPACE));
    // bindings before their Roles: once a withdrawn Role is collected, its binding can no longer
    // be changed (the API server resolves the roleRef of a binding on every write)
    return Stream.of(
            roleBindings.list(mine::test),
            roles.list(mine::test),
            offerings.list(mine::test),
            providers.list(mine::test),
            regions.list(mine::test),
            assignments.list(mine::test))
        .flatMap(s -> s.map(o -> (HasMetadata) o));
  }

  /** Read models (Offering, Provider, Region) get Ready=True once published. */
  private void markReady(HasMetadata o) {
    if (o instanceof Offering offering) {
      StatusPatches.applyIfChanged(
          client,
          offering,
          ready(offering.getStatus(), new OfferingStatus(), o),
          Offering::new,
          Ownership.FIELD_MANAGER);
    } else if (o instanceof Provider p) {
      StatusPatches.applyIfChanged(
          client,
          p,
          ready(p.getStatus(), new ProviderStatus(), o),
          Provider::new,
          Ownership.FIELD_MANAGER);
    } else if (o instanceof Region r) {
      StatusPatches.applyIfChanged(
          client,
          r,
          ready(r.getStatus(), new RegionStatus(), o),
          Region::new,
          Ownership.FIELD_MANAGER);
    }
  }

  /** A withdrawn Offering says so: Ready=False/Withdrawn. */
  private void markWithdrawn(String provider, HasMetadata o) {
    if (!(o instanceof Offering offering)) {
      return;
    }
    OfferingStatus next = new OfferingStatus();
    next.setConditions(StatusPatches.copyConditions(offering.getStatus()));
    next.setObservedGeneration(o.getMetadata().getGeneration());
    next.setCondition(
        Condition.ofFalse(
                ConditionTypes.READY,
                Reasons.WITHDRAWN,
                "withdrawn by "
                    + provider
                    + ": existing instances are kept and keep syncing; new ones cannot be created")
            .withObservedGeneration(o.getMetadata().getGeneration()),
        clock);
    try {
      StatusPatches.applyIfChanged(client, offering, next, Offering::new, Ownership.FIELD_MANAGER);
    } catch (RuntimeException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  private <S extends KubeCarrierStatus> S ready(S current, S next, HasMetadata o) {
    next.setConditions(StatusPatches.copyConditions(current));
    next.setObservedGeneration(o.getMetadata().getGeneration());
    next.setCondition(
        Condition.ofTrue(
                ConditionTypes.READY, Reasons.PUBLISHED, "published by the catalog operator")
            .withObservedGeneration(o.getMetadata().getGeneration()),
        clock);
    return next;
  }
}
