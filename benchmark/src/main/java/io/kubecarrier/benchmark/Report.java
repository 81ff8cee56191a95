package io.kubecarrier.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Renders {@link Results}: tables for stdout and Markdown, JSON, CSV. */
final class Report {

  static final String DOCS_BEGIN = "<!-- benchmark results: begin (written by ./kc bench) -->";
  static final String DOCS_END = "<!-- benchmark results: end -->";
  private static final List<String> LATENCIES = Benchmark.LATENCIES;

  private Report() {}

  /** The figures as Markdown tables (also what stdout shows). */
  static String markdown(Results r) {
    StringBuilder b = new StringBuilder();
    Results.Machine m = r.machine;
    b.append(
        f(
            "Run of %s (plan `%s`, %.0f min), commit `%s`: %d cores (%s), %.1f GiB, %s, %s,"
                + " Kubernetes %s. Management cluster and service clusters eu-west-1 and us-east-1"
                + " on loopback (one etcd), %d tenant namespaces, %d-instance large run.%n%n",
            r.startedAt,
            r.plan.name(),
            r.durationSeconds / 60,
            m.commit(),
            m.cores(),
            m.cpu(),
            m.memoryGiB(),
            m.kernel(),
            m.java(),
            m.kubernetes(),
            r.plan.namespaces(),
            r.plan.largeRun()));

    b.append(
        f(
            "**Latency** (seconds, from the request to the benchmark's watch on the other side):"
                + " _idle_ pools %d rounds of %d operations paced at %.0f/s each, with the large"
                + " run's instances in place (p99 spread = min–max of the rounds' own p99);"
                + " _under load_ takes every instance of the %,d-instance create run (status up"
                + " there: the operator's Running on the service side → the instance ready).%n%n",
            r.plan.latencyRounds(), r.plan.latencyOps(), r.plan.latencyRate(), r.plan.largeRun()));
    b.append(
        "| metric | load | system | samples | p50 | p90 | p99 | max | p99 spread | p99 vs"
            + " baseline |\n");
    b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String load : List.of(Results.IDLE, Results.UNDER_LOAD)) {
      for (String metric : LATENCIES) {
        Stats.Summary base = Verdicts.figure(r, Target.BASELINE, metric, load);
        if (base.n() == 0 && Verdicts.figure(r, Target.HUB, metric, load).n() == 0) {
          continue;
        }
        for (String t : List.of(Target.BASELINE, Target.HUB)) {
          Stats.Summary s = Verdicts.figure(r, t, metric, load);
          Stats.Spread rounds = Verdicts.latency(r, t, metric, Stats.Summary::p99);
          b.append(
              f(
                  "| %s | %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %s | %s |%n",
                  t.equals(Target.BASELINE) ? metric : "",
                  t.equals(Target.BASELINE) ? load : "",
                  t,
                  s.n(),
                  s.p50(),
                  s.p90(),
                  s.p99(),
                  s.max(),
                  load.equals(Results.IDLE) && rounds.n() > 0
                      ? f("%.3f–%.3f", rounds.min(), rounds.max())
                      : "",
                  t.equals(Target.HUB) ? ratio(Stats.ratio(s.p99(), base.p99())) : ""));
        }
      }
    }

    b.append(
        "\n**Throughput** (instances per second from the first request; create → synced: every"
            + " service-side object written and, for the hub, every instance Synced; create →"
            + " Running: the sample operator's status back on every instance; delete: every"
            + " instance gone on both sides). Median of the repeats, spread in brackets. The"
            + " warm-up runs come first, and only warm the JVMs, caches and connections: they are"
            + " not counted in any target.\n\n");
    b.append("| run | repeats | baseline | hub | hub vs baseline |\n");
    b.append("|---|---:|---:|---:|---:|\n");
    for (String phase :
        List.of(
            "create",
            "delete",
            Benchmark.SHARDED,
            Benchmark.SHARDED_DELETE,
            Benchmark.WARM_UP,
            Benchmark.WARM_UP_DELETE)) {
      List<Integer> sizes =
          r.throughput.stream()
              .filter(t -> t.phase().equals(phase))
              .map(Results.Throughput::instances)
              .distinct()
              .sorted()
              .toList();
      for (int n : sizes) {
        for (boolean ready : phase.contains("create") ? List.of(false, true) : List.of(false)) {
          ToDoubleFunction<Results.Throughput> figure =
              ready ? Results.Throughput::readyPerSecond : Results.Throughput::syncedPerSecond;
          Stats.Spread base = Verdicts.throughput(r, Target.BASELINE, phase, n, figure);
          Stats.Spread hub = Verdicts.throughput(r, Target.HUB, phase, n, figure);
          b.append(
              f(
                  "| %s %,d%s | %d | %s | %s | %s |%n",
                  phase,
                  n,
                  phase.contains("delete") ? "" : ready ? " → Running" : " → synced",
                  hub.n(),
                  rate(base.n() > 0 ? base : baselineOf(r, phase, n, figure)),
                  rate(hub),
                  ratio(
                      Stats.ratio(
                          hub.median(),
                          (base.n() > 0 ? base : baselineOf(r, phase, n, figure)).median()))));
        }
      }
    }

