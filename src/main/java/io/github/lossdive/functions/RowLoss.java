package io.github.lossdive.functions;

import java.io.Serializable;

/**
 * The loss of one row, given the raw label and prediction values: a {@code Number}, a
 * {@code double[]} read from Spark's internal rows, an {@code org.apache.spark.ml.linalg.Vector},
 * or a Scala {@code Seq} of numbers from a user-defined function. {@link RowValues} decodes and
 * validates them.
 *
 * <p>An implementation writes the row's term into {@code out}, neither modifies nor keeps its
 * arguments: the engine reuses arrays from row to row and hands one decoded column to every loss
 * that reads it. It throws {@link IllegalArgumentException}
 * for an invalid row, with a message naming the column, the value and the reason; the engine turns
 * that into an error or a skipped row according to {@code handleInvalid}. Instances are shipped to
 * executors, so they capture only plain values, never the evaluator.
 */
@FunctionalInterface
public interface RowLoss extends Serializable {
  /** Computes the row's term into {@code out}. */
  void apply(Object label, Object prediction, LossTerm out);
}
