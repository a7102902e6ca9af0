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
   * {@code Σ_i softplus(−y_i·x_i)} over a row (y null: all +1), with one logarithm for the row
   * instead of one per element, to the same accuracy. With {@code e_i = exp(−|z_i|)}, the sum is
   * {@code Σ max(z_i, 0) + log Π (1 + e_i)}, and the product is kept exactly enough as a
   * double-double: {@code u_i = 1 + e_i} rounded and its rounding error {@code r_i = e_i − (u_i − 1)}
   * (exact), each step's product error from a fused multiply-add, so that
   * {@code log Π = log(hi) + lo/hi} to a few ulps of the row's sum, where e_i far below one ulp of 1
   * still count (through {@code r_i}). The product is folded into the sum before it could
   * overflow (each factor is at most 2). The exponentials come first, in a loop of their own: the
   * JIT calls a stub for each, which would otherwise interrupt the product's chain of dependent
   * multiplications (10-element rows: about 75 ns instead of 95).
   */
  public static double softplusSum(double[] y, double[] x) {
    int n = x.length;
    double[] e = new double[n];
    double linear = 0.0;
    for (int i = 0; i < n; i++) {
      double z = y == null ? -x[i] : -y[i] * x[i];
      linear += Math.max(z, 0.0);
      e[i] = Math.exp(-Math.abs(z));
    }
    double logs = 0.0;
    double hi = 1.0;
    double lo = 0.0;
    for (int i = 0; i < n; i++) {
      double u = 1.0 + e[i];
      double r = e[i] - (u - 1.0);
      double p = hi * u;
      lo = Math.fma(lo, u, Math.fma(hi, u, -p) + hi * r);
      hi = p;
      if (hi > 0x1p900) {
        logs += Math.log(hi) + lo / hi;
        hi = 1.0;
        lo = 0.0;
      }
    }
    return linear + (logs + (Math.log(hi) + lo / hi));
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
