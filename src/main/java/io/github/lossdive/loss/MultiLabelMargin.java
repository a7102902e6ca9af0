package io.github.lossdive.loss;

/**
 * Multi-label margin loss, {@code torch.nn.functional.multilabel_margin_loss}: per row, for each
 * target class j and each class i that is not a target, the hinge {@code max(0, 1 − (x[j] − x[i]))},
 * summed and divided by the number of classes C. The targets are torch's layout: class indices
 * from the start of the label vector up to its first −1.
 */
public final class MultiLabelMargin {
  private MultiLabelMargin() {}

  /**
   * The row's loss for scores {@code x} and the first {@code targets} entries of
   * {@code indices}, valid class indices (a repeated index counts again, as in torch).
   *
   * @param isTarget scratch of length C, overwritten
   */
  public static double of(double[] x, int[] indices, int targets, boolean[] isTarget) {
    java.util.Arrays.fill(isTarget, false);
    for (int t = 0; t < targets; t++) {
      isTarget[indices[t]] = true;
    }
    double sum = 0.0;
    for (int t = 0; t < targets; t++) {
      double xj = x[indices[t]];
      for (int i = 0; i < x.length; i++) {
        if (!isTarget[i]) {
          sum += Math.max(0.0, 1.0 - (xj - x[i]));
        }
      }
    }
    return sum / x.length;
  }
}