    b.append(
        f(
            "%n**Footprint** of each operator process during the hub's %,d-instance create run"
                + " (%.0f s): CPU seconds used, peak RSS; start-up = process start until ready.%n%n",
            r.plan.largeRun(), r.footprintWindowSeconds));
    b.append(
        "| operator | CPU s | CPU cores (avg) | peak RSS MiB | RSS at end MiB | start-up s |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    r.footprint.forEach(
        (op, u) ->
            b.append(
                f(
                    "| %s | %.1f | %.2f | %.0f | %.0f | %.1f |%n",
                    op,
                    u.cpuSeconds(),
                    u.cpuSeconds() / r.footprintWindowSeconds,
                    u.peakRssMiB(),
                    u.endRssMiB(),
                    r.startupSeconds.getOrDefault(op, Double.NaN))));

    if (!r.processes.isEmpty()) {
      b.append(
          f(
              "%n**Where the CPU goes** during each system's %,d-instance create run: CPU seconds"
                  + " per 1,000 instances, by process (the operators idle in the baseline's run).%n%n",
              r.plan.largeRun()));
      List<String> systems = new ArrayList<>(r.processes.keySet());
      b.append("| process | ").append(String.join(" | ", systems)).append(" |\n|---|");
      systems.forEach(s -> b.append("---:|"));
      b.append("\n");
      java.util.Set<String> names = new java.util.LinkedHashSet<>();
      r.processes.values().forEach(usage -> names.addAll(usage.keySet()));
      java.util.Map<String, Double> totals = new java.util.LinkedHashMap<>();
      for (String name : names) {
        b.append("| ").append(name).append(" |");
        for (String s : systems) {
          Footprint.Usage u = r.processes.get(s).get(name);
          double perK = u == null ? Double.NaN : u.cpuSeconds() * 1000 / r.plan.largeRun();
          totals.merge(s, Double.isNaN(perK) ? 0 : perK, Double::sum);
          b.append(f(" %.1f |", perK));
        }
        b.append("\n");
      }
      b.append("| **total** |");
      systems.forEach(s -> b.append(f(" **%.1f** |", totals.get(s))));
      b.append("\n");
    }

    if (!r.apiRequests.isEmpty()) {
      b.append(
          f(
              "%n**API requests per instance** during each system's %,d-instance create run, from"
                  + " the API servers' `apiserver_request_total` (all clients; watches"
                  + " excluded).%n%n",
              r.plan.largeRun()));
      List<String> systems = new ArrayList<>(r.apiRequests.keySet());
      b.append("| cluster, verb, resource | ")
          .append(String.join(" | ", systems))
          .append(" |\n|---|");
      systems.forEach(s -> b.append("---:|"));
      b.append("\n");
      java.util.Set<String> keys = new java.util.TreeSet<>();
      r.apiRequests.values().forEach(counts -> keys.addAll(counts.keySet()));
      java.util.Map<String, Double> totals = new java.util.LinkedHashMap<>();
      for (String k : keys) {
        boolean significant =
            systems.stream()
                .anyMatch(
                    s -> r.apiRequests.get(s).getOrDefault(k, 0.0) >= r.plan.largeRun() / 20.0);
        StringBuilder row = new StringBuilder("| " + k + " |");
        for (String s : systems) {
          double perInstance = r.apiRequests.get(s).getOrDefault(k, 0.0) / r.plan.largeRun();
          totals.merge(s, perInstance, Double::sum);
          row.append(f(" %.2f |", perInstance));
        }
        if (significant) {
          b.append(row).append("\n");
        }
      }
      b.append("| **total** (incl. rows under 0.05) |");
      systems.forEach(s -> b.append(f(" **%.2f** |", totals.get(s))));
      b.append("\n");
    }

