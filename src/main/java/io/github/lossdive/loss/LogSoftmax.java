package io.github.lossdive.loss;

/**
 * Numerically stable log-softmax, {@code log_softmax(x)_c = x_c − log Σ_j exp(x_j)}, as
 * {@code torch.nn.functional.log_softmax} computes it: the maximum is subtracted before
 * exponentiating, so logits of magnitude 1000 neither overflow nor lose the winning class.
 */
public final class LogSoftmax {
  private LogSoftmax() {}

  /**
   * Returns a new array holding {@code log_softmax(x)}, computed in torch's order
   * {@code (x_c − max) − log Σ_j exp(x_j − max)}: subtracting the maximum first keeps the digits
   * that {@code x_c − (max + log Σ)} would lose at large magnitudes.
   */
  public static double[] apply(double[] x) {
    double max = max(x);
    double logS = logSumShifted(x, max);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] - max) - logS;
    }
    return out;
  }

  /** {@code log_softmax(x)_c} alone, the same arithmetic as {@link #apply} without the array. */
  public static double at(double[] x, int c) {
    double max = max(x);
    return (x[c] - max) - logSumShifted(x, max);
  }

  /**
   * The largest element. A plain comparison rather than {@code Math.max}, whose NaN and −0.0 rules
   * made it the hottest line of a five-loss pass; a NaN element still yields NaN downstream, since
   * {@code exp(NaN − max)} enters the sum.
   */
  private static double max(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      if (v > max) {
        max = v;
      }
    }
    return max;
  }

  private static double logSumShifted(double[] x, double max) {
    double s = 0.0;
    for (double v : x) {
      s += Math.exp(v - max);
    }
    return Math.log(s);
  }
}
