package io.kubecarrier.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The targets, checked against a run's figures (medians over repeats). */
final class Verdicts {

  static final double LATENCY_RATIO = 1.5;
  static final double LATENCY_MAX_SECONDS = 1.0;
  static final double THROUGHPUT_RATIO = 0.7;
  static final double THROUGHPUT_MIN = 100;
  static final double AGENT_RSS_MIB = 400;
  static final double OTHER_RSS_MIB = 250;
  static final double RESTART_SECONDS = 60;

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

  static void check(Results r) {
    r.verdicts.clear();
    for (String metric : List.of("apply down", "status up")) {
      double hub = latency(r, Target.HUB, metric, Stats.Summary::p99).median();
      double base = latency(r, Target.BASELINE, metric, Stats.Summary::p99).median();
      double ratio = Stats.ratio(hub, base);
      r.verdicts.add(
          new Results.Verdict(
              metric + " p99 at " + r.plan.largeRun() + " instances",
              "%.3f s, %.2f× baseline (%.3f s)".formatted(hub, ratio, base),
              "≤ %.1f× baseline and < %.0f s".formatted(LATENCY_RATIO, LATENCY_MAX_SECONDS),
              ratio <= LATENCY_RATIO && hub < LATENCY_MAX_SECONDS));
    }
    for (int n : List.of(r.plan.smallRun(), r.plan.largeRun())) {
      double hub = throughput(r, Target.HUB, "create", n).median();
      double base = throughput(r, Target.BASELINE, "create", n).median();
      double ratio = Stats.ratio(hub, base);
      r.verdicts.add(
          new Results.Verdict(
              "throughput, " + n + " instances",
              "%.0f/s, %.2f× baseline (%.0f/s)".formatted(hub, ratio, base),
              "≥ %.1f× baseline and ≥ %.0f/s".formatted(THROUGHPUT_RATIO, THROUGHPUT_MIN),
              ratio >= THROUGHPUT_RATIO && hub >= THROUGHPUT_MIN));
    }
    r.footprint.forEach(
        (op, usage) -> {
          double limit = op.equals(Benchmark.AGENT) ? AGENT_RSS_MIB : OTHER_RSS_MIB;
          r.verdicts.add(
              new Results.Verdict(
                  op + " peak RSS during the " + r.plan.largeRun() + " run",
                  "%.0f MiB".formatted(usage.peakRssMiB()),
                  "< %.0f MiB".formatted(limit),
                  usage.peakRssMiB() < limit));
        });
    Stats.Spread restart =
        Stats.spread(
            r.restarts.stream()
                .map(x -> Math.max(x.changesSeconds(), x.drainedSeconds()))
                .toList());
    r.verdicts.add(
        new Results.Verdict(
            "agent restart back in sync",
            "%.1f s".formatted(restart.median()),
            "< %.0f s".formatted(RESTART_SECONDS),
            restart.median() < RESTART_SECONDS));
  }
}
