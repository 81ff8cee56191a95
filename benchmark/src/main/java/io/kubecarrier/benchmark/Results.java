package io.kubecarrier.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured; written as JSON and CSV, and printed as tables. */
final class Results {

  /** Where it ran. */
  record Machine(
      int cores,
      double memoryGiB,
      String cpu,
      String kernel,
      String java,
      String kubernetes,
      String commit) {}

  /**
   * One create or delete of many instances, from the first request: {@code synced} when every
   * service-side object is written (and, for the hub, every instance says Synced), {@code ready}
   * when every instance has the service operator's {@code Running} back; a delete is synced and
   * ready when every instance is gone on both sides.
   */
  record Throughput(
      String target,
      String phase,
      int instances,
      int repeat,
      double requestsSeconds,
      double syncedSeconds,
      double syncedPerSecond,
      double readySeconds,
      double readyPerSecond,
      int missing) {}

  /** One latency round: percentiles of its samples, in seconds. */
  record Latency(String target, String metric, int round, Stats.Summary seconds, int missing) {}

  /**
   * One latency figure over all its samples, in seconds: {@code load} is {@link #IDLE} (the paced
   * rounds, all rounds pooled) or {@link #UNDER_LOAD} (every instance of the large create run).
   */
  record LatencyFigure(
      String target, String metric, String load, Stats.Summary seconds, int missing) {}

  static final String IDLE = "idle";
  static final String UNDER_LOAD = "under load";

  /** One restart of the propagation agent with the large run's instances in place. */
  record Restart(
      int repeat,
      String signal,
      int instances,
      int changesWhileDown,
      double readySeconds,
      double changesSeconds,
      double drainedSeconds,
      double peakRssMiB,
      int missing) {}

  /** One target of the issue, checked. */
  record Verdict(String what, String measured, String target, boolean met) {}

  public String startedAt;
  public double durationSeconds;
  public Machine machine;
  public Plan plan;
  public Map<String, Double> startupSeconds = new LinkedHashMap<>();
  public List<Throughput> throughput = new ArrayList<>();
  public List<Latency> latency = new ArrayList<>();
  public List<LatencyFigure> latencyFigures = new ArrayList<>();

  /**
   * Open watches at the end of the hub's large create run, from each API server's {@code
   * apiserver_longrunning_requests{verb="WATCH"}}: {@code cluster resource} → count (every client:
   * the operators, the copier, the benchmark's own watches, kube-controller-manager).
   */
  public Map<String, Double> watches = new java.util.TreeMap<>();

  /** The same before the operators started: the control plane's own (kube-controller-manager). */
  public Map<String, Double> controlPlaneWatches = new java.util.TreeMap<>();

  /**
   * The agent's own count of its service-side watches, by resource ({@code
   * kubecarrier_propagation_service_watches}).
   */
  public Map<String, Double> agentServiceWatches = new java.util.TreeMap<>();

  /**
   * With two agents sharded by service cluster, after their large create run: shard (its region) →
   * cluster → its TCP connections there.
   */
  public Map<String, Map<String, Integer>> shardConnections = new LinkedHashMap<>();

  /** The agent's open TCP connections at the same time, by cluster it connects to. */
  public Map<String, Integer> agentConnections = new LinkedHashMap<>();

  public Map<String, Footprint.Usage> footprint = new LinkedHashMap<>();
  public double footprintWindowSeconds;

  /** CPU and memory of every process during each system's large create run. */
  public Map<String, Map<String, Footprint.Usage>> processes = new LinkedHashMap<>();

  /** API requests (verb, resource) each cluster served during each system's large create run. */
  public Map<String, Map<String, Double>> apiRequests = new LinkedHashMap<>();

  public List<Restart> restarts = new ArrayList<>();
  public Map<String, Long> failedRequests = new LinkedHashMap<>();
  public List<Verdict> verdicts = new ArrayList<>();
}
