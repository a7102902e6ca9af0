package io.github.lossdive.loss;

/**
 * Per-element and per-row focal loss (Lin et al., 2017): cross-entropy scaled down where the model
 * is already right, {@code (1 − p_t)^γ}, so that training and evaluation weigh the hard examples.
 *
 * <ul>
 *   <li>Binary and multi-label: {@code torchvision.ops.sigmoid_focal_loss} per element:
 *       {@code α_t·(1 − p_t)^γ·ce} with {@code p_t = p·y + (1 − p)·(1 − y)},
 *       {@code α_t = α·y + (1 − α)·(1 − y)} (no α factor when α &lt; 0), and {@code ce} torch's
 *       {@code binary_cross_entropy_with_logits} of the logit, or, for a probability,
 *       {@code binary_cross_entropy} (each log clamped at −100).
 *   <li>Multiclass: Keras 3 {@code CategoricalFocalCrossentropy} on probabilities: the row is
 *       normalised to sum 1 and clipped to [1e-7, 1 − 1e-7], and for the target class y the loss is
 *       {@code α·(1 − p_y)^γ·(−log p_y)} (other classes have a zero target and add 0). Keras always
 *       applies α; here a negative α turns it off, as in the binary form.
 * </ul>
 */
public final class FocalLoss {
  /** Keras's {@code backend.epsilon()}, the clipping of the multiclass form. */
  public static final double KERAS_EPSILON = 1e-7;

  private FocalLoss() {}

  /** {@code sigmoid_focal_loss} for one element: logit {@code x}, target {@code y} in [0, 1]. */
  public static double ofLogit(double x, double y, double alpha, double gamma) {
    double p = 1.0 / (1.0 + Math.exp(-x));
    return modulated(BinaryCrossEntropy.logit(x, y, 1.0), p, y, alpha, gamma);
  }

  /** The same for a probability {@code p}, with {@code binary_cross_entropy}'s clamped logs. */
  public static double ofProbability(double p, double y, double alpha, double gamma) {
    return modulated(BinaryCrossEntropy.probability(p, y, 1.0), p, y, alpha, gamma);
  }

  private static double modulated(double ce, double p, double y, double alpha, double gamma) {
    double pt = p * y + (1.0 - p) * (1.0 - y);
    double loss = ce * Math.pow(1.0 - pt, gamma);
    return alpha < 0.0 ? loss : (alpha * y + (1.0 - alpha) * (1.0 - y)) * loss;
  }

  /**
   * Keras 3's categorical focal cross-entropy of probabilities {@code p} (non-negative, not all
   * zero) for target class {@code y}.
   */
  public static double categorical(double[] p, int y, double alpha, double gamma) {
    double sum = 0.0;
    for (double v : p) {
      sum += v;
    }
    double py = Math.min(Math.max(p[y] / sum, KERAS_EPSILON), 1.0 - KERAS_EPSILON);
    double weighting = Math.pow(1.0 - py, gamma) * (alpha < 0.0 ? 1.0 : alpha);
    return weighting * -Math.log(py);
  }

  /** {@link #categorical} of the softmax of {@code logits} (Keras's {@code from_logits=True}). */
  public static double categoricalOfLogits(double[] logits, int y, double alpha, double gamma) {
    double[] logp = LogSoftmax.apply(logits);
    double[] p = new double[logp.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.exp(logp[c]);
    }
    return categorical(p, y, alpha, gamma);
  }
}
