package io.kubecarrier.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void nearestRankPercentilesOfOneToHundred() {
    List<Double> values = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) (101 - i)).toList();
    Stats.Summary s = Stats.summary(values);
    assertThat(s.n()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p90()).isEqualTo(90.0);
    assertThat(s.p99()).isEqualTo(99.0);
    assertThat(s.max()).isEqualTo(100.0);
  }

  @Test
  void percentilesOfFewSamplesAreTheLargestRankedOnes() {
    Stats.Summary s = Stats.summary(List.of(3.0, 1.0, 2.0));
    assertThat(s.p50()).isEqualTo(2.0);
    assertThat(s.p90()).isEqualTo(3.0);
    assertThat(s.p99()).isEqualTo(3.0);
  }

  @Test
  void emptySamplesGiveNaNNotAnError() {
    assertThat(Stats.summary(List.of()).p99()).isNaN();
    assertThat(Stats.spread(List.of()).median()).isNaN();
  }

  @Test
  void medianOfOddAndEvenCountsWithSpread() {
    assertThat(Stats.spread(List.of(5.0, 1.0, 3.0))).isEqualTo(new Stats.Spread(3, 3.0, 1.0, 5.0));
    assertThat(Stats.spread(List.of(4.0, 1.0, 3.0, 2.0)))
        .isEqualTo(new Stats.Spread(4, 2.5, 1.0, 4.0));
    assertThat(Stats.spread(List.of(Double.NaN, 2.0)))
        .isEqualTo(new Stats.Spread(1, 2.0, 2.0, 2.0));
  }

  @Test
  void ratioAgainstAMissingOrZeroBaselineIsNaN() {
    assertThat(Stats.ratio(3, 2)).isEqualTo(1.5);
    assertThat(Stats.ratio(3, 0)).isNaN();
    assertThat(Stats.ratio(Double.NaN, 2)).isNaN();
  }
}
