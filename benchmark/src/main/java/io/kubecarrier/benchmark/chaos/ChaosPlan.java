package io.kubecarrier.benchmark.chaos;

import java.time.Duration;

/**
 * How long and how hard a chaos run goes: its duration (after set-up), the seed of every random
 * choice, the tenants and the instances each keeps per offering, the load's rate, how long faults
 * hold, the pause between steps, and the bound for settling and for deletions.
 *
 * <p>The actions come as a shuffled deck (every kind once per round, in the seed's order), so that
 * a run of {@link #rounds} rounds or more exercises every kind; a run ends at the first step after
 * its duration once it has done its minimum rounds.
 */
record ChaosPlan(
    String name,
    Duration duration,
    int rounds,
    long seed,
    int tenants,
    int perTenant,
    double opsPerSecond,
    Duration hold,
    Duration pause,
    Duration bound) {

  /** The CI plan: one round of every action, short holds. */
  static ChaosPlan ci(long seed) {
    return new ChaosPlan(
        "ci",
        Duration.ZERO,
        1,
        seed,
        20,
        2,
        3,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(90));
  }

  /** A run of {@code minutes} (the docs' run is 30 or more). */
  static ChaosPlan minutes(int minutes, long seed) {
    return new ChaosPlan(
        "timed",
        Duration.ofMinutes(minutes),
        1,
        seed,
        20,
        4,
        4,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(120));
  }
}
