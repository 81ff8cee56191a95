package io.kubecarrier.propagation.kinds;

import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.hub.HubCache;
import io.kubecarrier.propagation.metrics.PropagationMetrics;
import io.kubecarrier.propagation.placement.Placements;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which service clusters, and which of their namespaces, each offered kind watches: the regions of
 * its entry and those that still hold instances of it, in this agent's shard; in each, the
 * service-side namespaces of the usable assignments (and their Secrets, for connection Secrets).
 */
public final class RegionWatches {

  private final HubCache hub;
  private final ClusterConnections connections;
  private final Placements placements;
  private final PropagationMetrics metrics;
  private final Propagators propagators;
  private volatile boolean stopped;

  public RegionWatches(
      HubCache hub,
      ClusterConnections connections,
      Placements placements,
      PropagationMetrics metrics,
      Propagators propagators) {
    this.propagators = propagators;
    this.hub = hub;
    this.connections = connections;
    this.placements = placements;
    this.metrics = metrics;
  }

  /** Stops the watches of regions {@code p} left, and starts those it lacks. */
  public void update(Propagator p) {
    if (p == null || stopped) {
      return;
    }
    OfferedKind kind = p.kind();
    Set<String> regions = regionsOf(p);
    for (String clusterKey : Set.copyOf(p.services().watchedClusters())) {
      String region = clusterKey.substring(clusterKey.indexOf('/') + 1);
      if (!regions.contains(region) || hub.serviceCluster(clusterKey) == null) {
        p.services().unwatch(clusterKey);
      }
    }
    for (String region : regions) {
      String clusterKey = kind.entryNamespace() + "/" + region;
      if (hub.serviceCluster(clusterKey) == null || !placements.mine(clusterKey)) {
        continue;
      }
      ClusterConnections.Result r = connections.get(clusterKey);
      if (r.ok()) {
        metrics.reachable(clusterKey, r.connection().reachable());
        watch(p, r.connection());
      }
    }
  }

  /** From now on nothing is watched any more (the agent stops). */
  public void stop() {
    stopped = true;
  }

  /** Watches the service-side namespaces of {@code conn}'s cluster for {@code p}. */
  public void watch(Propagator p, Connection conn) {
    Set<String> namespaces = hub.serviceNamespaces(p.kind().entryNamespace(), conn.cluster());
    p.services().watch(conn, namespaces);
    boolean configMaps =
        propagators.ofProvider(p.kind().entryNamespace()).stream()
            .anyMatch(q -> q.kind().declares(io.kubecarrier.api.common.RelatedKind.ConfigMap));
    connections.watchSecrets(conn, namespaces, configMaps);
  }

  /**
   * The regions a kind lives in: those its entry offers, and those no longer offered that still
   * hold instances of it (withdrawn regions keep syncing).
   */
  public Set<String> regionsOf(Propagator p) {
    Set<String> regions = new TreeSet<>(p.kind().regions());
    hub.serviceClustersOf(p.kind().entryNamespace()).stream()
        .filter(p::regionInUse)
        .forEach(regions::add);
    return regions;
  }
}
