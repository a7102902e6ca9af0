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
   *
   * <p>A term whose factor is 0 (the negative term at {@code y = 1}, the positive one at
   * {@code y = 0}) is 0 whatever {@code x}, since the clamp keeps its log finite; it is not
   * computed, which spares a {@code log1p} or a {@code log} per hard label. The result is the same
   * number, up to the sign of a zero.
   */
  public static double probability(double x, double y, double posWeight) {
    double negative = y == 1.0 ? 0.0 : (y - 1.0) * Math.max(Math.log1p(-x), LOG_CLAMP);
    double positive = y == 0.0 ? 0.0 : posWeight * y * Math.max(Math.log(x), LOG_CLAMP);
    return negative - positive;
  }

  /**
   * {@code torch.nn.functional.binary_cross_entropy_with_logits} for logit {@code x}: with
   * {@code m = max(−x, 0)} and {@code lw = (pw − 1)·y + 1},
   * {@code (1 − y)·x + lw·(log(exp(−m) + exp(−x − m)) + m)}, torch's overflow-free form.
   *
   * <p>One of {@code −m} and {@code −x − m} is exactly 0 and the other is {@code −|x|}, so the sum
   * is {@code 1 + exp(−|x|)}, bit for bit: one {@code exp} per row instead of two.
   */
  public static double logit(double x, double y, double posWeight) {
    double m = Math.max(-x, 0.0);
    double logWeight = (posWeight - 1.0) * y + 1.0;
    return (1.0 - y) * x + logWeight * (Math.log(1.0 + Math.exp(-Math.abs(x))) + m);
  }
}
