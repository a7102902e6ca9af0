package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.FocalLoss;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Focal loss: cross-entropy that weighs the hard rows, {@code α_t·(1 − p_t)^γ·ce} (see
 * {@link FocalLoss} for the formulas).
 *
 * <ul>
 *   <li>Binary: a scalar label in [0, 1] with a scalar prediction or a 2-element vector (element 1
 *       is the positive class), {@code torchvision.ops.sigmoid_focal_loss}.
 *   <li>Multi-label: equal-length label and prediction vectors, the same per element, mean over all
 *       elements.
 *   <li>Multiclass: a class-index label with K ≥ 3 prediction elements, Keras 3
 *       {@code CategoricalFocalCrossentropy}, mean over rows.
 * </ul>
 * {@code predictionType} says whether predictions are probabilities (each log clamped at −100 as in
 * {@code binary_cross_entropy}; multiclass rows must be distributions) or logits.
 */
public final class FocalLossEvaluator extends LossEvaluator<FocalLossEvaluator>
    implements HasPredictionType<FocalLossEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> predictionType;
  private final DoubleParam alpha;
  private final DoubleParam gamma;

  public FocalLossEvaluator() {
    this(Identifiable.randomUID("focalEval"));
  }

  public FocalLossEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN, SUM), MEAN);
    predictionType = SharedParams.predictionType(this, List.of(PROBABILITIES, LOGITS));
    alpha =
        doubleParam(
            "alpha",
            "weight of the positive class, α·y + (1 − α)·(1 − y) (multiclass: a factor α); a"
                + " negative value turns the weighting off, as in torchvision. Must be finite. The"
                + " default value is 0.25.",
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            false,
            false);
    gamma =
        doubleParam(
            "gamma",
            "focusing exponent γ of (1 − p_t)^γ; 0 gives (α-weighted) cross-entropy. Must be in"
                + " range [0, inf). The default value is 2.0.",
            0.0,
            Double.POSITIVE_INFINITY,
            true,
            false);
    setDefault(predictionType, PROBABILITIES);
    setDefault(alpha, 0.25);
    setDefault(gamma, 2.0);
  }

  public static MLReader<FocalLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static FocalLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "focal";
  }

  @Override
  public Param<String> predictionType() {
    return predictionType;
  }

  public DoubleParam alpha() {
    return alpha;
  }

  public DoubleParam gamma() {
    return gamma;
  }

  public double getAlpha() {
    return (Double) $(alpha);
  }

  public double getGamma() {
    return (Double) $(gamma);
  }

  public FocalLossEvaluator setAlpha(double value) {
    return setParam(alpha, value);
  }

  public FocalLossEvaluator setGamma(double value) {
    return setParam(gamma, value);
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.NUMERIC, ColumnKind.VECTOR);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.NUMERIC, ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    boolean logits = LOGITS.equals(getPredictionType());
    double a = getAlpha();
    double g = getGamma();
    return (label, prediction, out) -> {
      if (label.isVector()) {
        double[] y = label.vector();
        double[] x = prediction.vector();
        RowValues.checkSameLength(y, x.length, label.column(), prediction.column());
        double sum = 0.0;
        for (int j = 0; j < y.length; j++) {
          double yj = RowValues.unitInterval(y[j], label.column(), "a binary target");
          sum += element(x[j], yj, a, g, logits, prediction.column());
        }
        out.set(sum, y.length, y.length);
        return;
      }
      if (!prediction.isVector()) {
        double y = label.unitInterval("a binary target");
        out.set(element(prediction.scalar(), y, a, g, logits, prediction.column()), 1.0, 0);
        return;
      }
      double[] x = prediction.vector();
      if (x.length <= 2) {
        RowValues.checkLength(x, 2, prediction.column(), "a binary prediction with a scalar label");
        double y = label.unitInterval("a binary target");
        out.set(element(x[1], y, a, g, logits, prediction.column()), 1.0, 2);
        return;
      }
      double[] scores = logits ? prediction.finiteVector() : prediction.distribution();
      int y = label.classIndex(scores.length);
      out.set(logits
          ? FocalLoss.categoricalOfLogits(scores, y, a, g)
          : FocalLoss.categorical(scores, y, a, g), 1.0, scores.length);
    };
  }

  /** One binary element, after checking that the prediction is a probability or a finite logit. */
  private static double element(double x, double y, double a, double g, boolean logits, String column) {
    return logits
        ? FocalLoss.ofLogit(RowValues.finite(x, column), y, a, g)
        : FocalLoss.ofProbability(RowValues.unitInterval(x, column, "a probability"), y, a, g);
  }
}
