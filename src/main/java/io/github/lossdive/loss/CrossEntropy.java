package io.github.lossdive.loss;

/**
 * Per-row cross-entropy and negative log-likelihood, as {@code torch.nn.functional.cross_entropy}
 * and {@code nll_loss} compute them for one sample with {@code reduction='none'}.
 *
 * <p>All methods take log-probabilities {@code logp} (from {@link LogSoftmax#apply} for logits, or
 * {@link #clippedLog} for probabilities) and optional class weights {@code w} (null means all 1).
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * Loss for a hard class-index target with label smoothing ε:
   * {@code (1−ε)·w_y·(−logp_y) + (ε/K)·Σ_c w_c·(−logp_c)}.
   *
   * <p>With ε = 0 this is {@code nll_loss}: {@code −w_y·logp_y}. The matching mean-reduction
   * denominator is {@code w_y}, which is how torch normalises both terms (checked against torch 1.13:
   * {@code smooth_loss.sum() / weight.gather(target).sum()}).
   */
  public static double hardTarget(double[] logp, int y, double[] w, double smoothing) {
    double wy = w == null ? 1.0 : w[y];
    double loss = -(1.0 - smoothing) * wy * logp[y];
    if (smoothing > 0.0) {
      double smooth = 0.0;
      for (int c = 0; c < logp.length; c++) {
        smooth -= (w == null ? 1.0 : w[c]) * logp[c];
      }
      loss += smoothing / logp.length * smooth;
    }
    return loss;
  }

  /**
   * Loss for a soft target distribution {@code q} (torch's "class probabilities" target):
   * {@code −Σ_c w_c·q'_c·logp_c} with {@code q' = (1−ε)·q + ε/K}. Its mean-reduction denominator is 1
   * per row, whatever the class weights, as in torch.
   */
  public static double softTarget(double[] logp, double[] q, double[] w, double smoothing) {
    int k = logp.length;
    double loss = 0.0;
    for (int c = 0; c < k; c++) {
      double target = (1.0 - smoothing) * q[c] + smoothing / k;
      if (target != 0.0) {
        loss -= (w == null ? 1.0 : w[c]) * target * logp[c];
      }
    }
    return loss;
  }

  /**
   * {@link #hardTarget} without smoothing for probabilities, computing only the one log it needs:
   * {@code −w_y·log(clamp(p_y, eps, 1 − eps))}, Spark's logLoss term.
   */
  public static double hardTargetOfProbabilities(double[] p, int y, double[] w, double eps) {
    double wy = w == null ? 1.0 : w[y];
    return -wy * Math.log(Math.max(Math.min(p[y], 1.0 - eps), eps));
  }

  /**
   * {@link #hardTarget} without smoothing for logits, computing only the target's log-softmax in
   * torch's order: {@code −w_y·((x_y − max) − log Σ_j exp(x_j − max))}.
   */
  public static double hardTargetOfLogits(double[] x, int y, double[] w) {
    double wy = w == null ? 1.0 : w[y];
    return -wy * LogSoftmax.at(x, y);
  }

  /**
   * {@code log(clamp(p_c, eps, 1 − eps))} for each class: Spark's {@code MulticlassMetrics.logLoss}
   * and scikit-learn's {@code log_loss} clipping, so that a probability of exactly 0 costs
   * {@code −log(eps)} instead of infinity.
   */
  public static double[] clippedLog(double[] p, double eps) {
    double[] out = new double[p.length];
    for (int c = 0; c < p.length; c++) {
      out[c] = Math.log(Math.max(Math.min(p[c], 1.0 - eps), eps));
    }
    return out;
  }
}
