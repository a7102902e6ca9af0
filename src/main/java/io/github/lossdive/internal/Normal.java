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
}
