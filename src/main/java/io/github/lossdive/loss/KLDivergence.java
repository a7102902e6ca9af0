package io.github.lossdive.loss;

/**
 * Per-row Kullback–Leibler divergence KL(target ‖ prediction), as
 * {@code torch.nn.functional.kl_div(input=logp, target)} sums it over one row.
 */
public final class KLDivergence {
  private KLDivergence() {}

  /**
   * {@code Σ_c t_c·log t_c − t_c·logp_c}, the term being 0 where {@code t_c = 0} (0·log 0 = 0, also
   * when {@code logp_c = −∞}). With {@code logTarget} the target is given as log-probabilities and
   * each term is {@code exp(t_c)·(t_c − logp_c)}.
   */
  public static double row(double[] logp, double[] target, boolean logTarget) {
    return sum(logp, false, target, logTarget);
  }

  /**
   * {@link #row} of {@code log p}, with the prediction given as probabilities {@code p}: each term
   * is {@code t_c·log(t_c/p_c)}, one logarithm per class instead of two, and none where the target's
   * term is 0. Where {@code t_c/p_c} leaves the normal range (a subnormal or 0 quotient, or an
   * overflow), the term falls back to {@code t_c·log t_c − t_c·log p_c}, so that no digits are lost
   * to rounding of the quotient and {@code p_c = 0} still gives +∞.
   */
  public static double rowOfProbabilities(double[] p, double[] target, boolean logTarget) {
    if (logTarget) {
      return sum(p, true, target, true);
    }
    double sum = 0.0;
    for (int c = 0; c < p.length; c++) {
      double t = target[c];
      if (t == 0.0) {
        continue;
      }
      double q = t / p[c];
      sum += q >= Double.MIN_NORMAL && q <= Double.MAX_VALUE
          ? t * Math.log(q)
          : t * Math.log(t) - t * Math.log(p[c]);
    }
    return sum;
  }

  private static double sum(double[] prediction, boolean probabilities, double[] target, boolean logTarget) {
    double sum = 0.0;
    for (int c = 0; c < prediction.length; c++) {
      double t = target[c];
      if (logTarget ? t == Double.NEGATIVE_INFINITY : t == 0.0) {
        continue;
      }
      double logp = probabilities ? Math.log(prediction[c]) : prediction[c];
      sum += logTarget ? Math.exp(t) * (t - logp) : t * Math.log(t) - t * logp;
    }
    return sum;
  }
}
