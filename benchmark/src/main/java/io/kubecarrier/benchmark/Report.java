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
  private static final List<String> LATENCIES =
      List.of("apply down", "apply down (create)", "status up", "end to end");

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
            "**Latency** (seconds, from the benchmark's watches), with the large run's instances"
                + " in place: median over %d rounds of %d operations paced at %.0f/s; spread ="
                + " min–max of the rounds' p99.%n%n",
            r.plan.latencyRounds(), r.plan.latencyOps(), r.plan.latencyRate()));
    b.append("| metric | system | p50 | p90 | p99 | max | p99 spread | p99 vs baseline |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (String metric : LATENCIES) {
      double baseP99 = Verdicts.latency(r, Target.BASELINE, metric, Stats.Summary::p99).median();
      for (String t : List.of(Target.BASELINE, Target.HUB)) {
        Stats.Spread p99 = Verdicts.latency(r, t, metric, Stats.Summary::p99);
        b.append(
            f(
                "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f–%.3f | %s |%n",
                t.equals(Target.BASELINE) ? metric : "",
                t,
                Verdicts.latency(r, t, metric, Stats.Summary::p50).median(),
                Verdicts.latency(r, t, metric, Stats.Summary::p90).median(),
                p99.median(),
                Verdicts.latency(r, t, metric, Stats.Summary::max).median(),
                p99.min(),
                p99.max(),
                t.equals(Target.HUB) ? ratio(Stats.ratio(p99.median(), baseP99)) : ""));
      }
    }

    b.append(
        "\n**Throughput** (instances per second from the first request; create → synced: every"
            + " service-side object written and, for the hub, every instance Synced; create →"
            + " Running: the sample operator's status back on every instance; delete: every"
            + " instance gone on both sides). Median of the repeats, spread in brackets.\n\n");
    b.append("| run | repeats | baseline | hub | hub vs baseline |\n");
    b.append("|---|---:|---:|---:|---:|\n");
    for (String phase : List.of("create", "delete")) {
      List<Integer> sizes =
          r.throughput.stream()
              .filter(t -> t.phase().equals(phase))
              .map(Results.Throughput::instances)
              .distinct()
              .sorted()
              .toList();
      for (int n : sizes) {
        for (boolean ready : phase.equals("create") ? List.of(false, true) : List.of(false)) {
          ToDoubleFunction<Results.Throughput> figure =
              ready ? Results.Throughput::readyPerSecond : Results.Throughput::syncedPerSecond;
          Stats.Spread base = Verdicts.throughput(r, Target.BASELINE, phase, n, figure);
          Stats.Spread hub = Verdicts.throughput(r, Target.HUB, phase, n, figure);
          b.append(
              f(
                  "| %s %,d%s | %d | %s | %s | %s |%n",
                  phase,
                  n,
                  phase.equals("delete") ? "" : ready ? " → Running" : " → synced",
                  hub.n(),
                  rate(base),
                  rate(hub),
                  ratio(Stats.ratio(hub.median(), base.median()))));
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

    if (!r.restarts.isEmpty()) {
      Results.Restart first = r.restarts.get(0);
      b.append(
          f(
              "%n**Agent restart** with %,d instances in place and %d changes made while it was"
                  + " down (seconds from process start; median of %d, spread in brackets).%n%n",
              first.instances(), first.changesWhileDown(), r.restarts.size()));
      b.append("| ready | changes propagated | queue drained | peak RSS MiB |\n");
      b.append("|---:|---:|---:|---:|\n");
      b.append(
          f(
              "| %s | %s | %s | %s |%n",
              spread(Stats.spread(r.restarts, Results.Restart::readySeconds), "%.1f"),
              spread(Stats.spread(r.restarts, Results.Restart::changesSeconds), "%.1f"),
              spread(Stats.spread(r.restarts, Results.Restart::drainedSeconds), "%.1f"),
              spread(Stats.spread(r.restarts, Results.Restart::peakRssMiB), "%.0f")));
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
      b.append(f("restart,hub,agent,ready,%d,%s,s%n", x.repeat(), num(x.readySeconds())));
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
    try {
      String text = Files.readString(doc);
      int begin = text.indexOf(DOCS_BEGIN);
      int end = text.indexOf(DOCS_END);
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(doc + " has no results markers");
      }
      String generated =
          DOCS_BEGIN + "\n\nCommand: `" + command + "`\n\n" + markdown(r) + "\n" + DOCS_END;
      Files.writeString(
          doc, text.substring(0, begin) + generated + text.substring(end + DOCS_END.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
