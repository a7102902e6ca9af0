package io.github.lossdive.cli;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Holm's step-down adjustment of the p-values of every check of a run: with the m p-values sorted,
 * {@code p(1) ≤ … ≤ p(m)}, the adjusted {@code p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j))}.
 * Rejecting where {@code p̃ < α} keeps the chance of any false rejection at most α, whatever the
 * dependence between the checks (Holm 1979). Serializable, so that Spark can adjust checks where
 * they are, given the sorted p-values once.
 */
final class HolmAdjustment implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] sorted;
  private final double[] adjusted;

  /** The adjustment of these p-values (NaN counts as 1: no evidence). */
  HolmAdjustment(double[] pValues) {
    sorted = Arrays.stream(pValues).map(p -> Double.isNaN(p) ? 1.0 : p).sorted().toArray();
    adjusted = new double[sorted.length];
    int m = sorted.length;
    double max = 0.0;
    for (int i = 0; i < m; i++) {
      max = Math.max(max, Math.min(1.0, (m - i) * sorted[i]));
      adjusted[i] = max;
    }
  }

  /** The adjusted value of {@code p}, one of the p-values given. Ties share their adjusted value. */
  double adjust(double p) {
    double v = Double.isNaN(p) ? 1.0 : p;
    int i = Arrays.binarySearch(sorted, v);
    if (i < 0) {
      throw new IllegalArgumentException("p-value " + p + " was not among the run's");
    }
    while (i > 0 && sorted[i - 1] == v) {
      i--;
    }
    return adjusted[i];
  }
}
