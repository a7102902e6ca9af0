package io.github.lossdive.loss;

/**
 * Per-row Dice loss, as MONAI's {@code DiceLoss} computes it for one sample with one channel:
 * {@code 1 − (2·Σ p·t + smoothNumerator) / (Σ p + Σ t + smoothDenominator)}, or with
 * {@code squaredPrediction} (MONAI's {@code squared_pred}) {@code Σ p² + Σ t²} in the denominator.
 * An empty mask predicted empty gives {@code 1 − smoothNumerator/smoothDenominator}, 0 by default.
 */
public final class DiceLoss {
  private DiceLoss() {}

  /**
   * The loss of predictions {@code x} (probabilities, or logits when {@code logits}) against target
   * {@code t} (same length).
   */
  public static double of(double[] x, double[] t, boolean logits, double smoothNumerator,
      double smoothDenominator, boolean squared) {
    double intersection = 0.0;
    double prediction = 0.0;
    double target = 0.0;
    for (int i = 0; i < x.length; i++) {
      double p = logits ? sigmoid(x[i]) : x[i];
      intersection += p * t[i];
      prediction += squared ? p * p : p;
      target += squared ? t[i] * t[i] : t[i];
    }
    return 1.0 - (2.0 * intersection + smoothNumerator) / (prediction + target + smoothDenominator);
  }

  /** {@link #of} for one element. */
  public static double of(double x, double t, boolean logits, double smoothNumerator,
      double smoothDenominator, boolean squared) {
    double p = logits ? sigmoid(x) : x;
    double prediction = squared ? p * p : p;
    double target = squared ? t * t : t;
    return 1.0 - (2.0 * p * t + smoothNumerator) / (prediction + target + smoothDenominator);
  }

  /** The logistic sigmoid, MONAI's {@code sigmoid=True}. */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
