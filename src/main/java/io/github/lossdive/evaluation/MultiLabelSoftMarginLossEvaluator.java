package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.MultiLabelSoftMargin;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Multi-label soft margin loss, {@code torch.nn.functional.multilabel_soft_margin_loss}: a
 * multi-hot label vector (each entry 0 or 1) against a vector of logits (column
 * {@code rawPrediction}) of the same width C; per row, the mean over its classes of each class's
 * logistic loss, weighted by {@code classWeights}; then the mean over rows.
 */
public final class MultiLabelSoftMarginLossEvaluator extends LossEvaluator<MultiLabelSoftMarginLossEvaluator>
    implements HasClassWeights<MultiLabelSoftMarginLossEvaluator> {
  private static final long serialVersionUID = 1L;

  private final DoubleArrayParam classWeights;

  public MultiLabelSoftMarginLossEvaluator() {
    this(Identifiable.randomUID("multiLabelSoftMarginEval"));
  }

  public MultiLabelSoftMarginLossEvaluator(String uid) {
    super(uid, "rawPrediction", List.of(MEAN, SUM), MEAN);
    classWeights = weightsParam("classWeights", "per-class weights w (torch's weight): class c's term counts"
        + " w[c] times in its row's mean over the C classes. Finite and non-negative, one per class. Unset"
        + " by default (all 1).");
  }

  public static MLReader<MultiLabelSoftMarginLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static MultiLabelSoftMarginLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "multiLabelSoftMargin";
  }

  @Override
  public DoubleArrayParam classWeights() {
    return classWeights;
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
    double[] weights = valueOrNull(classWeights);
    String predictionName = getPredictionCol();
    return (label, prediction, out) -> {
      double[] x = prediction.finiteVector();
      double[] y = label.vector();
      RowValues.checkSameLength(y, x.length, label.column(), prediction.column());
      for (double v : y) {
        if (v != 0.0 && v != 1.0) {
          throw RowValues.invalid(label.column(), y, "entry " + v + " is not 0 or 1 (a multi-hot target)");
        }
      }
      SharedParams.checkClassWeights(weights, x.length, predictionName);
      out.set(MultiLabelSoftMargin.of(y, x, weights), 1.0, x.length);
    };
  }
}
