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
   * {@link #row} of {@code log p}, with the prediction given as probabilities {@code p}: the same
   * arithmetic, term by term, but {@code log p_c} is taken only where the target's term is not 0,
   * and no array of log-probabilities is built.
   */
  public static double rowOfProbabilities(double[] p, double[] target, boolean logTarget) {
    return sum(p, true, target, logTarget);
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
