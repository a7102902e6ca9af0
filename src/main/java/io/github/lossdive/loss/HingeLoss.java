package io.github.lossdive.loss;

/**
 * Per-row hinge losses.
 *
 * <ul>
 *   <li>Binary: scikit-learn {@code hinge_loss}, {@code max(0, m − y·f)} with y ∈ {−1, +1};
 *   <li>Crammer–Singer: scikit-learn's multiclass {@code hinge_loss},
 *       {@code max(0, m − (f_y − max_{j≠y} f_j))};
 *   <li>Weston–Watkins: {@code torch.nn.functional.multi_margin_loss},
 *       {@code w_y · Σ_{j≠y} max(0, m − f_y + f_j)^p / K}.
 * </ul>
 * scikit-learn fixes m = 1 and has no squared form; {@code squared} squares the hinge (p = 2 for
 * Weston–Watkins, as torch's {@code p=2}).
 */
public final class HingeLoss {
  private HingeLoss() {}

  /** Binary hinge for a score {@code f} and a label {@code y} of −1 or +1. */
  public static double binary(double f, double y, double margin, boolean squared) {
    return power(Math.max(0.0, margin - y * f), squared);
  }

  /**
   * Crammer–Singer multiclass hinge for scores {@code f} and true class {@code y}. The scores hold
   * no NaN (callers check that they are finite), so a plain comparison finds the largest rival
   * score without {@code Math.max}'s NaN and −0.0 handling, which is slow in a wide row.
   */
  public static double crammerSinger(double[] f, int y, double margin, boolean squared) {
    double best = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < f.length; j++) {
      if (j != y && f[j] > best) {
        best = f[j];
      }
    }
    return power(Math.max(0.0, margin - (f[y] - best)), squared);
  }

  /** Weston–Watkins multiclass hinge; {@code w} are class weights or null. */
  public static double westonWatkins(double[] f, int y, double margin, boolean squared, double[] w) {
    double sum = 0.0;
    for (int j = 0; j < f.length; j++) {
      if (j != y) {
        double z = margin - f[y] + f[j];
        if (z > 0) {
          double h = squared ? z * z : z;
          sum += w == null ? h : h * w[y];
        }
      }
    }
    return sum / f.length;
  }

  private static double power(double z, boolean squared) {
    return squared ? z * z : z;
  }
}
