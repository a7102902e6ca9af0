package io.github.lossdive.evaluation;

import io.github.lossdive.internal.ColumnValue;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.DiceLoss;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Dice loss, MONAI's {@code DiceLoss} with one channel and one row per sample:
 * {@code 1 − (2·Σpt + smoothNumerator)/(Σp + Σt + smoothDenominator)} (see {@link DiceLoss}), the
 * mean over rows. Label and prediction are equal-length vectors (a mask and its predicted
 * probabilities, for segmentation) or scalars; {@code predictionType=logits} applies the sigmoid
 * first.
 */
public final class DiceLossEvaluator extends LossEvaluator<DiceLossEvaluator>
    implements HasPredictionType<DiceLossEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> predictionType;
  private final DoubleParam smoothNumerator;
  private final DoubleParam smoothDenominator;
  private final BooleanParam squaredPrediction;

  public DiceLossEvaluator() {
    this(Identifiable.randomUID("diceEval"));
  }

  public DiceLossEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN, SUM), MEAN);
    predictionType = SharedParams.predictionType(this, List.of(PROBABILITIES, LOGITS));
    smoothNumerator = doubleParam("smoothNumerator",
        "added to the numerator 2·Σpt (MONAI's smooth_nr). Must be in range [0, inf). The default"
            + " value is 1e-5.", 0.0, Double.POSITIVE_INFINITY, true, false);
    smoothDenominator = doubleParam("smoothDenominator",
        "added to the denominator Σp + Σt (MONAI's smooth_dr), so that an empty mask is defined."
            + " Must be in range (0, inf). The default value is 1e-5.", 0.0, Double.POSITIVE_INFINITY, false, false);
    squaredPrediction = booleanParam("squaredPrediction",
        "whether the denominator is Σp² + Σt² (MONAI's squared_pred). The default value is false.");
    setDefault(predictionType, PROBABILITIES);
    setDefault(smoothNumerator, 1e-5);
    setDefault(smoothDenominator, 1e-5);
    setDefault(squaredPrediction, false);
  }

  public static MLReader<DiceLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static DiceLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "dice";
  }

  @Override
  public Param<String> predictionType() {
    return predictionType;
  }

  public DoubleParam smoothNumerator() {
    return smoothNumerator;
  }

  public DoubleParam smoothDenominator() {
    return smoothDenominator;
  }

  public BooleanParam squaredPrediction() {
    return squaredPrediction;
  }

  public double getSmoothNumerator() {
    return (Double) $(smoothNumerator);
  }

  public double getSmoothDenominator() {
    return (Double) $(smoothDenominator);
  }

  public boolean getSquaredPrediction() {
    return (Boolean) $(squaredPrediction);
  }

  public DiceLossEvaluator setSmoothNumerator(double value) {
    return setParam(smoothNumerator, value);
  }

  public DiceLossEvaluator setSmoothDenominator(double value) {
    return setParam(smoothDenominator, value);
  }

  public DiceLossEvaluator setSquaredPrediction(boolean value) {
    return setParam(squaredPrediction, value);
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
    double nr = getSmoothNumerator();
    double dr = getSmoothDenominator();
    boolean squared = getSquaredPrediction();
    return (label, prediction, out) -> {
      if (!label.isVector() && !prediction.isVector()) {
        double t = RowValues.unitInterval(label.scalar(), label.column(), "a mask value");
        double x = checked(prediction.scalar(), logits, prediction);
        out.set(DiceLoss.of(x, t, logits, nr, dr, squared), 1.0, 0);
        return;
      }
      double[] t = label.vector();
      double[] x = prediction.vector();
      RowValues.checkSameLength(t, x.length, label.column(), prediction.column());
      for (int i = 0; i < x.length; i++) {
        RowValues.unitInterval(t[i], label.column(), "a mask value");
        checked(x[i], logits, prediction);
      }
      out.set(DiceLoss.of(x, t, logits, nr, dr, squared), 1.0, t.length);
    };
  }

  /** {@code x} when it is a probability, or a finite logit. */
  private static double checked(double x, boolean logits, ColumnValue prediction) {
    return logits
        ? RowValues.finite(x, prediction.column())
        : RowValues.unitInterval(x, prediction.column(), "a probability");
  }
}