    if (!r.watches.isEmpty()) {
      b.append(
          f(
              "%n**Watches** open on each API server with the hub's %,d instances in place (from"
                  + " `apiserver_longrunning_requests{verb=\"WATCH\"}`: every client, by resource;"
                  + " the control plane's own are those before the operators started; the"
                  + " benchmark adds one watch of `redis` per service cluster, the copier another,"
                  + " and on the management cluster two of the tenant kinds and one of the"
                  + " copier's). The agent's own count: %s. Its TCP connections: %s.%n%n",
              r.plan.largeRun(), r.agentServiceWatches, r.agentConnections));
      b.append("| cluster | resource | control plane | with the hub running |\n");
      b.append("|---|---|---:|---:|\n");
      java.util.Set<String> keys = new java.util.TreeSet<>(r.watches.keySet());
      keys.addAll(r.controlPlaneWatches.keySet());
      java.util.Map<String, double[]> totals = new java.util.TreeMap<>();
      for (String k : keys) {
        double before = r.controlPlaneWatches.getOrDefault(k, 0.0);
        double now = r.watches.getOrDefault(k, 0.0);
        String[] parts = k.split(" ", 2);
        double[] t = totals.computeIfAbsent(parts[0], c -> new double[2]);
        t[0] += before;
        t[1] += now;
        if (now != before) {
          b.append(f("| %s | %s | %.0f | %.0f |%n", parts[0], parts[1], before, now));
        }
      }
      totals.forEach(
          (cluster, t) -> b.append(f("| %s | **all** | %.0f | %.0f |%n", cluster, t[0], t[1])));
    }

    if (!r.shardConnections.isEmpty()) {
      b.append(
          f(
              "%n**Two agents** sharded by service cluster (rows `%s` above): each agent's TCP"
                  + " connections by cluster after its share of the run: %s.%n",
              Benchmark.SHARDED, r.shardConnections));
    }

    if (!r.restarts.isEmpty()) {
      Results.Restart first = r.restarts.get(0);
      b.append(
          f(
              "%n**Agent restart** with %,d instances in place and %d changes made while it was"
                  + " down (seconds from process start; median of %d, spread in brackets).%n%n",
              first.instances(), first.changesWhileDown(), r.restarts.size()));
      b.append("| stopped by | ready | changes propagated | queue drained | peak RSS MiB |\n");
      b.append("|---|---:|---:|---:|---:|\n");
      for (String signal : List.of("SIGTERM", "SIGKILL")) {
        List<Results.Restart> some =
            r.restarts.stream().filter(x -> x.signal().equals(signal)).toList();
        if (some.isEmpty()) {
          continue;
        }
        b.append(
            f(
                "| %s (%d) | %s | %s | %s | %s |%n",
                signal,
                some.size(),
                spread(Stats.spread(some, Results.Restart::readySeconds), "%.1f"),
                spread(Stats.spread(some, Results.Restart::changesSeconds), "%.1f"),
                spread(Stats.spread(some, Results.Restart::drainedSeconds), "%.1f"),
                spread(Stats.spread(some, Results.Restart::peakRssMiB), "%.0f")));
      }
    }

