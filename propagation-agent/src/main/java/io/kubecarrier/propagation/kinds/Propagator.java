package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The informers of one offered kind: tenant instances in the management cluster, and service-side
 * objects in each region's cluster ({@link ServiceWatches}). Events only queue work items; the
 * instance reconciler does the work, one instance at a time.
 */
public final class Propagator implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Propagator.class);

  /** Receives the work items of informer events. */
  public interface Sink {
    void tenantChanged(WorkItem.Instance item, boolean specChanged);

    void serviceChanged(WorkItem item, boolean statusChanged);

    /**
     * The service operator wrote (or repeated) an Event about {@code service}, the copy of {@code
     * owner} (by its labels) in the service cluster {@code cluster}.
     */
    void serviceEvent(
        WorkItem.Instance owner,
        GenericKubernetesResource service,
        String cluster,
        io.fabric8.kubernetes.api.model.Event event);

    /** A tenant instance is gone: the assignment it was placed through may be free now. */
    void tenantGone(OfferedKind kind, GenericKubernetesResource tenant);
  }

  /** Index of tenant instances by {@code namespace/region} (label, or where they are placed). */
  static final String BY_PLACEMENT = "placement";

  /** Index of tenant instances by region (label, or where they are placed). */
  static final String BY_REGION = "region";

  private final OfferedKind kind;
  private final SharedIndexInformer<GenericKubernetesResource> tenants;
  private final ServiceWatches services;

  public Propagator(
      OfferedKind kind, KubernetesClient management, Sink sink, WatchScope watchScope) {
    this.kind = kind;
    this.services = new ServiceWatches(kind, sink, watchScope);
    this.tenants =
        Informers.of(
            management.genericKubernetesResources(kind.tenant().context()).inAnyNamespace());
    tenants.addIndexers(
        Map.of(
            BY_PLACEMENT,
            t -> {
              String region = Placements.region(t);
              return region == null
                  ? List.of()
                  : List.of(t.getMetadata().getNamespace() + "/" + region);
            },
            BY_REGION,
            t -> {
              String region = Placements.region(t);
              return region == null ? List.of() : List.of(region);
            }));
    tenants.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource o) {
            sink.tenantChanged(item(o), true);
          }

          @Override
          public void onUpdate(GenericKubernetesResource o, GenericKubernetesResource n) {
            boolean spec =
                !Objects.equals(o.getMetadata().getGeneration(), n.getMetadata().getGeneration());
            if (spec || metadataChanged(o, n)) {
              sink.tenantChanged(item(n), spec);
            }
          }

          @Override
          public void onDelete(GenericKubernetesResource o, boolean unknown) {
            sink.tenantChanged(item(o), false);
            sink.tenantGone(kind, o);
          }
        });
  }

  /** Starts the tenant informer (does not wait for it). */
  public Propagator start() {
    tenants.start();
    LOG.infof("watching %s (CatalogEntry %s)", kind.tenant(), kind.entryKey());
    return this;
  }

  public OfferedKind kind() {
    return kind;
  }

  /** The service-side objects of this kind, in the regions' clusters. */
  public ServiceWatches services() {
    return services;
  }

  public boolean tenantsSynced() {
    return tenants.hasSynced();
  }

  public GenericKubernetesResource tenant(String namespace, String name) {
    return tenants.getStore().getByKey(namespace + "/" + name);
  }

  public List<GenericKubernetesResource> tenants() {
    return tenants.getStore().list();
  }

  /** The tenant instances of {@code namespace}. */
  public List<GenericKubernetesResource> tenantsIn(String namespace) {
    return tenants.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  /** The tenant instances of {@code namespace} that are in, or ask for, {@code region}. */
  public List<GenericKubernetesResource> tenantsPlacedIn(String namespace, String region) {
    return tenants.getIndexer().byIndex(BY_PLACEMENT, namespace + "/" + region);
  }

  /** Whether some tenant instance is in, or asks for, {@code region}. */
  public boolean regionInUse(String region) {
    return !tenants.getIndexer().byIndex(BY_REGION, region).isEmpty();
  }

  /** The work item of the tenant instance {@code o} of this kind. */
  public WorkItem.Instance item(GenericKubernetesResource o) {
    return new WorkItem.Instance(
        kind.entryKey(), o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  /**
   * Whether a tenant instance's metadata changed in a way that needs a reconcile. Our own finalizer
   * appearing does not: the reconcile that added it goes on in the same pass.
   */
  static boolean metadataChanged(GenericKubernetesResource o, GenericKubernetesResource n) {
    return !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())
        || !Objects.equals(o.getMetadata().getAnnotations(), n.getMetadata().getAnnotations())
        || !Objects.equals(
            withoutAddedFinalizer(o.getMetadata().getFinalizers(), n.getMetadata().getFinalizers()),
            o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers())
        || !Objects.equals(
            o.getMetadata().getDeletionTimestamp(), n.getMetadata().getDeletionTimestamp());
  }

  /** {@code after} without our finalizer when {@code before} lacked it (an addition of ours). */
  private static List<String> withoutAddedFinalizer(List<String> before, List<String> after) {
    List<String> b = before == null ? List.of() : before;
    List<String> a = after == null ? List.of() : after;
    if (!b.contains(Finalizers.PROPAGATION_AGENT) && a.contains(Finalizers.PROPAGATION_AGENT)) {
      return a.stream().filter(f -> !f.equals(Finalizers.PROPAGATION_AGENT)).toList();
    }
    return a;
  }

  @Override
  public void close() {
    tenants.stop();
    services.close();
  }
}
