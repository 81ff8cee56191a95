package io.kubecarrier.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Percentiles and medians of measured values (nearest-rank, no interpolation). */
final class Stats {

  private Stats() {}

  /** p50, p90, p99 and max of one set of samples. */
  record Summary(int n, double p50, double p90, double p99, double max) {
    static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** A median with the smallest and largest value it was taken from. */
  record Spread(int n, double median, double min, double max) {
    static final Spread EMPTY = new Spread(0, Double.NaN, Double.NaN, Double.NaN);
  }

  static Summary summary(Collection<Double> values) {
    if (values.isEmpty()) {
      return Summary.EMPTY;
    }
    List<Double> sorted = sorted(values);
    return new Summary(
        sorted.size(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1));
  }

  /** The nearest-rank percentile {@code p} (0 &lt; p &le; 1) of sorted values. */
  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Median (mean of the two middle values for an even count), with min and max. */
  static Spread spread(Collection<Double> values) {
    List<Double> sorted = sorted(values.stream().filter(v -> !Double.isNaN(v)).toList());
    if (sorted.isEmpty()) {
      return Spread.EMPTY;
    }
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Spread(n, median, sorted.get(0), sorted.get(n - 1));
  }

  static <T> Spread spread(Collection<T> items, ToDoubleFunction<T> value) {
    return spread(items.stream().map(i -> value.applyAsDouble(i)).toList());
  }

  /** {@code value / baseline}, NaN when either is missing or the baseline is zero. */
  static double ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
      return Double.NaN;
    }
    return value / baseline;
  }

  private static List<Double> sorted(Collection<Double> values) {
    List<Double> list = new ArrayList<>(values);
    Collections.sort(list);
    return list;
  }
}
