package io.github.lossdive.evaluation;

import io.github.lossdive.internal.ColumnValue;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.HingeLoss;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Hinge loss of margin classifiers (column {@code rawPrediction}).
 *
 * <ul>
 *   <li>Binary, for a numeric score or a 2-element vector (element 1 is the positive-class margin, as
 *       Spark's {@code LinearSVC} and {@code LogisticRegression} write it), with labels {0, 1} or
 *       {−1, +1}: scikit-learn's {@code hinge_loss}, {@code max(0, margin − y·f)}.
 *   <li>Multiclass, K &gt; 2 scores and a class-index label: Crammer–Singer (default,
 *       scikit-learn's multiclass {@code hinge_loss}) or Weston–Watkins
 *       ({@code torch.nn.functional.multi_margin_loss}, with {@code classWeights}).
 * </ul>
 * {@code squared} squares each hinge (torch's {@code p=2} for Weston–Watkins).
 */
public final class HingeLossEvaluator extends LossEvaluator<HingeLossEvaluator>
    implements HasClassWeights<HingeLossEvaluator> {
  private static final long serialVersionUID = 1L;

  public static final String CRAMMER_SINGER = "crammerSinger";
  public static final String WESTON_WATKINS = "westonWatkins";

  private final DoubleParam margin;
  private final BooleanParam squared;
  private final Param<String> multiclassFormula;
  private final DoubleArrayParam classWeights;

  public HingeLossEvaluator() {
    this(Identifiable.randomUID("hingeEval"));
  }

  public HingeLossEvaluator(String uid) {
    super(uid, "rawPrediction", List.of(MEAN, SUM), MEAN);
    margin =
        doubleParam(
            "margin",
            "the margin m in max(0, m − y·f). Must be in range [0, inf). The default value is 1.0.",
            0.0,
            Double.POSITIVE_INFINITY,
            true,
            false);
    squared =
        booleanParam(
            "squared",
            "whether to square each hinge (squared hinge; p = 2 for Weston–Watkins). The default"
                + " value is false.");
    multiclassFormula =
        stringParam(
            "multiclassFormula",
            "the multiclass hinge for K > 2 scores. Supported options: crammerSinger"
                + " (scikit-learn's hinge_loss), westonWatkins (torch's multi_margin_loss). The"
                + " default value is crammerSinger.",
            List.of(CRAMMER_SINGER, WESTON_WATKINS));
    classWeights = SharedParams.classWeights(this);
    setDefault(margin, 1.0);
    setDefault(squared, false);
    setDefault(multiclassFormula, CRAMMER_SINGER);
  }

  public static MLReader<HingeLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static HingeLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "hinge";
  }

  public DoubleParam margin() {
    return margin;
  }

  public BooleanParam squared() {
    return squared;
  }

  public Param<String> multiclassFormula() {
    return multiclassFormula;
  }

  @Override
  public DoubleArrayParam classWeights() {
    return classWeights;
  }

  public double getMargin() {
    return (Double) $(margin);
  }

  public boolean getSquared() {
    return (Boolean) $(squared);
  }

  public String getMulticlassFormula() {
    return $(multiclassFormula);
  }

  public HingeLossEvaluator setMargin(double value) {
    return setParam(margin, value);
  }

  public HingeLossEvaluator setSquared(boolean value) {
    return setParam(squared, value);
  }

  public HingeLossEvaluator setMulticlassFormula(String value) {
    return setParam(multiclassFormula, value);
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
    String predictionName = getPredictionCol();
    double m = getMargin();
    boolean sq = getSquared();
    boolean westonWatkins = WESTON_WATKINS.equals(getMulticlassFormula());
    double[] weights = valueOrNull(classWeights);
    if (weights != null && !westonWatkins) {
      throw new io.github.lossdive.InvalidArgumentException(
          "Param classWeights applies only to multiclassFormula=westonWatkins, but it is "
              + getMulticlassFormula()
              + ".");
    }
    ClassTargets targets = new ClassTargets(null);
    return (label, prediction, out) -> {
      if (!prediction.isVector()) {
        double f = prediction.finiteScalar();
        out.set(HingeLoss.binary(f, sign(label), m, sq), 1.0, 0);
        return;
      }
      double[] f = prediction.finiteVector();
      if (f.length <= 2) {
        double score = f[f.length - 1];
        out.set(HingeLoss.binary(score, sign(label), m, sq), 1.0, f.length);
        return;
      }
      if (!westonWatkins) {
        targets.term(label, f.length, null, y -> HingeLoss.crammerSinger(f, y, m, sq), out);
        return;
      }
      SharedParams.checkClassWeights(weights, f.length, predictionName);
      // torch's multi_margin_loss divides by N, not by Σ w[y]: every row's share is 1.
      targets.term(label, f.length, null, y -> HingeLoss.westonWatkins(f, y, m, sq, weights), out);
    };
  }

  /** A binary label as −1 or +1: 0 and −1 are negative, 1 is positive. */
  private static double sign(ColumnValue label) {
    double v = label.scalar();
    if (v == 1.0) {
      return 1.0;
    }
    if (v == 0.0 || v == -1.0) {
      return -1.0;
    }
    throw RowValues.invalid(label.column(), v, "not a binary label: expected 0 or 1, or -1 or +1");
  }
}
