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

  /** One restart of the propagation agent with the large run's instances in place. */
  record Restart(
      int repeat,
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
