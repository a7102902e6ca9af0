package io.github.lossdive.internal;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Student's t distribution, for the jackknife's intervals and p-values (Commons Math, which
 * Spark's MLlib already brings). Infinite degrees of freedom are the normal distribution.
 */
public final class StudentT {
  private StudentT() {}

  /** The half-width of a two-sided {@code level} interval in standard errors, with {@code df} degrees of freedom. */
  public static double twoSidedQuantile(double level, double df) {
    double z = Normal.twoSidedQuantile(level);
    return Double.isInfinite(df) ? z : !(df > 0) ? Double.NaN
        : new TDistribution(null, df).inverseCumulativeProbability((1.0 + level) / 2.0);
  }

  /** {@code 2·(1 − T(|t|))}; NaN for a NaN {@code t} or no degrees of freedom. */
  public static double twoSidedPValue(double t, double df) {
    if (Double.isInfinite(df)) {
      return Normal.twoSidedPValue(t);
    }
    if (Double.isNaN(t) || !(df > 0)) {
      return Double.NaN;
    }
    return 2.0 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
  }

  /** {@code 1 − T(t)}: the one-sided upper tail. */
  public static double upperTail(double t, double df) {
    if (Double.isInfinite(df)) {
      return org.apache.commons.math3.special.Erf.erfc(t / Math.sqrt(2.0)) / 2.0;
    }
    return new TDistribution(null, df).cumulativeProbability(-t);
  }

  /** {@link Normal#pValueAbove} with Student's t of {@code df} degrees of freedom (infinite: normal). */
  public static double pValueAbove(double value, double se, double limit, double df) {
    if (Double.isInfinite(df) || !(se > 0.0) || Double.isInfinite(se) || Double.isNaN(value)) {
      return Normal.pValueAbove(value, se, limit);
    }
    return upperTail((value - limit) / se, df);
  }

  /** {@link Normal#pValueBelow} with Student's t of {@code df} degrees of freedom (infinite: normal). */
  public static double pValueBelow(double value, double se, double limit, double df) {
    if (Double.isInfinite(df) || !(se > 0.0) || Double.isInfinite(se) || Double.isNaN(value)) {
      return Normal.pValueBelow(value, se, limit);
    }
    return upperTail((limit - value) / se, df);
  }
}
