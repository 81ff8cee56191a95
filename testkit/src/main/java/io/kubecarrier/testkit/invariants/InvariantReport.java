package io.kubecarrier.testkit.invariants;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The result of one check: per invariant the number of violations and the first examples, what was
 * looked at, and which clusters could not be seen. {@link #toString()} is the report a failing
 * check puts into its {@link AssertionError}.
 */
public final class InvariantReport {

  /** How many violations of each invariant the report shows. */
  static final int EXAMPLES = 10;

  private final String step;
  private final String scope;
  private final Set<Invariant> checked;
  private final List<Violation> violations;
  private final Totals totals;
  private final Map<String, String> unobserved;
  private final String note;

  InvariantReport(
      String step,
      String scope,
      Set<Invariant> checked,
      List<Violation> violations,
      Totals totals,
      Map<String, String> unobserved,
      String note) {
    this.step = step;
    this.scope = scope;
    this.checked = Set.copyOf(checked);
    this.violations = List.copyOf(violations);
    this.totals = totals;
    this.unobserved = Map.copyOf(unobserved);
    this.note = note;
  }

  /** This report with a note (why the check ended). */
  InvariantReport withNote(String note) {
    return new InvariantReport(step, scope, checked, violations, totals, unobserved, note);
  }

  /** The step of the test this report is about. */
  public String step() {
    return step;
  }

  /** Whether no checked invariant is violated. */
  public boolean clean() {
    return violations.isEmpty();
  }

  /** Every violation. */
  public List<Violation> violations() {
    return violations;
  }

  /** The violations of {@code invariant}. */
  public List<Violation> violations(Invariant invariant) {
    return violations.stream().filter(v -> v.invariant() == invariant).toList();
  }

  /** The number of violations of {@code invariant}. */
  public int count(Invariant invariant) {
    return violations(invariant).size();
  }

  /** What was looked at; null for a report about deletions ({@link Invariant#STUCK}). */
  public Totals totals() {
    return totals;
  }

  /** Service clusters that could not be looked at, with the reason. */
  public Map<String, String> unobserved() {
    return unobserved;
  }

  /** One line: {@code step: lost 0, duplicated 0, leaked 0 | 4 instances, ...}. */
  public String summary() {
    String counts =
        checked.stream()
            .sorted()
            .map(i -> i.word() + " " + count(i))
            .collect(Collectors.joining(", "));
    return "\"" + step + "\": " + counts + (totals == null ? "" : " | " + totals);
  }

  /** The full report: summary, scope, unobserved clusters and the first examples per invariant. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append("hub invariants after step ").append(summary()).append("\n  scope: ").append(scope);
    unobserved.forEach(
        (c, why) -> b.append("\n  not observed: ").append(c).append(" (").append(why).append(')'));
    if (note != null) {
      b.append("\n  ").append(note);
    }
    for (Invariant i : checked.stream().sorted().toList()) {
      List<Violation> vs = violations(i);
      if (vs.isEmpty()) {
        continue;
      }
      b.append("\n  ").append(i.word()).append(" (").append(vs.size()).append("):");
      vs.stream().limit(EXAMPLES).forEach(v -> b.append("\n    - ").append(v));
      if (vs.size() > EXAMPLES) {
        b.append("\n    ... and ").append(vs.size() - EXAMPLES).append(" more");
      }
    }
    return b.toString();
  }
}
