package io.github.lossdive.internal;

import io.github.lossdive.loss.CalibrationError;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A loss that is not a mean of per-row terms but a function of binned state: the calibration
 * error. Per bin it keeps the weight, Σ weight·confidence and Σ weight·accuracy, in
 * {@link LossAccumulator}s (compensated, mergeable, serialised like every loss's), so that it runs
 * in the same pass as other losses, as an aggregate in {@code groupBy}, and in the batch job.
 *
 * <p>Accumulators: [0] every row (counts, skipped rows), then per bin b its confidences at
 * {@code 1 + 2b} and its accuracies at {@code 2 + 2b}.
 *
 * @param bins the number of equal bins of [0, 1]
 * @param norm {@code l1}, {@code l2} or {@code max}
 */
public record BinnedPlan(String name, RowCalibration calibration, String labelCol, String predictionCol,
    String weightCol, boolean skipInvalid, int bins, String norm) implements LossJob {

  /** {@link LossPlan#RESULT_TYPE} and the reliability diagram: per bin its weight, mean confidence and accuracy. */
  public static final StructType RESULT_TYPE = LossPlan.RESULT_TYPE.add("reliability",
      DataTypes.createArrayType(new StructType()
          .add("weight", DataTypes.DoubleType, false)
          .add("confidence", DataTypes.DoubleType, false)
          .add("accuracy", DataTypes.DoubleType, false), false), false);

  @Override
  public String[] columns() {
    return new String[] {weightCol, labelCol, predictionCol};
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    LossAccumulator[] accs = new LossAccumulator[1 + 2 * bins];
    for (int i = 0; i < accs.length; i++) {
      accs[i] = new LossAccumulator(predictionCol, false);
    }
    return accs;
  }

  @Override
  public int accumulatorCount() {
    return 1 + 2 * bins;
  }

  @Override
  public void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch) {
    LossTerm row = scratch[0];
    double w;
    try {
      w = LossPlan.weight(weightCol, values[0]);
      calibration.apply(values[1], values[2], row);
    } catch (InvalidValueException e) {
      reject(accs, at, e);
      return;
    }
    add(accs, at, row, w);
  }

  /** Folds a valid row's confidence and accuracy ({@code row}) of weight {@code w} into the accumulators from {@code at}. */
  void add(LossAccumulator[] accs, int at, LossTerm row, double w) {
    double confidence = row.value();
    int b = CalibrationError.bin(confidence, bins);
    accs[at].add(confidence, 1.0, w, row.width());
    accs[at + 1 + 2 * b].add(confidence, 1.0, w, row.width());
    accs[at + 2 + 2 * b].add(row.weight(), 1.0, w, row.width());
  }

  @Override
  public void reject(LossAccumulator[] accs, int at, InvalidValueException e) {
    LossPlan.reject(skipInvalid, accs[at], e);
  }

  @Override
  public StructType resultType() {
    return RESULT_TYPE;
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    LossAccumulator all = accs[0];
    LossPlan.checkRows(all, skipInvalid);
    double[] weight = new double[bins];
    double[] confidence = new double[bins];
    double[] accuracy = new double[bins];
    Object[] diagram = new Object[bins];
    for (int b = 0; b < bins; b++) {
      weight[b] = accs[1 + 2 * b].weightSum();
      confidence[b] = accs[1 + 2 * b].lossSum();
      accuracy[b] = accs[2 + 2 * b].lossSum();
      diagram[b] = new GenericInternalRow(new Object[] {weight[b],
          weight[b] == 0.0 ? 0.0 : confidence[b] / weight[b], weight[b] == 0.0 ? 0.0 : accuracy[b] / weight[b]});
    }
    if (all.weightSum() == 0.0) {
      throw new io.github.lossdive.InvalidInputException(
          "Cannot compute a calibration error: the weights of all " + all.rows() + " rows sum to zero.");
    }
    return new GenericInternalRow(new Object[] {CalibrationError.of(weight, confidence, accuracy, norm),
        all.rows(), all.skipped(), all.ignored(), all.weightSum(), Double.NaN, new GenericArrayData(diagram)});
  }
}
