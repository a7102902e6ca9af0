package io.github.lossdive.internal;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters$;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * What the engine's three drivers ({@link LossPass}, {@link GroupedLossPass}, {@link LossAggregate})
 * run: one loss ({@link LossPlan}), one loss of two models over the same rows ({@link PairedPlan}),
 * or a binned metric ({@link BinnedPlan}). A job
 * names the columns it reads, keeps its state in accumulators, and folds each row into them.
 */
public interface LossJob extends Serializable {
  /** A short name, for {@code explain} and messages. */
  String name();

  /**
   * The columns read, in order: weight (null when rows are unweighted), label, prediction, then
   * any further column (a baseline's prediction, a second input); null marks one not read.
   */
  String[] columns();

  /** Empty accumulators for this job's state. */
  LossAccumulator[] newAccumulators();

  /** How many accumulators {@link #newAccumulators()} returns. */
  int accumulatorCount();

  /**
   * Folds one row into {@code accs}. {@code values} holds the row's decoded columns in the order
   * of {@link #columns()} (null where a column is not read); {@code scratch} two reusable terms.
   *
   * @throws IllegalArgumentException for an invalid row under {@code handleInvalid=error}
   */
  default void update(LossAccumulator[] accs, ColumnValue[] values, LossTerm[] scratch) {
    update(accs, 0, values, scratch);
  }

  /**
   * {@link #update} into this job's {@link #accumulatorCount()} accumulators from {@code accs[at]}
   * on: how the jackknife folds a row into its bucket's set without copying it out of the array.
   */
  void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch);

  /** A row whose columns could not be read: skipped and counted, or the error. */
  default void reject(LossAccumulator[] accs, InvalidValueException e) {
    reject(accs, 0, e);
  }

  /** {@link #reject} into this job's accumulators from {@code accs[at]} on, as {@link #update(LossAccumulator[], int, ColumnValue[], LossTerm[])}. */
  void reject(LossAccumulator[] accs, int at, InvalidValueException e);

  /** The type of {@link #result}. */
  StructType resultType();

  /** The final result of complete accumulators, as a row of {@link #resultType()}. */
  InternalRow result(LossAccumulator[] accs);

  /**
   * This job keeping a histogram of its row losses in its result, for the HTML report; a job
   * that has no row losses (the calibration error) returns itself.
   */
  default LossJob withHistogram() {
    return this;
  }

  /** {@link #result} as an external {@code Row} with its schema, as the public result types read it. */
  default Row resultRow(LossAccumulator[] accs) {
    return (Row) CatalystTypeConverters$.MODULE$.createToScalaConverter(resultType()).apply(result(accs));
  }
}
