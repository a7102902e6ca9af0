package io.github.lossdive.loss;

/**
 * Soft margin loss, {@code torch.nn.functional.soft_margin_loss}: the logistic loss of a score x
 * for a label y = ±1, {@code log(1 + exp(−y·x))}.
 */
public final class SoftMargin {
  private SoftMargin() {}

  /** {@code log(1 + exp(−y·x))}, as {@link #softplus} so that a score of ±200 neither overflows nor loses digits. */
  public static double of(double y, double x) {
    return softplus(-y * x);
  }

  /**
   * {@code log(1 + exp(z))} for any finite z: {@code max(z, 0) + log1p(exp(−|z|))}, exact to
   * rounding where the plain form overflows ({@code z > 709}) or returns 0 ({@code z < −37}).
   */
  public static double softplus(double z) {
    return Math.max(z, 0.0) + log1p(Math.exp(-Math.abs(z)));
  }

  /**
   * {@code log(1 + e)} for e in [0, 1], to a few ulps, through {@code Math.log}, which the JIT
   * compiles to one instruction sequence where {@code Math.log1p} calls the slower fdlibm port:
   * with {@code u = 1 + e} rounded, {@code log(u)·e/(u − 1)} cancels the rounding of u
   * (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991,
   * Theorem 4).
   */
  static double log1p(double e) {
    double u = 1.0 + e;
    return u == 1.0 ? e : Math.log(u) * e / (u - 1.0);
  }
}
