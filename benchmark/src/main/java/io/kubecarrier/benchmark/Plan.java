package io.kubecarrier.benchmark;

/**
 * How much the benchmark does. {@link #FULL} is what issue 18 asks for at 100 tenant namespaces and
 * what {@code docs/benchmarks.md} reports; {@link #TENANTS} is the same at 1,000 tenant namespaces
 * (10 instances each in the large run); {@link #QUICK} is a smoke run of every phase at a tenth of
 * the size.
 *
 * <p>{@code latencyRounds × latencyOps} samples go into each idle latency figure (at least 1,000 in
 * the full plans, so that a p99 means something); the large create run gives one sample per
 * instance to each latency figure under load. {@code workers} is the propagation agent's worker
 * setting, and the baseline copier gets as many lanes. {@code warmup} instances are created and
 * deleted by each system before anything is measured (reported apart).
 */
record Plan(
    String name,
    int namespaces,
    int warmup,
    int smallRun,
    int smallRepeats,
    int largeRun,
    int largeRepeats,
    int latencyRounds,
    int latencyOps,
    double latencyRate,
    int restarts,
    int restartChanges,
    int concurrency,
    int workers) {

  static final Plan FULL =
      new Plan("full", 100, 500, 1_000, 3, 10_000, 1, 5, 200, 20, 4, 100, 16, 8);

  static final Plan TENANTS =
      new Plan("tenants", 1_000, 500, 1_000, 1, 10_000, 1, 5, 200, 20, 2, 100, 16, 8);

  static final Plan QUICK = new Plan("quick", 10, 100, 100, 2, 1_000, 1, 2, 40, 20, 2, 20, 16, 8);

  static Plan named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "tenants" -> TENANTS;
      case "quick" -> QUICK;
      default -> throw new IllegalArgumentException("plan is full, tenants or quick, not " + name);
    };
  }

  /** The restarts alternate: odd ones by SIGTERM, even ones by SIGKILL (the Lease is kept then). */
  static boolean killed(int restart) {
    return restart % 2 == 0;
  }
}
