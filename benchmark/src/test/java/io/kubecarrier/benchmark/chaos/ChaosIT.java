package io.kubecarrier.benchmark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.testkit.K8sBinaries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CI plan of {@code ./kc chaos} (docs/reliability.md): one round of every churn and fault step
 * under the instance load, on the run's own clusters, with a fixed seed. It passes when no
 * invariant was violated; the report is in the failure message otherwise.
 */
class ChaosIT {

  static final long SEED = Long.getLong("kc.chaos.seed", 20261202L);

  @Test
  void oneRoundOfEveryStepViolatesNothing() throws java.io.IOException {
    Path dir = K8sBinaries.repoRoot().resolve("benchmark/target/chaos-it");
    ChaosMain.fresh(dir);
    ChaosResult result = new Chaos(ChaosPlan.ci(SEED), dir).run();
    String report = result.markdown(ChaosMain.machine());
    System.out.println(report);
    assertThat(result.tally().churn()).hasSize(6);
    assertThat(result.tally().faults()).hasSize(8);
    assertThat(result.tally().operations()).containsKeys("create", "update", "delete");
    assertThat(result.tally().violations()).as(report).isEmpty();
  }
}
