package io.github.lossdive.loss;

/**
 * Calibration error from binned confidences, as TorchMetrics' {@code binary_calibration_error} and
 * {@code multiclass_calibration_error} compute it: with {@code n_b} the weight in bin b, N the
 * total, and {@code acc_b}, {@code conf_b} the bin's mean accuracy and confidence,
 * l1 = {@code Σ_b (n_b/N)·|acc_b − conf_b|} (expected calibration error), l2 =
 * {@code sqrt(Σ_b (n_b/N)·(acc_b − conf_b)²)}, max = {@code max_b |acc_b − conf_b|} over non-empty
 * bins (maximum calibration error).
 */
public final class CalibrationError {
  /** {@code norm}: expected calibration error. */
  public static final String L1 = "l1";
  /** {@code norm}: root mean squared calibration error. */
  public static final String L2 = "l2";
  /** {@code norm}: maximum calibration error. */
  public static final String MAX = "max";

  private CalibrationError() {}

  /**
   * The bin of confidence {@code c} in [0, 1] among {@code bins} equal bins [k/B, (k+1)/B), decided
   * exactly (not by the rounded product {@code c·B}); 1.0 goes to the last bin.
   */
  public static int bin(double c, int bins) {
    int k = (int) Math.floor(c * bins);
    // c·B may round across an integer: settle k/B ≤ c < (k+1)/B with single-rounding fma.
    if (Math.fma(c, bins, -k) < 0.0) {
      k--;
    } else if (Math.fma(c, bins, -(k + 1)) >= 0.0) {
      k++;
    }
    return Math.max(0, Math.min(k, bins - 1));
  }

  /**
   * The calibration error of bins given by their weights and their weighted sums of confidence and
   * accuracy; empty bins (weight 0) are left out.
   */
  public static double of(double[] weight, double[] confidence, double[] accuracy, String norm) {
    double total = 0.0;
    for (double w : weight) {
      total += w;
    }
    double result = 0.0;
    for (int b = 0; b < weight.length; b++) {
      if (weight[b] == 0.0) {
        continue;
      }
      double gap = Math.abs(accuracy[b] / weight[b] - confidence[b] / weight[b]);
      switch (norm) {
        case MAX -> result = Math.max(result, gap);
        case L2 -> result += weight[b] / total * gap * gap;
        default -> result += weight[b] / total * gap;
      }
    }
    return L2.equals(norm) ? Math.sqrt(result) : result;
  }
}
