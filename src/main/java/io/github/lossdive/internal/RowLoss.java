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
}
