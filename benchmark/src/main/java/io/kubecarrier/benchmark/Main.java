package io.kubecarrier.benchmark;

import io.kubecarrier.testkit.K8sBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code ./kc bench [full|tenants|quick]}: runs the {@link Benchmark} on fresh clusters under
 * {@code .bench/}, prints the tables, writes {@code .bench/results/<time>.json} and {@code .csv}; a
 * full or tenants run also refreshes its figures in {@code docs/benchmarks.md} and {@code
 * docs/benchmarks/}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws IOException {
    Plan plan = Plan.named(args.length > 0 ? args[0] : "full");
    Path root = K8sBinaries.repoRoot();
    Path dir = root.resolve(".bench");
    Path run = dir.resolve("run");
    if (Files.exists(run)) {
      try (var files = Files.walk(run)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    Results results = new Benchmark(plan, run).run();
    String table = Report.markdown(results);
    System.out.println();
    System.out.println(table);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path json = dir.resolve("results").resolve(stamp + "-" + plan.name() + ".json");
    Report.writeJson(results, json);
    Report.writeCsv(results, json.resolveSibling(stamp + "-" + plan.name() + ".csv"));
    System.out.println("results: " + json + " (and .csv)");
    if (plan != Plan.QUICK) {
      String latest = plan == Plan.FULL ? "latest" : "latest-" + plan.name();
      Report.writeJson(results, root.resolve("docs/benchmarks/" + latest + ".json"));
      Report.writeCsv(results, root.resolve("docs/benchmarks/" + latest + ".csv"));
      Report.writeDocs(
          results,
          root.resolve("docs/benchmarks.md"),
          plan == Plan.FULL ? "./kc bench" : "./kc bench " + plan.name());
      System.out.println(
          "docs/benchmarks.md and docs/benchmarks/" + latest + ".{json,csv} updated");
    }
    System.exit(0);
  }
}
