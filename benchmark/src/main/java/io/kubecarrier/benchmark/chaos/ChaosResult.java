package io.kubecarrier.benchmark.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a chaos run did and found, and its report as Markdown. */
record ChaosResult(
    ChaosPlan plan, int rounds, Duration chaos, Duration total, int peakInstances, Tally tally) {

  boolean clean() {
    return tally.violationCount() == 0;
  }

  String markdown(String machine) {
    StringBuilder b = new StringBuilder();
    b.append("Plan `")
        .append(plan.name())
        .append("`, seed `")
        .append(plan.seed())
        .append("`: ")
        .append(minutes(chaos))
        .append(" of chaos (")
        .append(rounds)
        .append(rounds == 1 ? " round" : " rounds")
        .append(" of every step), ")
        .append(minutes(total))
        .append(" in all with set-up and teardown; ")
        .append(plan.tenants() + 2)
        .append(" tenants, 2 providers, 3 regions on 2 physical service clusters; load ")
        .append(fmt(plan.opsPerSecond()))
        .append(" operations/s, up to ")
        .append(plan.perTenant())
        .append(" instances per tenant and offering (peak ")
        .append(peakInstances)
        .append(" made by the load); faults held ")
        .append(plan.hold().toSeconds())
        .append(" s; bound ")
        .append(plan.bound().toSeconds())
        .append(" s. ")
        .append(machine)
        .append(".\n\n");
    b.append("| instance operations | count |\n|---|---:|\n");
    tally
        .operations()
        .forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n| churn | count |\n|---|---:|\n");
    tally
        .churn()
        .forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n| faults injected | count |\n|---|---:|\n");
    tally
        .faults()
        .forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n| invariant | violations | first examples |\n|---|---:|---|\n");
    Map<String, List<String>> violations = tally.violations();
    for (String kind :
        List.of(
            "lost",
            "duplicated",
            "leaked",
            "stuck",
            Tally.RESTARTED,
            Tally.UNTRUTHFUL,
            Tally.UNSETTLED)) {
      List<String> v = violations.getOrDefault(kind, List.of());
      b.append("| ")
          .append(kind)
          .append(" | ")
          .append(v.size())
          .append(" | ")
          .append(
              String.join(
                  "<br>",
                  v.stream()
                      .limit(Tally.EXAMPLES)
                      .map(s -> s.replace("|", "\\|").replace("\n", " "))
                      .toList()))
          .append(" |\n");
    }
    b.append("\n")
        .append(tally.checks())
        .append(" invariant checks (after every step and between steps).\n");
    Map<String, String> refusals = tally.firstRefusals();
    if (!refusals.isEmpty()) {
      b.append("\nFirst message of each refused or failed operation (expected while a region is")
          .append(" withdrawn, a role removed or an API server away):\n\n");
      refusals.forEach(
          (k, v) ->
              b.append("- ").append(k).append(": `").append(v.replace("`", "'")).append("`\n"));
    }
    return b.toString();
  }

  private static String minutes(Duration d) {
    return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
