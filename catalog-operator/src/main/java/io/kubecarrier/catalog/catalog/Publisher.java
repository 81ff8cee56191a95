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
import io.kubecarrier.catalog.support.Errors;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.catalog.support.StatusWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Applies the union of what the Catalogs of a provider namespace publish and deletes the published
 * objects that none of them wants any more. Reads current objects from the informer caches.
 */
final class Publisher {

  private static final Logger LOG = Logger.getLogger(Publisher.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final BiFunction<String, String, ServiceCluster> clusters;

  InformerEventSource<Offering, Catalog> offerings;
  InformerEventSource<Provider, Catalog> providers;
  InformerEventSource<Region, Catalog> regions;
  InformerEventSource<Role, Catalog> roles;
  InformerEventSource<RoleBinding, Catalog> roleBindings;
  InformerEventSource<ServiceClusterAssignment, Catalog> assignments;

  Publisher(
      KubernetesClient client, Clock clock, BiFunction<String, String, ServiceCluster> clusters) {
    this.client = client;
    this.clock = clock;
    this.clusters = clusters;
  }

  /**
   * Publishes the union of {@code selections}.
   *
   * @return the published objects by {@link Publication#key}
   */
  Map<String, HasMetadata> sync(String provider, Account account, List<Selection> selections) {
    Map<String, HasMetadata> desired = new LinkedHashMap<>();
    for (Selection s : selections) {
      desired.putAll(
          Publication.desired(
              provider, account, s.tenants(), s.entries(), name -> clusters.apply(provider, name)));
    }
    Map<String, HasMetadata> existing = new LinkedHashMap<>();
    existing(provider).forEach(o -> existing.put(Publication.key(o), o));
    for (Map.Entry<String, HasMetadata> e : desired.entrySet()) {
      HasMetadata have = existing.get(e.getKey());
      Applier.Result<HasMetadata> r = Applier.apply(client, e.getValue(), have);
      if (r.written()) {
        LOG.infof(
            "catalogs of %s: applied %s %s",
            provider, e.getValue().getKind(), Ownership.ref(e.getValue()));
      }
      markReady(r.object());
    }
    for (Map.Entry<String, HasMetadata> e : existing.entrySet()) {
      if (!desired.containsKey(e.getKey())) {
        try {
          client.resource(e.getValue()).delete();
        } catch (RuntimeException ex) {
          if (!Errors.isNotFound(ex)) {
            throw ex;
          }
        }
        LOG.infof(
            "catalogs of %s: deleted %s %s (no longer published)",
            provider, e.getValue().getKind(), Ownership.ref(e.getValue()));
      }
    }
    return desired;
  }

  /** The assignment {@code name} in {@code provider} from the cache. */
  Optional<ServiceClusterAssignment> assignment(String provider, String name) {
    return assignments.get(new ResourceID(name, provider));
  }

  private Stream<HasMetadata> existing(String provider) {
    java.util.function.Predicate<HasMetadata> mine =
        o ->
            Ownership.isManaged(o)
                && provider.equals(
                    o.getMetadata()
                        .getLabels()
                        .get(io.kubecarrier.api.common.Labels.OWNER_NAMESPACE))
                && o.getMetadata().getDeletionTimestamp() == null;
    return Stream.of(
            offerings.list(mine::test),
            providers.list(mine::test),
            regions.list(mine::test),
            roles.list(mine::test),
            roleBindings.list(mine::test),
            assignments.list(mine::test))
        .flatMap(s -> s.map(o -> (HasMetadata) o));
  }

  /** Read models (Offering, Provider, Region) get Ready=True once published. */
  private void markReady(HasMetadata o) {
    if (o instanceof Offering offering) {
      StatusWriter.write(
          client, offering, ready(offering.getStatus(), new OfferingStatus(), o), Offering::new);
    } else if (o instanceof Provider p) {
      StatusWriter.write(client, p, ready(p.getStatus(), new ProviderStatus(), o), Provider::new);
    } else if (o instanceof Region r) {
      StatusWriter.write(client, r, ready(r.getStatus(), new RegionStatus(), o), Region::new);
    }
  }

  private <S extends KubeCarrierStatus> S ready(S current, S next, HasMetadata o) {
    next.setConditions(StatusWriter.copyConditions(current));
    next.setObservedGeneration(o.getMetadata().getGeneration());
    next.setCondition(
        Condition.ofTrue(
                ConditionTypes.READY, Reasons.PUBLISHED, "published by the catalog operator")
            .withObservedGeneration(o.getMetadata().getGeneration()),
        clock);
    return next;
  }
}
