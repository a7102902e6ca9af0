package io.github.lossdive.loss;

/**
 * Multi-label soft margin loss, {@code torch.nn.functional.multilabel_soft_margin_loss}: per row,
 * the mean over its C classes of each class's logistic loss,
 * {@code −(1/C)·Σ_c w_c·(y_c·log σ(x_c) + (1 − y_c)·log σ(−x_c))}.
 */
public final class MultiLabelSoftMargin {
  private MultiLabelSoftMargin() {}

  /**
   * The row's loss for logits {@code x} and a multi-hot target {@code y} of the same length.
   *
   * @param w per-class weights, or null for all 1
   */
  public static double of(double[] y, double[] x, double[] w) {
    if (w == null) {
      // Σ softplus(−x_c) with one logarithm for the row, plus Σ (1 − y_c)·x_c.
      double linear = 0.0;
      for (int c = 0; c < x.length; c++) {
        linear += (1.0 - y[c]) * x[c];
      }
      return (SoftMargin.softplusSum(null, x) + linear) / x.length;
    }
    double sum = 0.0;
    for (int c = 0; c < x.length; c++) {
      // −log σ(x) = softplus(−x) and −log σ(−x) = softplus(x) = softplus(−x) + x: one softplus.
      double term = SoftMargin.softplus(-x[c]) + (1.0 - y[c]) * x[c];
      sum += w == null ? term : w[c] * term;
    }
    return sum / x.length;
  }
}
