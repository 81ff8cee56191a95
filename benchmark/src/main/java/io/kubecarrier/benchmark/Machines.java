package io.kubecarrier.benchmark;

import io.kubecarrier.testkit.K8sBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on. */
final class Machines {

  private Machines() {}

  static Results.Machine describe(String kubernetesVersion) {
    return new Results.Machine(
        Runtime.getRuntime().availableProcessors(),
        memTotalKiB() / 1024.0 / 1024.0,
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        kubernetesVersion,
        commit());
  }

  private static long memTotalKiB() {
    return procField("/proc/meminfo", "MemTotal:")
        .map(v -> Long.parseLong(v.split("\\s+")[0]))
        .orElse(0L);
  }

  private static String cpuModel() {
    return procField("/proc/cpuinfo", "model name")
        .map(v -> v.replaceFirst("^\\s*:\\s*", ""))
        .orElse("unknown");
  }

  private static java.util.Optional<String> procField(String file, String prefix) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim())
          .findFirst();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static String commit() {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .directory(K8sBinaries.repoRoot().toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
