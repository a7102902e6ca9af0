package io.github.lossdive.loss;

/**
 * Poisson negative log-likelihood, {@code torch.nn.functional.poisson_nll_loss}, of a count y under
 * a predicted rate: {@code exp(x) − y·x} for a log-rate x ({@code logInput}), or
 * {@code λ − y·log(λ + eps)} for a rate λ; {@code full} adds Stirling's approximation of
 * {@code log(y!)}, {@code y·log y − y + ½·log(2πy)}, where y &gt; 1 (torch's mask; 0 elsewhere).
 */
public final class PoissonNll {
  private PoissonNll() {}

  /** The loss of one count. */
  public static double of(double y, double x, boolean logInput, boolean full, double eps) {
    double loss = logInput ? Math.exp(x) - y * x : x - y * Math.log(x + eps);
    return full ? loss + stirling(y) : loss;
  }

  /** {@code y·log y − y + ½·log(2πy)} for y &gt; 1, else 0. */
  public static double stirling(double y) {
    return y > 1.0 ? y * Math.log(y) - y + 0.5 * Math.log(2.0 * Math.PI * y) : 0.0;
  }
}
