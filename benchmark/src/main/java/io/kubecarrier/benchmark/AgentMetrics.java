package io.kubecarrier.benchmark;

import io.kubecarrier.testkit.OperatorProcess;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The propagation agent's own gauges, read from its {@code /q/metrics}. */
final class AgentMetrics {

  private AgentMetrics() {}

  /** Sum of {@code name}'s samples in a Prometheus exposition; NaN when absent. */
  static double sum(String exposition, String name) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  /**
   * {@code name}'s samples in a Prometheus exposition by the value of {@code label}: value → sum
   * (samples without the label are left out).
   */
  static java.util.Map<String, Double> byLabel(String exposition, String name, String label) {
    java.util.Map<String, Double> sums = new java.util.TreeMap<>();
    java.util.regex.Pattern value = java.util.regex.Pattern.compile(label + "=\"([^\"]*)\"");
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{")) {
        java.util.regex.Matcher m = value.matcher(line.substring(0, line.indexOf('}') + 1));
        if (m.find()) {
          sums.merge(
              m.group(1),
              Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
              Double::sum);
        }
      }
    }
    return sums;
  }

  /**
   * Polls the agent's {@code kubecarrier_propagation_queue_depth} every 100 ms until it reads 0 on
   * three polls in a row; returns the {@link System#nanoTime()} of the first of them.
   */
  static long awaitQueueDrained(OperatorProcess agent, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long firstZero = -1;
    int zeros = 0;
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      double depth;
      try {
        depth = sum(agent.metrics(), "kubecarrier_propagation_queue_depth");
      } catch (RuntimeException e) {
        depth = Double.NaN;
      }
      if (depth == 0) {
        if (zeros++ == 0) {
          firstZero = now;
        }
        if (zeros == 3) {
          return firstZero;
        }
      } else {
        zeros = 0;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return System.nanoTime();
  }
}
