package io.github.lossdive.internal;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One loss as the engine runs it: the per-row loss and the settings of its evaluator, captured as
 * plain values when the job is planned, with the rules every loss shares: the sample weight and
 * {@code handleInvalid} (which rows are rejected and how; {@link BinnedPlan} applies the same
 * static rules), and {@code reduction} (how the accumulated sums become the loss and its standard
 * error); the three drivers ({@link LossAggregate}, {@link LossPass}, {@link GroupedLossPass}) fold
 * rows through {@link #update} and finish through {@link #loss}.
 *
 * @param name the loss's short name, for {@code explain} and job descriptions
 * @param rowLoss the per-row loss
 * @param labelCol label column name
 * @param predictionCol prediction column name
 * @param secondCol the column of the loss's second input ({@link RowLoss.OfThree}), or null
 * @param weightCol weight column name, or null when rows are unweighted
 * @param skipInvalid whether invalid rows are skipped and counted ({@code handleInvalid=skip})
 * @param sum whether the reduction is a sum rather than a weighted mean
 * @param histogram whether to keep a histogram of the row losses (the HTML report's), in the
 *     result's {@code histogram} field
 */
public record LossPlan(String name, RowLoss rowLoss, String labelCol, String predictionCol,
    String secondCol, String weightCol, boolean skipInvalid, boolean sum, boolean histogram) implements LossJob {

  /** The struct of a loss column ({@code LossFunctions.summary}); {@code LossSummary} reads it. */
  public static final StructType RESULT_TYPE =
      new StructType()
          .add("loss", DataTypes.DoubleType, false)
          .add("rows", DataTypes.LongType, false)
          .add("skipped", DataTypes.LongType, false)
          .add("ignored", DataTypes.LongType, false)
          .add("weightSum", DataTypes.DoubleType, false)
          .add("stdError", DataTypes.DoubleType, false);

  /** {@link #RESULT_TYPE} with the histogram of row losses. */
  public static final StructType HISTOGRAM_RESULT_TYPE = RESULT_TYPE.add("histogram",
      DataTypes.createArrayType(DataTypes.LongType, false), false);

  /** An empty accumulator for this loss. */
  public LossAccumulator newAccumulator() {
    return new LossAccumulator(predictionCol, sum, histogram);
  }

  /** This loss keeping a histogram of its row losses. */
  @Override
  public LossPlan withHistogram() {
    return new LossPlan(name, rowLoss, labelCol, predictionCol, secondCol, weightCol, skipInvalid, sum, true);
  }

  /** This loss read from {@code predictionCol} instead: a baseline model's output of the same kind. */
  public LossPlan withPredictionCol(String column) {
    return new LossPlan(name, rowLoss, labelCol, column, secondCol, weightCol, skipInvalid, sum, histogram);
  }

  @Override
  public String[] columns() {
    return new String[] {weightCol, labelCol, predictionCol, secondCol};
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    return new LossAccumulator[] {newAccumulator()};
  }

  @Override
  public int accumulatorCount() {
    return 1;
  }

  @Override
  public void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch) {
    update(accs[at], values[1], values[2], values[3], values[0], scratch[0]);
  }

  @Override
  public void reject(LossAccumulator[] accs, int at, InvalidValueException e) {
    reject(accs[at], e);
  }

  @Override
  public StructType resultType() {
    return histogram ? HISTOGRAM_RESULT_TYPE : RESULT_TYPE;
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    LossAccumulator a = accs[0];
    Object[] fields = {loss(a), a.rows(), a.skipped(), a.ignored(), a.weightSum(), a.standardError()};
    if (histogram) {
      fields = java.util.Arrays.copyOf(fields, 7);
      fields[6] = new org.apache.spark.sql.catalyst.util.GenericArrayData(
          java.util.Arrays.stream(a.histogram()).boxed().toArray());
    }
    return new GenericInternalRow(fields);
  }

  /**
   * Folds one row, given its decoded values, into {@code acc}: checks the weight, runs the row
   * loss, and adds, ignores or rejects the row. {@code weight} is not read when the loss is
   * unweighted, {@code second} (null) when the loss has no second input.
   *
   * @param term scratch space for the row's term, overwritten
   */
  void update(LossAccumulator acc, ColumnValue label, ColumnValue prediction, ColumnValue second,
      ColumnValue weight, LossTerm term) {
    double w;
    try {
      w = weight(weight);
      rowLoss.apply(label, prediction, second, term);
    } catch (InvalidValueException e) {
      reject(acc, e);
      return;
    }
    if (term.ignored()) {
      acc.ignore();
    } else {
      acc.add(term.value(), term.weight(), w, term.width());
    }
  }

  /**
   * One row's loss as {@code LossFunctions.perRow} reports it, from the values Spark passes to a
   * user-defined function: torch's {@code reduction='none'} value (class weights applied, sample
   * weight not), 0 for an ignored target, null for an invalid row under {@code handleInvalid=skip}.
   * {@code second} is the second input's value, ignored when the loss has none.
   */
  public Double perRow(Object label, Object prediction, Object second) {
    LossTerm term = new LossTerm();
    try {
      rowLoss.apply(new ColumnValue(labelCol, false).setObject(label),
          new ColumnValue(predictionCol, false).setObject(prediction),
          secondCol == null ? null : new ColumnValue(secondCol, false).setObject(second), term);
    } catch (InvalidValueException e) {
      if (skipInvalid) {
        return null;
      }
      throw e;
    }
    return term.value();
  }

  /**
   * Fails, rather than return NaN, when no row contributed: empty input, or every row skipped
   * ({@code handleInvalid=skip} when {@code skipInvalid}) or ignored.
   */
  static void checkRows(LossAccumulator acc, boolean skipInvalid) {
    if (acc.rows() == 0) {
      long total = acc.skipped() + acc.ignored();
      throw new io.github.lossdive.InvalidInputException(
          total == 0
              ? "Cannot evaluate a loss on an empty dataset."
              : "No rows to evaluate: all " + total + " rows were left out (" + acc.skipped()
                  + " skipped as invalid under handleInvalid=" + (skipInvalid ? "skip" : "error")
                  + ", " + acc.ignored() + " with the target ignoreIndex).");
    }
  }

  /** The row's sample weight: 1 when unweighted, else the checked value of the weight column. */
  double weight(ColumnValue weight) {
    return weight(weightCol, weight);
  }

  /** An invalid row: counted as skipped under {@code handleInvalid=skip}, else the error. */
  void reject(LossAccumulator acc, InvalidValueException e) {
    reject(skipInvalid, acc, e);
  }

  /**
   * The weight rule of every job: 1 when rows are unweighted ({@code weightCol} null), else the
   * weight column's value, which must be finite and non-negative.
   */
  static double weight(String weightCol, ColumnValue weight) {
    return weightCol == null ? 1.0 : weight.weight();
  }

  /** The invalid-row rule of every job: skipped and counted when {@code skipInvalid}, else the error. */
  static void reject(boolean skipInvalid, LossAccumulator acc, InvalidValueException e) {
    if (!skipInvalid) {
      throw e;
    }
    acc.skip();
  }

  /**
   * The reduced loss of a complete accumulator: the weighted mean {@code Σ sᵢ·lᵢ / Σ sᵢ·dᵢ}, or the
   * sum {@code Σ sᵢ·lᵢ}.
   *
   * @throws IllegalArgumentException when no row contributed (empty input, or every row skipped or
   *     ignored), or when the weights sum to zero under a mean: never a NaN for those
   */
  public double loss(LossAccumulator acc) {
    checkRows(acc, skipInvalid);
    long rows = acc.rows();
    if (sum) {
      return acc.lossSum();
    }
    double weights = acc.weightSum();
    if (weights == 0.0) {
      throw new io.github.lossdive.InvalidInputException(
          "Cannot take the mean of the loss: the weights of all " + rows + " rows sum to zero.");
    }
    return acc.lossSum() / weights;
  }
}
