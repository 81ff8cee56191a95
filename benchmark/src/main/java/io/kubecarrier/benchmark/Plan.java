package io.kubecarrier.benchmark;

/**
 * How much the benchmark does. {@link #FULL} is what the issue asks for and what {@code
 * docs/benchmarks.md} reports; {@link #QUICK} is a smoke run of every phase at a tenth of the size.
 */
record Plan(
    String name,
    int namespaces,
    int smallRun,
    int smallRepeats,
    int largeRun,
    int largeRepeats,
    int latencyRounds,
    int latencyOps,
    double latencyRate,
    int restarts,
    int restartChanges,
    int concurrency) {

  static final Plan FULL = new Plan("full", 100, 1_000, 3, 10_000, 1, 5, 100, 20, 3, 100, 16);

  static final Plan QUICK = new Plan("quick", 10, 100, 2, 1_000, 1, 2, 40, 20, 1, 20, 16);

  static Plan named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "quick" -> QUICK;
      default -> throw new IllegalArgumentException("plan is full or quick, not " + name);
    };
  }
}
