package io.github.lossdive.loss;

/**
 * Per-element binary cross-entropy, as torch computes it.
 *
 * <p>Torch has {@code pos_weight} only for logits; for probabilities LossDive applies it the same
 * way, to the positive term: {@code −(pw·y·log x + (1−y)·log(1−x))}.
 */
public final class BinaryCrossEntropy {
  /** Torch clamps each log term at −100 so that a probability of 0 or 1 gives a finite loss. */
  public static final double LOG_CLAMP = -100.0;

  private BinaryCrossEntropy() {}

  /**
   * {@code torch.nn.functional.binary_cross_entropy} for probability {@code x} and target {@code y}
   * in [0, 1]: {@code (y − 1)·max(log1p(−x), −100) − pw·y·max(log x, −100)}.
   */
  public static double probability(double x, double y, double posWeight) {
    double logX = Math.max(Math.log(x), LOG_CLAMP);
    double log1mX = Math.max(Math.log1p(-x), LOG_CLAMP);
    return (y - 1.0) * log1mX - posWeight * y * logX;
  }

  /**
   * {@code torch.nn.functional.binary_cross_entropy_with_logits} for logit {@code x}: with
   * {@code m = max(−x, 0)} and {@code lw = (pw − 1)·y + 1},
   * {@code (1 − y)·x + lw·(log(exp(−m) + exp(−x − m)) + m)}, torch's overflow-free form.
   */
  public static double logit(double x, double y, double posWeight) {
    double m = Math.max(-x, 0.0);
    double logWeight = (posWeight - 1.0) * y + 1.0;
    return (1.0 - y) * x + logWeight * (Math.log(Math.exp(-m) + Math.exp(-x - m)) + m);
  }
}
