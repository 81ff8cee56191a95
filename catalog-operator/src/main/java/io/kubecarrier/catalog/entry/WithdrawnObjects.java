package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.catalog.InstanceCounter;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The Offerings, Roles and RoleBindings that the Catalogs published for a CatalogEntry and have
 * withdrawn (label {@code kubecarrier.io/withdrawn}), from the CatalogEntry controller's caches.
 * They are kept while their tenant namespace holds an instance of the entry's tenant CRD, and
 * deleted here once it holds none (docs/lifecycle.md).
 */
final class WithdrawnObjects {

  private static final Logger LOG = Logger.getLogger(WithdrawnObjects.class);

  private final KubernetesClient client;
  private final InstanceCounter instances;

  InformerEventSource<Offering, CatalogEntry> offerings;
  InformerEventSource<Role, CatalogEntry> roles;
  InformerEventSource<RoleBinding, CatalogEntry> roleBindings;

  WithdrawnObjects(KubernetesClient client, InstanceCounter instances) {
    this.client = client;
    this.instances = instances;
  }

  /**
   * Deletes the withdrawn objects of {@code entry} in namespaces without an instance of {@code crd}
   * (with a resourceVersion precondition: an object published again meanwhile stays).
   *
   * @return the namespaces that keep withdrawn objects for their instances, sorted
   */
  List<String> collect(CatalogEntry entry, CrdInformation crd) {
    Map<String, List<HasMetadata>> byNamespace =
        of(entry)
            .collect(
                Collectors.groupingBy(
                    o -> o.getMetadata().getNamespace(), TreeMap::new, Collectors.toList()));
    List<String> kept = new ArrayList<>();
    byNamespace.forEach(
        (namespace, objects) -> {
          // without a tenant CRD in status nothing can be counted: keep (the entry's deletion
          // deletes them all)
          boolean needed = crd == null || instances.any(crd, namespace);
          if (needed || !deleted(entry, objects)) {
            kept.add(namespace);
          }
        });
    return kept;
  }

  /** The withdrawn objects of {@code entry} in the caches. */
  Stream<HasMetadata> of(CatalogEntry entry) {
    ResourceID id = ResourceID.fromResource(entry);
    return Stream.of(
            offerings.list(o -> belongs(o, id)),
            roles.list(o -> belongs(o, id)),
            roleBindings.list(o -> belongs(o, id)))
        .flatMap(s -> s.map(o -> (HasMetadata) o));
  }

  private static boolean belongs(HasMetadata o, ResourceID entry) {
    return o.getMetadata().getDeletionTimestamp() == null
        && EntryMappers.fromPublished(o).contains(entry);
  }

  /**
   * Deletes {@code objects}, bindings first (a RoleBinding whose Role is gone can no longer be
   * changed); whether all are gone (false when one changed meanwhile).
   */
  private boolean deleted(CatalogEntry entry, List<HasMetadata> objects) {
    boolean all = true;
    for (HasMetadata o :
        objects.stream().sorted(Comparator.comparingInt(WithdrawnObjects::rank)).toList()) {
      try {
        client.resource(o).lockResourceVersion().delete();
        LOG.infof(
            "catalogentry %s: deleted withdrawn %s %s (no instance left in %s)",
            Metadata.ref(entry), o.getKind(), Metadata.ref(o), o.getMetadata().getNamespace());
      } catch (RuntimeException e) {
        if (ApiErrors.isConflict(e)) {
          // published again (or changed) meanwhile: the next event looks again
          LOG.debugf(
              "catalogentry %s: %s %s changed meanwhile, not deleted",
              Metadata.ref(entry), o.getKind(), Metadata.ref(o));
          all = false;
        } else if (!ApiErrors.isNotFound(e)) {
          throw e;
        }
      }
    }
    return all;
  }

  private static int rank(HasMetadata o) {
    return o instanceof RoleBinding ? 0 : o instanceof Role ? 1 : 2;
  }

  /**
   * Deletes every Offering, Role and RoleBinding published for {@code entry}, withdrawn or not (its
   * deletion, once no instance is left). Listed from the API server: the caches hold only withdrawn
   * ones.
   */
  void deleteAll(CatalogEntry entry) {
    String selector =
        Ownership.MANAGED_SELECTOR
            + ","
            + Labels.PROVIDER
            + "="
            + entry.getMetadata().getNamespace()
            + ","
            + Labels.CATALOG_ENTRY
            + "="
            + Names.labelValue(entry.getMetadata().getName());
    ResourceID id = ResourceID.fromResource(entry);
    Stream.of(
            client.rbac().roleBindings().inAnyNamespace().withLabelSelector(selector).list(),
            client.rbac().roles().inAnyNamespace().withLabelSelector(selector).list(),
            client.resources(Offering.class).inAnyNamespace().withLabelSelector(selector).list())
        .flatMap(l -> l.getItems().stream().map(o -> (HasMetadata) o))
        .filter(o -> EntryMappers.fromPublished(o).contains(id))
        .forEach(
            o -> {
              try {
                client.resource(o).delete();
                LOG.infof(
                    "catalogentry %s: deleted %s %s (entry deleted)",
                    Metadata.ref(entry), o.getKind(), Metadata.ref(o));
              } catch (RuntimeException e) {
                if (!ApiErrors.isNotFound(e)) {
                  throw e;
                }
              }
            });
  }
}
