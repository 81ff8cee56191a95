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

  /** One create (until all ready) or delete (until gone on both sides) of many instances. */
  record Throughput(
      String target,
      String phase,
      int instances,
      int repeat,
      double createSeconds,
      double seconds,
      double perSecond,
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
  public List<Restart> restarts = new ArrayList<>();
  public Map<String, Long> failedRequests = new LinkedHashMap<>();
  public List<Verdict> verdicts = new ArrayList<>();
}
