package io.github.lossdive.internal;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The standard normal distribution, for confidence intervals and p-values (Commons Math, which
 * Spark's MLlib already brings).
 */
public final class Normal {
  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0.0, 1.0);

  private Normal() {}

  /**
   * {@code z = Φ⁻¹((1 + level)/2)}: the half-width of a two-sided {@code level} interval in
   * standard errors (1.959963984540054 for 0.95).
   *
   * @throws IllegalArgumentException unless {@code 0 < level < 1}
   */
  public static double twoSidedQuantile(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw new io.github.lossdive.InvalidArgumentException("A confidence level must be in (0, 1), but was " + level + ".");
    }
    return STANDARD.inverseCumulativeProbability((1.0 + level) / 2.0);
  }

  /**
   * The two-sided p-value of a normal statistic {@code z}, {@code 2·(1 − Φ(|z|))}, computed as
   * {@code erfc(|z|/√2)} so that small p-values keep their digits. NaN for a NaN {@code z}.
   */
  public static double twoSidedPValue(double z) {
    return Erf.erfc(Math.abs(z) / Math.sqrt(2.0));
  }

  /**
   * The one-sided p-value of "the true value is at most {@code limit}" for an estimate
   * {@code value} with standard error {@code se}: {@code 1 − Φ((value − limit)/se)}, as
   * {@code erfc(z/√2)/2} so that small p-values keep their digits. A standard error of 0, or one
   * that is not finite, leaves no uncertainty: 0 when {@code value} is above {@code limit} (or NaN),
   * else 1, so that a decision on it is the point decision.
   */
  public static double pValueAbove(double value, double se, double limit) {
    if (!(se > 0.0) || Double.isInfinite(se) || Double.isNaN(value)) {
      return value <= limit ? 1.0 : 0.0;
    }
    return Erf.erfc((value - limit) / se / Math.sqrt(2.0)) / 2.0;
  }

  /**
   * The one-sided p-value of "the true value is at least {@code limit}": {@code Φ((value − limit)/se)};
   * with no uncertainty, 0 when {@code value} is below {@code limit}, else 1 (NaN included).
   */
  public static double pValueBelow(double value, double se, double limit) {
    if (!(se > 0.0) || Double.isInfinite(se) || Double.isNaN(value)) {
      return value <= limit ? 0.0 : 1.0;
    }
    return Erf.erfc((limit - value) / se / Math.sqrt(2.0)) / 2.0;
  }
}
