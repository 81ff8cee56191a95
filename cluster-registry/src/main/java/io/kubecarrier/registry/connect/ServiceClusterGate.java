package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The way of the discovery and assignment controllers into a service cluster: the referenced
 * ServiceCluster must exist and be Ready, then its cached client is used. Also builds the informer
 * event source through which those controllers learn that a ServiceCluster appeared, went or
 * changed its readiness (heartbeats alone do not wake them).
 */
@Singleton
public class ServiceClusterGate {

  /** Name of the ServiceCluster event source of the dependent controllers. */
  public static final String EVENT_SOURCE = "serviceclusters";

  private static final String INDEX = "by-service-cluster";

  private final ServiceClusterClients clients;

  @Inject
  public ServiceClusterGate(ServiceClusterClients clients) {
    this.clients = clients;
  }

  /** Either a connection to use, or why there is none. */
  public interface Passage {
    /** The cluster is Ready; use {@code connection}. */
    record Open(ServiceCluster cluster, ServiceClusterConnection connection) implements Passage {}

    /**
     * No way in now: {@code reason} and {@code message} for a condition; {@code missing} when the
     * ServiceCluster does not exist at all.
     */
    record Closed(String reason, String message, boolean missing) implements Passage {}
  }

  /**
   * An informer on ServiceClusters for a controller of {@code primaryClass}, mapping each
   * ServiceCluster to the primaries that name it ({@code serviceClusterOf}); updates count only
   * when the generation or the Ready condition changed.
   */
  public static <P extends HasMetadata> InformerEventSource<ServiceCluster, P> eventSource(
      EventSourceContext<P> context, Class<P> primaryClass, Function<P, String> serviceClusterOf) {
    context
        .getPrimaryCache()
        .addIndexer(
            INDEX,
            p -> {
              String sc = serviceClusterOf.apply(p);
              return sc == null ? java.util.List.of() : java.util.List.of(indexKey(p, sc));
            });
    var configuration =
        InformerEventSourceConfiguration.from(ServiceCluster.class, primaryClass)
            .withName(EVENT_SOURCE)
            .withSecondaryToPrimaryMapper(
                sc ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            INDEX,
                            sc.getMetadata().getNamespace() + "/" + sc.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(ServiceClusterGate::readinessOrSpecChanged)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** Whether an update of a ServiceCluster matters to its dependents. */
  public static boolean readinessOrSpecChanged(ServiceCluster updated, ServiceCluster old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || ready(updated) != ready(old)
        || updated.getMetadata().getDeletionTimestamp() != null;
  }

  /** The passage into the ServiceCluster {@code name} of {@code primary}'s namespace. */
  @SuppressWarnings("unchecked")
  public <P extends HasMetadata> Passage enter(Context<P> context, P primary, String name) {
    String ns = primary.getMetadata().getNamespace();
    InformerEventSource<ServiceCluster, P> source =
        (InformerEventSource<ServiceCluster, P>)
            context.eventSourceRetriever().getEventSourceFor(ServiceCluster.class, EVENT_SOURCE);
    Optional<ServiceCluster> cluster = source.get(new ResourceID(name, ns));
    if (cluster.isEmpty()) {
      return new Passage.Closed(
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster "
              + ns
              + "/"
              + name
              + " does not exist. Create it, or fix spec.serviceCluster.name.",
          true);
    }
    ServiceCluster sc = cluster.get();
    if (!ready(sc)) {
      Optional<Condition> reachable =
          Conditions.find(
              sc.getStatus() == null ? null : sc.getStatus().getConditions(),
              ConditionTypes.SERVICE_CLUSTER_REACHABLE);
      boolean unreachable =
          reachable.isPresent()
              && !Condition.TRUE.equals(reachable.get().getStatus())
              && Set.of(Reasons.UNREACHABLE, Reasons.HEARTBEAT_TIMEOUT)
                  .contains(reachable.get().getReason());
      String why =
          sc.getStatus() == null
              ? "it has no status yet"
              : sc.getStatus()
                  .getCondition(ConditionTypes.READY)
                  .map(c -> c.getReason() + ": " + c.getMessage())
                  .orElse("it has no Ready condition yet");
      return new Passage.Closed(
          unreachable ? Reasons.CLUSTER_UNREACHABLE : Reasons.SERVICE_CLUSTER_NOT_READY,
          "ServiceCluster " + ns + "/" + name + " is not ready (" + why + "); waiting for it.",
          false);
    }
    Optional<ServiceClusterConnection> cached = clients.cached(ns, name);
    if (cached.isPresent()) {
      return new Passage.Open(sc, cached.get());
    }
    try {
      return new Passage.Open(sc, clients.connect(sc));
    } catch (ConnectionException e) {
      return new Passage.Closed(
          Reasons.SERVICE_CLUSTER_NOT_READY,
          "ServiceCluster " + ns + "/" + name + " cannot be used: " + e.getMessage(),
          false);
    }
  }

  private static boolean ready(ServiceCluster sc) {
    return sc.getStatus() != null && sc.getStatus().isReady();
  }

  private static String indexKey(HasMetadata primary, String serviceCluster) {
    return primary.getMetadata().getNamespace() + "/" + serviceCluster;
  }
}
