package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.BrierScore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Brier score, scikit-learn (≥ 1.7) {@code brier_score_loss}: the mean squared difference between
 * predicted probabilities and the outcome, the calibration-sensitive counterpart of cross-entropy.
 *
 * <ul>
 *   <li>Binary: a 0/1 label with a scalar probability or a 2-element vector (element 1 is the
 *       positive class, Spark's {@code probability} column): {@code mean (y − p)²}.
 *   <li>Multiclass: a class-index label with K ≥ 3 probabilities (a distribution):
 *       {@code mean Σ_c (y_c − p_c)²}.
 * </ul>
 */
public final class BrierScoreEvaluator extends LossEvaluator<BrierScoreEvaluator> {
  private static final long serialVersionUID = 1L;

  public BrierScoreEvaluator() {
    this(Identifiable.randomUID("brierEval"));
  }

  public BrierScoreEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN, SUM), MEAN);
  }

  public static MLReader<BrierScoreEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static BrierScoreEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "brier";
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.NUMERIC);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.NUMERIC, ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    return (label, prediction, out) -> {
      if (prediction.isBinaryPrediction()) {
        double p = prediction.positiveProbability();
        out.set(BrierScore.binary(p, label.binaryLabel()), 1.0, prediction.width());
        return;
      }
      double[] p = prediction.distribution();
      out.set(BrierScore.multiclass(p, label.classIndex(p.length)), 1.0, p.length);
    };
  }

}
