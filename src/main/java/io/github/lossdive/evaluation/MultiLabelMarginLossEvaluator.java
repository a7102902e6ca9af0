package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.MultiLabelMargin;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Multi-label margin loss, {@code torch.nn.functional.multilabel_margin_loss}: scores (column
 * {@code rawPrediction}) for C classes, and a label vector of the same width in torch's layout,
 * the target class indices followed by −1 (entries after the first −1 are not read). Per row,
 * {@code Σ_j Σ_i max(0, 1 − (x[target j] − x[i]))} over the targets j and the other classes i,
 * divided by C; then the mean over rows.
 */
public final class MultiLabelMarginLossEvaluator extends LossEvaluator<MultiLabelMarginLossEvaluator> {
  private static final long serialVersionUID = 1L;

  public MultiLabelMarginLossEvaluator() {
    this(Identifiable.randomUID("multiLabelMarginEval"));
  }

  public MultiLabelMarginLossEvaluator(String uid) {
    super(uid, "rawPrediction", List.of(MEAN, SUM), MEAN);
  }

  public static MLReader<MultiLabelMarginLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static MultiLabelMarginLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "multiLabelMargin";
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    return (label, prediction, out) -> {
      double[] x = prediction.finiteVector();
      double[] y = label.vector();
      RowValues.checkSameLength(y, x.length, label.column(), prediction.column());
      int[] targets = new int[y.length];
      int n = 0;
      while (n < y.length && y[n] != -1.0) {
        if (y[n] != Math.rint(y[n]) || y[n] < 0 || y[n] >= x.length) {
          throw RowValues.invalid(label.column(), y, "entry " + y[n] + " is not a class index in [0, "
              + x.length + ") or the -1 that ends the targets");
        }
        targets[n] = (int) y[n];
        n++;
      }
      out.set(MultiLabelMargin.of(x, targets, n, new boolean[x.length]), 1.0, x.length);
    };
  }
}
