package io.github.lossdive.evaluation;

import io.github.lossdive.internal.BinnedPlan;
import io.github.lossdive.internal.PairedBinnedPlan;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.RowCalibration;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.CalibrationError;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Calibration error, TorchMetrics' {@code binary_calibration_error} and
 * {@code multiclass_calibration_error}: how far the model's confidence is from its accuracy, over
 * {@code numBins} equal bins of confidence (see {@link CalibrationError}).
 *
 * <ul>
 *   <li>Binary: a 0/1 label with a scalar probability or a 2-element vector (element 1): confidence
 *       = p(positive), accuracy = the label.
 *   <li>Multiclass: a class-index label with K ≥ 3 probabilities: confidence = the largest
 *       probability, accuracy = 1 where its index (the lowest of ties) is the label.
 * </ul>
 * Bins are [k/B, (k+1)/B), decided exactly; confidence 1.0 is in the last bin (TorchMetrics gives
 * it a bin of its own). With {@code weightCol}, counts and means are weighted. It is not a mean of
 * per-row terms: {@code summarize} also returns the reliability diagram, the standard error is
 * NaN, and {@code perRow} and {@code compare} are not defined for it.
 */
public final class CalibrationErrorEvaluator extends LossEvaluator<CalibrationErrorEvaluator> {
  private static final long serialVersionUID = 1L;

  private final IntParam numBins;
  private final Param<String> norm;

  public CalibrationErrorEvaluator() {
    this(Identifiable.randomUID("eceEval"));
  }

  public CalibrationErrorEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN), MEAN, List.of(JACKKNIFE));
    numBins = new IntParam(this, "numBins",
        "number of equal confidence bins of [0, 1]. Must be in range [1, inf). The default value is 15.",
        ParamValidators.gtEq(1));
    norm = stringParam("norm",
        "how bin gaps |accuracy − confidence| are combined. Supported options: l1 (expected calibration"
            + " error), l2 (root mean square), max (maximum calibration error). The default value is l1.",
        List.of(CalibrationError.L1, CalibrationError.L2, CalibrationError.MAX));
    setDefault(numBins, 15);
    setDefault(norm, CalibrationError.L1);
  }

  public static MLReader<CalibrationErrorEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static CalibrationErrorEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "ece";
  }

  public IntParam numBins() {
    return numBins;
  }

  public Param<String> norm() {
    return norm;
  }

  public int getNumBins() {
    return (Integer) $(numBins);
  }

  public String getNorm() {
    return $(norm);
  }

  public CalibrationErrorEvaluator setNumBins(int value) {
    return setParam(numBins, value);
  }

  public CalibrationErrorEvaluator setNorm(String value) {
    return setParam(norm, value);
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.NUMERIC);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.NUMERIC, ColumnKind.VECTOR);
  }

  /** The calibration error has no per-row loss. */
  @Override
  RowLoss rowLoss() {
    throw new io.github.lossdive.InvalidArgumentException(
        "ece is computed from binned confidences, not as a mean of per-row losses: perRow is not"
            + " defined for it.");
  }

  @Override
  LossJob metricJob() {
    return binned();
  }

  /** Two models' calibration errors over the same rows, their difference resampled by the jackknife. */
  @Override
  LossJob comparisonJob(String baselineCol) {
    return withInterval(new PairedBinnedPlan(binned(), baselineCol), baselineCol);
  }

  private BinnedPlan binned() {
    return new BinnedPlan(lossName(), calibration(), getLabelCol(), getPredictionCol(), weightColOrNull(),
        skipsInvalid(), getNumBins(), getNorm());
  }

  private static RowCalibration calibration() {
    return (label, prediction, out) -> {
      if (prediction.isBinaryPrediction()) {
        double p = prediction.positiveProbability();
        out.set(p, label.binaryLabel(), prediction.width());
        return;
      }
      double[] p = prediction.distribution();
      int y = label.classIndex(p.length);
      int top = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[top]) {
          top = c;
        }
      }
      out.set(p[top], top == y ? 1.0 : 0.0, p.length);
    };
  }

}
