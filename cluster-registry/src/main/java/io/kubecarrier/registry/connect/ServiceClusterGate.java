package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Failures;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The way of the discovery and assignment controllers into a service cluster: the referenced
 * ServiceCluster must exist and be reachable ({@code ServiceClusterReachable=True}), then its
 * cached client is used. Reachability, not {@code Ready}: a ServiceCluster being deleted is not
 * Ready while it waits for its assignments, and those need the cluster to finish.
 *
 * <p>Also builds the informer event source through which those controllers learn that a
 * ServiceCluster appeared, went, changed its reachability, started its deletion or was let go
 * (heartbeats alone do not wake them).
 */
@Singleton
public class ServiceClusterGate {

  /** Name of the ServiceCluster event source of the dependent controllers. */
  public static final String EVENT_SOURCE = "serviceclusters";

  private static final String INDEX = "by-service-cluster";
  private static final Set<String> NO_ANSWER =
      Set.of(Reasons.UNREACHABLE, Reasons.HEARTBEAT_TIMEOUT);

  private final ServiceClusterClients clients;

  @Inject
  public ServiceClusterGate(ServiceClusterClients clients) {
    this.clients = clients;
  }

  /** Either a connection to use, or why there is none. */
  public interface Passage {
    /** The cluster is reachable; use {@code connection}. */
    record Open(ServiceCluster cluster, ServiceClusterConnection connection) implements Passage {}

    /**
     * No way in now: {@code reason} and {@code message} for a condition; {@code missing} when the
     * ServiceCluster does not exist at all; {@code letGo} when it carries {@code
     * kubecarrier.io/let-go: "true"} (its provider gave it up for good).
     */
    record Closed(String reason, String message, boolean missing, boolean letGo)
        implements Passage {}
  }

  /**
   * An informer on ServiceClusters for a controller of {@code primaryClass}, mapping each
   * ServiceCluster to the primaries that name it ({@code serviceClusterOf}); updates count only
   * when {@link #mattersToDependents} says so.
   */
  public static <P extends HasMetadata> InformerEventSource<ServiceCluster, P> eventSource(
      EventSourceContext<P> context, Class<P> primaryClass, Function<P, String> serviceClusterOf) {
    context
        .getPrimaryCache()
        .addIndexer(
            INDEX,
            p -> {
              String sc = serviceClusterOf.apply(p);
              return sc == null ? List.of() : List.of(indexKey(p, sc));
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
            .withOnUpdateFilter(ServiceClusterGate::mattersToDependents)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * Whether an update of a ServiceCluster matters to its dependents: a new generation, a change of
   * {@code ServiceClusterReachable} (status or reason), the start of its deletion, or a change of
   * the {@code kubecarrier.io/let-go} annotation. Heartbeats alone (version, last heartbeat time,
   * messages) and {@code Ready} do not.
   */
  public static boolean mattersToDependents(ServiceCluster updated, ServiceCluster old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(reachability(updated), reachability(old))
        || (updated.getMetadata().getDeletionTimestamp() != null
            && old.getMetadata().getDeletionTimestamp() == null)
        || !Objects.equals(letGoAnnotation(updated), letGoAnnotation(old));
  }

  /** Whether {@code sc} carries {@code kubecarrier.io/let-go: "true"}. */
  public static boolean letGo(ServiceCluster sc) {
    return Annotations.LET_GO_TRUE.equals(letGoAnnotation(sc));
  }

  /**
   * Why {@code sc} cannot be entered by its condition {@code ServiceClusterReachable}, or empty
   * when it is {@code True}. Not answering ({@code Unreachable}, {@code HeartbeatTimeout}) gives
   * {@link Reasons#CLUSTER_UNREACHABLE}; anything else (not checked yet, Secret, kubeconfig,
   * credentials, TLS) {@link Reasons#SERVICE_CLUSTER_NOT_READY}.
   */
  public static Optional<Passage.Closed> closedUnlessReachable(ServiceCluster sc) {
    String ref = sc.getMetadata().getNamespace() + "/" + sc.getMetadata().getName();
    Optional<Condition> reachable =
        Conditions.find(
            sc.getStatus() == null ? null : sc.getStatus().getConditions(),
            ConditionTypes.SERVICE_CLUSTER_REACHABLE);
    if (reachable.isPresent() && Condition.TRUE.equals(reachable.get().getStatus())) {
      return Optional.empty();
    }
    if (reachable.isEmpty()) {
      return Optional.of(
          new Passage.Closed(
              Reasons.SERVICE_CLUSTER_NOT_READY,
              "ServiceCluster " + ref + " has not been reached yet; waiting for its heartbeat.",
              false,
              letGo(sc)));
    }
    Condition c = reachable.get();
    boolean noAnswer = NO_ANSWER.contains(c.getReason());
    return Optional.of(
        new Passage.Closed(
            noAnswer ? Reasons.CLUSTER_UNREACHABLE : Reasons.SERVICE_CLUSTER_NOT_READY,
            "ServiceCluster "
                + ref
                + (noAnswer ? " does not answer (" : " cannot be used (")
                + c.getReason()
                + ": "
                + c.getMessage()
                + "); waiting for it.",
            false,
            letGo(sc)));
  }

  /**
   * What went wrong with a request of a dependent through an open passage, as a condition reason
   * and message: {@link Failures#classify}, where no answer ({@link Reasons#UNREACHABLE}) becomes
   * {@link Reasons#CLUSTER_UNREACHABLE}, as a closed passage says it. Every answer keeps its own
   * reason: {@link Reasons#REQUEST_REJECTED} (the API server refused this request, for example HTTP
   * 409 or 422), {@link Reasons#SERVER_ERROR} (HTTP 429, 5xx), {@link Reasons#UNAUTHORIZED} (401,
   * 403), {@link Reasons#TLS_ERROR}.
   */
  public static ConnectionException failure(Throwable error, ServiceClusterConnection connection) {
    ConnectionException failure = Failures.classify(error, connection.server());
    return Reasons.UNREACHABLE.equals(failure.reason())
        ? new ConnectionException(
            Reasons.CLUSTER_UNREACHABLE, failure.getMessage(), failure.isTransient())
        : failure;
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
          true,
          false);
    }
    ServiceCluster sc = cluster.get();
    Optional<Passage.Closed> closed = closedUnlessReachable(sc);
    if (closed.isPresent()) {
      return closed.get();
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
          false,
          letGo(sc));
    }
  }

  /** Status and reason of {@code ServiceClusterReachable}, or {@code null} without it. */
  private static List<String> reachability(ServiceCluster sc) {
    return Conditions.find(
            sc.getStatus() == null ? null : sc.getStatus().getConditions(),
            ConditionTypes.SERVICE_CLUSTER_REACHABLE)
        .map(c -> List.of(String.valueOf(c.getStatus()), String.valueOf(c.getReason())))
        .orElse(null);
  }

  private static String letGoAnnotation(ServiceCluster sc) {
    Map<String, String> annotations = sc.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Annotations.LET_GO);
  }

  private static String indexKey(HasMetadata primary, String serviceCluster) {
    return primary.getMetadata().getNamespace() + "/" + serviceCluster;
  }
}
