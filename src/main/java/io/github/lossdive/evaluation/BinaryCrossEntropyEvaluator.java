package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.BinaryCrossEntropy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Binary cross-entropy, {@code torch.nn.functional.binary_cross_entropy} for probabilities (each
 * log clamped at −100) and {@code binary_cross_entropy_with_logits} for logits.
 *
 * <p>A scalar label in [0, 1] (soft labels allowed) goes with a scalar prediction or a 2-element
 * vector, whose element 1 is the positive class (Spark's {@code probability} column). A vector
 * label goes with a prediction vector of the same length: multi-label, the mean over all elements.
 * {@code posWeight} (or {@code posWeights}, one per label) weighs the positive term.
 */
public final class BinaryCrossEntropyEvaluator extends LossEvaluator<BinaryCrossEntropyEvaluator>
    implements HasPredictionType<BinaryCrossEntropyEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> predictionType;
  private final DoubleParam posWeight;
  private final DoubleArrayParam posWeights;

  public BinaryCrossEntropyEvaluator() {
    this(Identifiable.randomUID("bceEval"));
  }

  public BinaryCrossEntropyEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN, SUM), MEAN);
    predictionType = SharedParams.predictionType(this, List.of(PROBABILITIES, LOGITS));
    posWeight =
        doubleParam(
            "posWeight",
            "weight of the positive term, torch's pos_weight, for every label. Must be in range"
                + " [0, inf). Unset by default: the positive term weighs 1.0.",
            0.0,
            Double.POSITIVE_INFINITY,
            true,
            false);
    posWeights =
        weightsParam(
            "posWeights",
            "per-label weights of the positive term for multi-label rows (torch's pos_weight"
                + " vector), one per label; overrides posWeight. Unset by default.");
    setDefault(predictionType, PROBABILITIES);
  }

  public static MLReader<BinaryCrossEntropyEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static BinaryCrossEntropyEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "bce";
  }

  @Override
  public Param<String> predictionType() {
    return predictionType;
  }

  public DoubleParam posWeight() {
    return posWeight;
  }

  public DoubleArrayParam posWeights() {
    return posWeights;
  }

  public double getPosWeight() {
    return (Double) $(posWeight);
  }

  public double[] getPosWeights() {
    return $(posWeights);
  }

  public BinaryCrossEntropyEvaluator setPosWeight(double value) {
    return setParam(posWeight, value);
  }

  public BinaryCrossEntropyEvaluator setPosWeights(double[] value) {
    return setParam(posWeights, value);
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
    double[] perLabel = valueOrNull(posWeights);
    double common = isDefined(posWeight) ? getPosWeight() : 1.0;
    return (label, prediction, out) -> {
      if (!label.isVector()) {
        double y = label.unitInterval("a binary target");
        double x;
        int width = 0;
        if (prediction.isVector()) {
          double[] v = prediction.vector();
          RowValues.checkLength(v, 2, prediction.column(), "a binary prediction with a scalar label");
          width = 2;
          x = v[1];
        } else {
          x = prediction.scalar();
        }
        RowValues.checkParamLength("posWeights", perLabel, 1, "rows have", "label");
        double pw = perLabel == null ? common : perLabel[0];
        out.set(element(x, y, pw, logits, prediction.column()), 1.0, width);
        return;
      }
      double[] y = label.vector();
      double[] x = prediction.vector();
      RowValues.checkSameLength(y, x.length, label.column(), prediction.column());
      RowValues.checkParamLength("posWeights", perLabel, y.length, "rows have", "labels");
      double sum = 0.0;
      for (int j = 0; j < y.length; j++) {
        double yj = RowValues.unitInterval(y[j], label.column(), "a binary target");
        sum += element(x[j], yj, perLabel == null ? common : perLabel[j], logits, prediction.column());
      }
      out.set(sum, y.length, y.length);
    };
  }

  /** One element's loss, after checking that the prediction is a probability or a finite logit. */
  private static double element(double x, double y, double pw, boolean logits, String column) {
    return logits
        ? BinaryCrossEntropy.logit(RowValues.finite(x, column), y, pw)
        : BinaryCrossEntropy.probability(RowValues.unitInterval(x, column, "a probability"), y, pw);
  }
}
