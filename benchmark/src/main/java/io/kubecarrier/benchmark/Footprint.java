package io.kubecarrier.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of processes, from {@code /proc}: CPU seconds used during a window
 * (utime + stime), and the peak RSS in it, both as the kernel's high-water mark {@code VmHWM}
 * (reset at the start of the window through {@code clear_refs}) and as the largest {@code VmRSS}
 * sampled every 200 ms.
 */
final class Footprint {

  /** What one process used during a window. */
  record Usage(double cpuSeconds, double peakRssMiB, double endRssMiB) {}

  private static final double TICKS_PER_SECOND = clockTicks();

  private Footprint() {}

  /** A measurement window over {@code pids} (name → pid), started now. */
  static Window start(Map<String, Long> pids) {
    return new Window(pids);
  }

  static final class Window {
    private final Map<String, Long> pids;
    private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> maxRssKiB = new ConcurrentHashMap<>();
    private final Map<String, Boolean> peakReset = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "footprint-sampler");
              t.setDaemon(true);
              return t;
            });

    private Window(Map<String, Long> pids) {
      this.pids = new LinkedHashMap<>(pids);
      pids.forEach(
          (name, pid) -> {
            peakReset.put(name, resetPeak(pid));
            cpuAtStart.put(name, cpuSeconds(pid));
          });
      sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void sample() {
      pids.forEach((name, pid) -> maxRssKiB.merge(name, statusKiB(pid, "VmRSS:"), Math::max));
    }

    /** Ends the window: what each process used in it. */
    Map<String, Usage> stop() {
      sampler.shutdownNow();
      sample();
      Map<String, Usage> usage = new LinkedHashMap<>();
      pids.forEach(
          (name, pid) -> {
            long sampled = maxRssKiB.getOrDefault(name, 0L);
            long peak = peakReset.get(name) ? Math.max(statusKiB(pid, "VmHWM:"), sampled) : sampled;
            usage.put(
                name,
                new Usage(
                    cpuSeconds(pid) - cpuAtStart.get(name),
                    peak / 1024.0,
                    statusKiB(pid, "VmRSS:") / 1024.0));
          });
      return usage;
    }
  }

  /**
   * The control plane this JVM started (etcd, and each cluster's kube-apiserver and
   * kube-controller-manager, named with their cluster) and this JVM itself.
   */
  static Map<String, Long> harnessPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String command = p.info().command().orElse("");
              String name = command.substring(command.lastIndexOf('/') + 1);
              if (!name.equals("etcd")
                  && !name.equals("kube-apiserver")
                  && !name.equals("kube-controller-manager")) {
                return;
              }
              String cluster =
                  java.util.Arrays.stream(p.info().arguments().orElse(new String[0]))
                      .map(a -> java.util.regex.Pattern.compile("/clusters/([^/]+)/").matcher(a))
                      .filter(java.util.regex.Matcher::find)
                      .map(m -> m.group(1))
                      .findFirst()
                      .orElse("");
              pids.put(
                  name.equals("etcd") || cluster.isEmpty() ? name : name + " " + cluster, p.pid());
            });
    pids.put("benchmark JVM (watches, load, baseline copier)", ProcessHandle.current().pid());
    return pids;
  }

  /** Peak RSS since the process started (VmHWM), in MiB. */
  static double peakSinceStartMiB(long pid) {
    return statusKiB(pid, "VmHWM:") / 1024.0;
  }

  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name (which may hold spaces) start at index 2 of the man page
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static long statusKiB(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return 0;
  }

  /** Resets the process's RSS high-water mark (Linux: "5" to /proc/PID/clear_refs). */
  private static boolean resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
      return true;
    } catch (IOException e) {
      return false; // not permitted: only the sampled maximum covers the window
    }
  }

  private static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
