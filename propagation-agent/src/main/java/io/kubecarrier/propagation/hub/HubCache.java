package io.kubecarrier.propagation.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.kinds.Informers;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.placement.Offerings;
import io.kubecarrier.propagation.placement.Placements;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's caches of what the other operators keep in the management cluster (the hub):
 * ServiceClusters and ServiceClusterAssignments of every provider namespace, and the Offerings the
 * catalog operator publishes in tenant namespaces. Changes are reported to a {@link Listener}.
 */
public final class HubCache implements AutoCloseable {

  /** Hears the changes that matter to instances. */
  public interface Listener {
    /** A ServiceCluster appeared or went, or its spec or labels changed. */
    void serviceClusterChanged(String clusterKey);

    /**
     * An assignment appeared ({@code old} null), changed, or went ({@code old} null, {@code
     * current} the last state).
     */
    void assignmentChanged(ServiceClusterAssignment old, ServiceClusterAssignment current);

    /** An Offering appeared, changed or went. */
    void offeringChanged(Offering offering);
  }

  private final SharedIndexInformer<ServiceCluster> serviceClusters;
  private final SharedIndexInformer<ServiceClusterAssignment> assignments;
  private final SharedIndexInformer<Offering> offerings;

  public HubCache(KubernetesClient client, Listener listener) {
    serviceClusters = Informers.of(client.resources(ServiceCluster.class).inAnyNamespace());
    serviceClusters.addEventHandler(
        handler(
            (ServiceCluster o, ServiceCluster n) -> {
              if (o == null
                  || n.getMetadata().getDeletionTimestamp() != null
                  || !Objects.equals(o.getSpec(), n.getSpec())
                  || !Objects.equals(o.getMetadata().getLabels(), n.getMetadata().getLabels())) {
                listener.serviceClusterChanged(key(n));
              }
            }));
    assignments = Informers.of(client.resources(ServiceClusterAssignment.class).inAnyNamespace());
    assignments.addEventHandler(handler(listener::assignmentChanged));
    offerings =
        Informers.of(
            client
                .resources(Offering.class)
                .inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR));
    offerings.addEventHandler(handler((Offering o, Offering n) -> listener.offeringChanged(n)));
  }

  /** Starts the informers and waits for their first lists. */
  public void start() {
    serviceClusters.start().toCompletableFuture().join();
    assignments.start().toCompletableFuture().join();
    offerings.start().toCompletableFuture().join();
  }

  // ---- lookups

  /** The ServiceCluster {@code providerNamespace/name}, or null. */
  public ServiceCluster serviceCluster(String clusterKey) {
    return serviceClusters.getStore().getByKey(clusterKey);
  }

  /** Names of the ServiceClusters of {@code providerNamespace}. */
  public List<String> serviceClustersOf(String providerNamespace) {
    return serviceClusters.getStore().list().stream()
        .filter(sc -> providerNamespace.equals(sc.getMetadata().getNamespace()))
        .map(sc -> sc.getMetadata().getName())
        .toList();
  }

  /** The ServiceClusterAssignment {@code providerNamespace/name}, or null. */
  public ServiceClusterAssignment assignment(String key) {
    return assignments.getStore().getByKey(key);
  }

  /** The assignments being deleted (the agent may hold some of them). */
  public List<ServiceClusterAssignment> assignmentsBeingDeleted() {
    return assignments.getStore().list().stream()
        .filter(a -> a.getMetadata().getDeletionTimestamp() != null)
        .toList();
  }

  /**
   * The ready assignment of {@code cluster} whose service namespace is {@code serviceNamespace}.
   */
  public Optional<ServiceClusterAssignment> assignmentByServiceNamespace(
      String providerNamespace, String cluster, String serviceNamespace) {
    return assignmentsOf(providerNamespace, cluster).stream()
        .filter(a -> a.getStatus() != null && a.getStatus().isReady())
        .filter(
            a ->
                a.getStatus().getServiceClusterNamespace() != null
                    && serviceNamespace.equals(
                        a.getStatus().getServiceClusterNamespace().getName()))
        .findFirst();
  }

  /**
   * Service-side namespaces of a cluster's usable assignments: Ready ones, and those being deleted
   * that this agent still holds for their instances.
   */
  public Set<String> serviceNamespaces(String providerNamespace, String cluster) {
    return assignmentsOf(providerNamespace, cluster).stream()
        .filter(a -> Placements.usable(a) == null)
        .map(a -> a.getStatus().getServiceClusterNamespace().getName())
        .collect(Collectors.toSet());
  }

  /** The Offering of {@code kind} in the tenant namespace {@code namespace}, if published there. */
  public Offering offering(String namespace, OfferedKind kind) {
    return offerings.getStore().getByKey(namespace + "/" + Offerings.name(kind));
  }

  private List<ServiceClusterAssignment> assignmentsOf(String providerNamespace, String cluster) {
    return assignments.getStore().list().stream()
        .filter(a -> providerNamespace.equals(a.getMetadata().getNamespace()))
        .filter(a -> a.getSpec() != null && a.getSpec().getServiceCluster() != null)
        .filter(a -> cluster.equals(a.getSpec().getServiceCluster().getName()))
        .toList();
  }

  private static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private interface Change<T> {
    void changed(T oldObj, T newObj);
  }

  /** Adds and deletes as {@code (null, object)}, updates as {@code (old, new)}. */
  private static <T> ResourceEventHandler<T> handler(Change<T> change) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        change.changed(null, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        change.changed(oldObj, newObj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        change.changed(null, obj);
      }
    };
  }

  @Override
  public void close() {
    serviceClusters.stop();
    assignments.stop();
    offerings.stop();
  }
}
