package io.kubecarrier.benchmark;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Issue 18's targets, checked against a run's figures (medians over repeats). */
final class Verdicts {

  static final double LATENCY_RATIO = 1.5;
  static final double THROUGHPUT_RATIO = 0.7;
  static final double AGENT_RSS_MIB = 300;
  static final double AGENT_RSS_MIB_TENANTS = 500;
  static final double OTHER_RSS_MIB = 250;
  static final double RESTART_SECONDS = 30;

  /** Latency metrics with a target, idle and under load (the large run has no spec update). */
  static final List<String> IDLE_TARGETS = List.of("apply down", "status up", "end to end");

  static final List<String> LOAD_TARGETS =
      List.of("apply down (create)", "status up", "end to end");

  private Verdicts() {}

  /** Median over rounds of one latency percentile of one target and metric. */
  static Stats.Spread latency(
      Results r, String target, String metric, ToDoubleFunction<Stats.Summary> stat) {
    return Stats.spread(
        r.latency.stream()
            .filter(l -> l.target().equals(target) && l.metric().equals(metric))
            .map(l -> stat.applyAsDouble(l.seconds()))
            .toList());
  }

  /** One latency figure over all its samples ({@link Results#IDLE} or under load). */
  static Stats.Summary figure(Results r, String target, String metric, String load) {
    return r.latencyFigures.stream()
        .filter(
            l -> l.target().equals(target) && l.metric().equals(metric) && l.load().equals(load))
        .map(Results.LatencyFigure::seconds)
        .findFirst()
        .orElse(Stats.Summary.EMPTY);
  }

  /** Median over repeats of a throughput figure (until synced, or {@code ready}: Running back). */
  static Stats.Spread throughput(Results r, String target, String phase, int instances) {
    return throughput(r, target, phase, instances, Results.Throughput::syncedPerSecond);
  }

  static Stats.Spread throughput(
      Results r,
      String target,
      String phase,
      int instances,
      ToDoubleFunction<Results.Throughput> figure) {
    return Stats.spread(
        r.throughput.stream()
            .filter(
                t ->
                    t.target().equals(target)
                        && t.phase().equals(phase)
                        && t.instances() == instances)
            .map(figure::applyAsDouble)
            .toList());
  }

  /**
   * The agent's watches of offered kinds and their Events in all service clusters, divided by the
   * (kind, cluster) pairs: 2 when it watches each kind once per cluster, more when per namespace.
   */
  static double kindWatchesPerKindAndCluster(Results r, int kinds, int clusters) {
    double sum =
        r.agentServiceWatches.getOrDefault("offered-kinds", Double.NaN)
            + r.agentServiceWatches.getOrDefault("events", Double.NaN);
    return sum / (kinds * clusters);
  }

