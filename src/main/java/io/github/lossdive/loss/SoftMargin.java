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
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
