package io.github.lossdive.evaluation;

import io.github.lossdive.evaluation.ElementwiseLoss.Rule;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.SoftMargin;
import java.util.List;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Soft margin loss, {@code torch.nn.functional.soft_margin_loss}: the logistic loss
 * {@code log(1 + exp(−y·x))} of a score x (column {@code rawPrediction}) for a label y = ±1,
 * averaged over all elements. Numbers, or label and score vectors of one width (one binary
 * problem per element).
 */
public final class SoftMarginLossEvaluator extends LossEvaluator<SoftMarginLossEvaluator> {
  private static final long serialVersionUID = 1L;

  public SoftMarginLossEvaluator() {
    this(Identifiable.randomUID("softMarginEval"));
  }

  public SoftMarginLossEvaluator(String uid) {
    super(uid, "rawPrediction", List.of(MEAN, SUM), MEAN);
  }

  public static MLReader<SoftMarginLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static SoftMarginLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "softMargin";
  }

  @Override
  RowLoss rowLoss() {
    return new ElementwiseLoss(Rule.SIGN, Rule.FINITE, null, false, new SoftMarginFormula());
  }

  /** The soft margin of one element, and of a row with one logarithm ({@link SoftMargin#softplusSum}). */
  private static final class SoftMarginFormula implements ElementwiseLoss.Formula {
    private static final long serialVersionUID = 1L;

    @Override
    public double of(double y, double x, double unused) {
      return SoftMargin.of(y, x);
    }

    @Override
    public double sum(double[] y, double[] x, double[] unused, double perRow) {
      return SoftMargin.softplusSum(y, x);
    }
  }
}