  static void check(Results r) {
    r.verdicts.clear();
    for (String load : List.of(Results.IDLE, Results.UNDER_LOAD)) {
      for (String metric : load.equals(Results.IDLE) ? IDLE_TARGETS : LOAD_TARGETS) {
        Stats.Summary hub = figure(r, Target.HUB, metric, load);
        Stats.Summary base = figure(r, Target.BASELINE, metric, load);
        double ratio = Stats.ratio(hub.p99(), base.p99());
        r.verdicts.add(
            new Results.Verdict(
                metric + " p99, " + load + " (" + hub.n() + " samples)",
                "%.3f s, %.2f× baseline (%.3f s)".formatted(hub.p99(), ratio, base.p99()),
                "≤ %.1f× baseline".formatted(LATENCY_RATIO),
                ratio <= LATENCY_RATIO));
      }
    }
    for (int n : List.of(r.plan.smallRun(), r.plan.largeRun())) {
      for (String figure : List.of("synced", "Running", "delete")) {
        ToDoubleFunction<Results.Throughput> value =
            figure.equals("Running")
                ? Results.Throughput::readyPerSecond
                : Results.Throughput::syncedPerSecond;
        String phase = figure.equals("delete") ? "delete" : "create";
        // the large run is deleted with the latency rounds' instances: the largest delete
        int size = phase.equals("delete") && n == r.plan.largeRun() ? largestDelete(r, n) : n;
        double hub = throughput(r, Target.HUB, phase, size, value).median();
        double base = throughput(r, Target.BASELINE, phase, size, value).median();
        double ratio = Stats.ratio(hub, base);
        r.verdicts.add(
            new Results.Verdict(
                (phase.equals("delete") ? "delete " : "create → " + figure + ", ")
                    + n
                    + " instances",
                "%.0f/s, %.2f× baseline (%.0f/s)".formatted(hub, ratio, base),
                "≥ %.1f× baseline".formatted(THROUGHPUT_RATIO),
                ratio >= THROUGHPUT_RATIO));
      }
    }
    double sharded = throughput(r, Target.HUB, Benchmark.SHARDED, r.plan.largeRun()).median();
    if (!Double.isNaN(sharded)) {
      double base = throughput(r, Target.BASELINE, "create", r.plan.largeRun()).median();
      double single = throughput(r, Target.HUB, "create", r.plan.largeRun()).median();
      r.verdicts.add(
          new Results.Verdict(
              "create → synced with 2 agents sharded by cluster, " + r.plan.largeRun(),
              "%.0f/s, %.2f× baseline, %.2f× one agent"
                  .formatted(sharded, Stats.ratio(sharded, base), Stats.ratio(sharded, single)),
              "≥ %.1f× baseline".formatted(THROUGHPUT_RATIO),
              Stats.ratio(sharded, base) >= THROUGHPUT_RATIO));
      boolean own =
          r.shardConnections.entrySet().stream()
              .allMatch(
                  e ->
                      e.getValue().getOrDefault(e.getKey(), 0) > 0
                          && r.shardConnections.keySet().stream()
                              .filter(other -> !other.equals(e.getKey()))
                              .allMatch(other -> e.getValue().getOrDefault(other, 0) == 0));
      r.verdicts.add(
          new Results.Verdict(
              "each sharded agent connects to its own service cluster only",
              r.shardConnections.toString(),
              "no connection to the other shard's cluster",
              own));
    }
    if (!r.agentServiceWatches.isEmpty()) {
      double perPair =
          kindWatchesPerKindAndCluster(r, OFFERED_KINDS, serviceClusters(r.agentConnections));
      r.verdicts.add(
          new Results.Verdict(
              "agent's watches of offered kinds and Events, per (kind, service cluster), "
                  + r.plan.namespaces()
                  + " tenant namespaces",
              "%.1f (secrets: %.0f, one per service-side namespace)"
                  .formatted(perPair, r.agentServiceWatches.getOrDefault("secrets", Double.NaN)),
              "2 (the kind's and its Events'), whatever the tenants",
              perPair <= 2));
    }
    double agentLimit = r.plan.namespaces() >= 1_000 ? AGENT_RSS_MIB_TENANTS : AGENT_RSS_MIB;
    r.footprint.forEach(
        (op, usage) -> {
          double limit = op.equals(Benchmark.AGENT) ? agentLimit : OTHER_RSS_MIB;
          r.verdicts.add(
              new Results.Verdict(
                  op + " peak RSS during the " + r.plan.largeRun() + " run",
                  "%.0f MiB".formatted(usage.peakRssMiB()),
                  "< %.0f MiB".formatted(limit),
                  usage.peakRssMiB() < limit));
        });
    for (String signal : List.of("SIGTERM", "SIGKILL")) {
      List<Results.Restart> restarts =
          r.restarts.stream().filter(x -> x.signal().equals(signal)).toList();
      if (restarts.isEmpty()) {
        continue;
      }
      Stats.Spread back =
          Stats.spread(
              restarts.stream()
                  .map(x -> Math.max(x.changesSeconds(), x.drainedSeconds()))
                  .toList());
      Stats.Spread rss = Stats.spread(restarts, Results.Restart::peakRssMiB);
      r.verdicts.add(
          new Results.Verdict(
              "agent restart after " + signal + " back in sync",
              "%.1f s".formatted(back.median()),
              "< %.0f s".formatted(RESTART_SECONDS),
              back.median() < RESTART_SECONDS));
      r.verdicts.add(
          new Results.Verdict(
              "agent peak RSS after a restart (" + signal + ")",
              "%.0f MiB".formatted(rss.max()),
              "< %.0f MiB".formatted(agentLimit),
              rss.max() < agentLimit));
    }
  }

  private static int largestDelete(Results r, int atLeast) {
    return r.throughput.stream()
        .filter(t -> t.phase().equals("delete") && t.instances() >= atLeast)
        .mapToInt(Results.Throughput::instances)
        .max()
        .orElse(atLeast);
  }

  /** Kinds the walkthrough offers (Redis, RedisBackup, RedisRestore). */
  static final int OFFERED_KINDS =
      io.kubecarrier.testkit.sample.SampleRedisOperator.CRD_NAMES.size();

  /** Service clusters among {@code connections}' keys (all but the management cluster). */
  static int serviceClusters(Map<String, Integer> connections) {
    return Math.max(1, connections.size() - 1);
  }
}
