package io.github.lossdive.loss;

/**
 * Per-row Brier score, as scikit-learn (≥ 1.7) {@code brier_score_loss} sums it before its mean.
 *
 * <p>Binary: {@code (y − p)²} for the positive class's probability p. Multiclass (K ≥ 3):
 * {@code Σ_c (y_c − p_c)²} with the one-hot target y (scikit-learn's {@code scale_by_half="auto"}
 * halves only the binary form, which makes it equal to the binary formula above).
 */
public final class BrierScore {
  private BrierScore() {}

  /** {@code (y − p)²}. */
  public static double binary(double p, double y) {
    double d = y - p;
    return d * d;
  }

  /** {@code Σ_c (1[c = y] − p_c)²}. */
  public static double multiclass(double[] p, int y) {
    double sum = 0.0;
    for (int c = 0; c < p.length; c++) {
      double d = (c == y ? 1.0 : 0.0) - p[c];
      sum += d * d;
    }
    return sum;
  }
}
