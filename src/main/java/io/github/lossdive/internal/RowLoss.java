package io.github.lossdive.internal;

import java.io.Serializable;

/**
 * The loss of one row: reads the row's label and prediction through their {@link ColumnValue}s
 * (decoded by a reader chosen once per column, so a loss never tests types) and writes the row's
 * term into {@code out}.
 *
 * <p>An implementation neither modifies nor keeps the arrays it reads: the engine reuses them from
 * row to row and hands one decoded column to every loss that reads it. An invalid row throws the
 * {@link IllegalArgumentException} of a {@link ColumnValue} accessor or {@link RowValues#invalid},
 * naming the column, the value and the reason; the engine turns that into an error or a skipped
 * row according to {@code handleInvalid}. Instances are shipped to executors, so they capture only
 * plain values, never the evaluator.
 */
@FunctionalInterface
public interface RowLoss extends Serializable {
  /** Computes the row's term into {@code out}. */
  void apply(ColumnValue label, ColumnValue prediction, LossTerm out);

  /**
   * Computes the row's term given also the loss's second input (null when the loss reads none),
   * as the engine calls every loss; a loss of label and prediction alone ignores it.
   */
  default void apply(ColumnValue label, ColumnValue prediction, ColumnValue second, LossTerm out) {
    apply(label, prediction, out);
  }

  /**
   * A loss that reads a second input besides label and prediction, in the column of the plan's
   * {@link LossPlan#secondCol()}: the second score of margin ranking, the variance of Gaussian NLL.
   */
  @FunctionalInterface
  interface OfThree extends RowLoss {
    @Override
    void apply(ColumnValue label, ColumnValue prediction, ColumnValue second, LossTerm out);

    /** Never called: the engine always passes the second input. */
    @Override
    default void apply(ColumnValue label, ColumnValue prediction, LossTerm out) {
      throw new IllegalStateException("This loss reads a second input column.");
    }
  }
}
