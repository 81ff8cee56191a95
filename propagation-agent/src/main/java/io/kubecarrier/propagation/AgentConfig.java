package io.kubecarrier.propagation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the propagation agent ({@code kubecarrier.propagation-agent.*}). */
@ConfigMapping(prefix = "kubecarrier.propagation-agent")
public interface AgentConfig {

  /**
   * Scope of the watches of offered kinds in service clusters: {@code auto} watches a kind
   * cluster-wide where KubeCarrier's identity may list and watch it and Events in all namespaces
   * (one watch per kind and cluster), else per service-side namespace; {@code namespace} always per
   * namespace (docs/propagation-agent.md, "Watch scope").
   */
  @WithDefault("auto")
  io.kubecarrier.propagation.kinds.WatchScope.Setting serviceWatchScope();

  /** Worker threads that reconcile instances; one instance is never reconciled by two at once. */
  @WithDefault("8")
  int workers();

  /** First retry delay of a failed instance; doubles per failure up to {@link #retryMax()}. */
  @WithDefault("500ms")
  Duration retryInitial();

  /** Longest retry delay of a failed instance. */
  @WithDefault("60s")
  Duration retryMax();

  /** How often each service cluster in use is probed ({@code GET /version}). */
  @WithDefault("10s")
  Duration probeInterval();

  /** Connect and request timeout of service cluster clients. */
  @WithDefault("10s")
  Duration clusterTimeout();

  /**
   * Sharding: a label selector on ServiceClusters (for example {@code shard=b} or {@code
   * shard!=b}); this agent handles only instances whose region's ServiceCluster matches. Empty:
   * every cluster.
   */
  Optional<String> serviceClusterSelector();

  /**
   * Whether this agent reports on instances that cannot be placed (no region, unknown region,
   * missing ServiceCluster): exactly one agent of a sharded set should, by default the unsharded
   * one.
   */
  @WithDefault("true")
  boolean reportUnplaced();

  /**
   * The service operator's Events are mirrored onto tenant instances: at most this many new
   * distinct ones (type, reason, message) per instance and minute, also the burst; repeats of one
   * mirrored already only raise its count. 0 mirrors none.
   */
  @WithDefault("10")
  int eventsPerMinute();

  /** Name of the Lease used for leader election (prod profile), in the agent's namespace. */
  @WithDefault("propagation-agent")
  String leaseName();
}
