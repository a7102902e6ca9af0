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
    double sum = 0.0;
    for (int c = 0; c < logp.length; c++) {
      double t = target[c];
      if (logTarget) {
        if (t != Double.NEGATIVE_INFINITY) {
          sum += Math.exp(t) * (t - logp[c]);
        }
      } else if (t != 0.0) {
        sum += t * Math.log(t) - t * logp[c];
      }
    }
    return sum;
  }
}