    b.append("\n**Targets**\n\n| target | measured | goal | met |\n|---|---|---|---|\n");
    for (Results.Verdict v : r.verdicts) {
      b.append(
          f(
              "| %s | %s | %s | %s |%n",
              v.what(), v.measured(), v.target(), v.met() ? "yes" : "**no**"));
    }
    List<String> failures = new ArrayList<>();
    r.failedRequests.forEach((k, v) -> failures.add(k + " " + v));
    b.append(f("%nFailed requests: %s.%n", String.join(", ", failures)));
    return b.toString();
  }

  static void writeJson(Results r, Path file) {
    try {
      Files.createDirectories(file.getParent());
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row per figure: section, system, metric, statistic, repeat, value, unit. */
  static void writeCsv(Results r, Path file) {
    StringBuilder b = new StringBuilder("section,system,metric,statistic,repeat,value,unit\n");
    for (Results.Latency l : r.latency) {
      Stats.Summary s = l.seconds();
      for (String[] stat :
          new String[][] {
            {"p50", num(s.p50())},
            {"p90", num(s.p90())},
            {"p99", num(s.p99())},
            {"max", num(s.max())}
          }) {
        b.append(
            f("latency,%s,%s,%s,%d,%s,s%n", l.target(), l.metric(), stat[0], l.round(), stat[1]));
      }
    }
    for (Results.LatencyFigure l : r.latencyFigures) {
      Stats.Summary s = l.seconds();
      for (String[] stat :
          new String[][] {{"p50", num(s.p50())}, {"p99", num(s.p99())}, {"max", num(s.max())}}) {
        b.append(
            f(
                "latency %s,%s,%s,%s,all,%s,s%n",
                l.load(), l.target(), l.metric(), stat[0], stat[1]));
      }
    }
    r.watches.forEach((k, v) -> b.append(f("watches,all,%s,open,1,%s,count%n", k, num(v))));
    for (Results.Throughput t : r.throughput) {
      b.append(
          f(
              "throughput,%s,%s %d synced,per second,%d,%s,1/s%n",
              t.target(), t.phase(), t.instances(), t.repeat(), num(t.syncedPerSecond())));
      b.append(
          f(
              "throughput,%s,%s %d ready,per second,%d,%s,1/s%n",
              t.target(), t.phase(), t.instances(), t.repeat(), num(t.readyPerSecond())));
    }
    r.footprint.forEach(
        (op, u) -> {
          b.append(f("footprint,hub,%s,cpu seconds,1,%s,s%n", op, num(u.cpuSeconds())));
          b.append(f("footprint,hub,%s,peak rss,1,%s,MiB%n", op, num(u.peakRssMiB())));
        });
    r.startupSeconds.forEach((op, s) -> b.append(f("startup,hub,%s,seconds,1,%s,s%n", op, num(s))));
    for (Results.Restart x : r.restarts) {
      b.append(
          f("restart,hub,agent %s,ready,%d,%s,s%n", x.signal(), x.repeat(), num(x.readySeconds())));
      b.append(
          f("restart,hub,agent,changes propagated,%d,%s,s%n", x.repeat(), num(x.changesSeconds())));
      b.append(f("restart,hub,agent,queue drained,%d,%s,s%n", x.repeat(), num(x.drainedSeconds())));
      b.append(f("restart,hub,agent,peak rss,%d,%s,MiB%n", x.repeat(), num(x.peakRssMiB())));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the generated part of {@code docs/benchmarks.md} (between the markers). */
  static void writeDocs(Results r, Path doc, String command) {
    String beginMarker =
        r.plan == Plan.FULL
            ? DOCS_BEGIN
            : DOCS_BEGIN.replace("results", "results (" + r.plan.name() + ")");
    String endMarker =
        r.plan == Plan.FULL
            ? DOCS_END
            : DOCS_END.replace("results", "results (" + r.plan.name() + ")");
    try {
      String text = Files.readString(doc);
      int begin = text.indexOf(beginMarker);
      int end = text.indexOf(endMarker);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(doc + " has no results markers");
      }
      String generated =
          beginMarker + "\n\nCommand: `" + command + "`\n\n" + markdown(r) + "\n" + endMarker;
      Files.writeString(
          doc, text.substring(0, begin) + generated + text.substring(end + endMarker.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The baseline of a hub-only phase (two agents): the baseline's own create or delete run. */
  private static Stats.Spread baselineOf(
      Results r, String phase, int n, ToDoubleFunction<Results.Throughput> figure) {
    return Verdicts.throughput(
        r, Target.BASELINE, phase.startsWith("create") ? "create" : "delete", n, figure);
  }

  private static String rate(Stats.Spread s) {
    return s.n() == 0 ? "–" : spread(s, "%.0f");
  }

  private static String spread(Stats.Spread s, String format) {
    if (s.n() <= 1) {
      return f(format, s.median());
    }
    return f(format + " (" + format + "–" + format + ")", s.median(), s.min(), s.max());
  }

  private static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "–" : f("%.2f×", ratio);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : f("%.4f", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
