package io.github.lossdive.loss;

/**
 * Gaussian negative log-likelihood, {@code torch.nn.functional.gaussian_nll_loss}, of a target y
 * under a predicted mean μ and variance σ²: {@code ½·(log v + (μ − y)²/v)} with
 * {@code v = max(σ², eps)} (torch clamps the variance for stability), plus {@code ½·log(2π)} when
 * {@code full}.
 */
public final class GaussianNll {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

  private GaussianNll() {}

  /** The loss of one target. */
  public static double of(double y, double mean, double variance, boolean full, double eps) {
    double v = Math.max(variance, eps);
    double d = mean - y;
    double loss = 0.5 * (Math.log(v) + d * d / v);
    return full ? loss + HALF_LOG_2PI : loss;
  }
}
