package io.kubecarrier.benchmark.chaos;

import io.kubecarrier.testkit.K8sBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;

/**
 * {@code ./kc chaos [minutes|ci] [seed]}: a {@link Chaos} run on fresh clusters under {@code
 * .chaos/run}; prints the report, writes it to {@code .chaos/results/}, and for a run of 30 minutes
 * or more into {@code docs/reliability.md}. Exits 1 when an invariant was violated.
 */
public final class ChaosMain {

  /** Where docs/reliability.md's generated part begins; the text above it is kept. */
  static final String MARKER =
      "<!-- the latest ./kc chaos run of 30 minutes or more, generated -->";

  private ChaosMain() {}

  public static void main(String[] args) throws IOException {
    String length = args.length > 0 ? args[0] : "ci";
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis() % 1_000_000;
    ChaosPlan plan =
        "ci".equals(length)
            ? ChaosPlan.ci(seed)
            : ChaosPlan.minutes(Integer.parseInt(length), seed);
    Path root = K8sBinaries.repoRoot();
    Path dir = root.resolve(".chaos");
    Path run = dir.resolve("run");
    Files.createDirectories(dir);
    // one run at a time: two would share .chaos/run (and its etcd data directory)
    java.nio.channels.FileChannel lockFile =
        java.nio.channels.FileChannel.open(
            dir.resolve("lock"),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
    if (lockFile.tryLock() == null) {
      System.err.println("another ./kc chaos is running (" + dir.resolve("lock") + " is locked)");
      System.exit(2);
    }
    fresh(run);
    ChaosResult result = new Chaos(plan, run).run();
    String report = result.markdown(machine());
    System.out.println();
    System.out.println(report);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = dir.resolve("results").resolve(stamp + "-" + plan.name() + "-" + seed + ".md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, report);
    System.out.println("report: " + file);
    if (plan.duration().toMinutes() >= 30) {
      Path docs = root.resolve("docs/reliability.md");
      String text = Files.readString(docs);
      int at = text.indexOf(MARKER);
      if (at < 0) {
        throw new IllegalStateException(docs + " has lost its marker line " + MARKER);
      }
      Files.writeString(
          docs,
          text.substring(0, at + MARKER.length())
              + "\n\nRun of "
              + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)
              + " (`./kc chaos "
              + length
              + " "
              + seed
              + "`):\n\n"
              + report);
      System.out.println("docs/reliability.md updated");
    }
    System.exit(result.clean() ? 0 : 1);
  }

  /**
   * Deletes what an earlier run left under {@code run} (its clusters' etcd data among it): a run
   * always starts on empty clusters.
   */
  static void fresh(Path run) throws IOException {
    if (Files.exists(run)) {
      try (var files = Files.walk(run)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB max heap of the run's JVM";
  }
}
