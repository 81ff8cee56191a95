package io.kubecarrier.benchmark.chaos;

import io.kubecarrier.testkit.invariants.Invariant;
import io.kubecarrier.testkit.invariants.InvariantReport;
import io.kubecarrier.testkit.invariants.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a chaos run did and found: operations per kind, churn and faults injected per kind, and
 * invariant violations per kind with the first examples. A violation seen again by a later look
 * (the same kind, object and reason) is counted once. Thread-safe.
 */
final class Tally {

  /** Kinds of violation beyond the hub invariants' lost, duplicated, leaked and stuck. */
  static final String RESTARTED = "operator restarted (not injected)";

  static final String UNTRUTHFUL = "condition untruthful";
  static final String UNSETTLED = "not settled";

  /** How many examples per kind the report keeps. */
  static final int EXAMPLES = 3;

  private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> churn = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
  private final Map<String, String> firstRefusal = new ConcurrentHashMap<>();
  private final Map<String, List<String>> violations = new LinkedHashMap<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final AtomicLong checks = new AtomicLong();

  void operation(String kind) {
    operations.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  /** A refused or failed operation, with the first message of its kind. */
  void operation(String kind, String message) {
    operation(kind);
    firstRefusal.putIfAbsent(kind, message);
  }

  void churn(String kind) {
    churn.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  void checked() {
    checks.incrementAndGet();
  }

  /** Records the violations of {@code report} (lost, duplicated, leaked, stuck). */
  void record(InvariantReport report) {
    record(report, Invariant.values());
  }

  /** Records the violations of {@code report} of these invariants. */
  void record(InvariantReport report, Invariant... invariants) {
    Set<Invariant> wanted = Set.of(invariants);
    for (Violation v : report.violations()) {
      if (!wanted.contains(v.invariant())) {
        continue;
      }
      violation(
          v.invariant().word(), v.object().toString(), v.object() + ": " + v.why(), report.step());
    }
  }

  /** Records one violation of {@code kind}, unless the same one was recorded before. */
  synchronized void violation(String kind, String what, String step) {
    violation(kind, what, what, step);
  }

  /** Records a violation, unless one of {@code kind} with the same {@code key} was recorded. */
  synchronized void violation(String kind, String key, String what, String step) {
    if (!seen.add(kind + "|" + key)) {
      return;
    }
    List<String> list = violations.computeIfAbsent(kind, k -> new ArrayList<>());
    list.add(what + " (step: " + step + ")");
    System.out.printf("    !! %s: %s (step: %s)%n", kind, what, step);
  }

  synchronized int violationCount() {
    return violations.values().stream().mapToInt(List::size).sum();
  }

  synchronized Map<String, List<String>> violations() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    violations.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  long checks() {
    return checks.get();
  }

  Map<String, Long> operations() {
    return sorted(operations);
  }

  Map<String, Long> churn() {
    return sorted(churn);
  }

  Map<String, Long> faults() {
    return sorted(faults);
  }

  Map<String, String> firstRefusals() {
    return new TreeMap<>(firstRefusal);
  }

  private static Map<String, Long> sorted(Map<String, AtomicLong> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
