package io.github.lossdive.functions;

import java.io.Serializable;

/**
 * The loss of one row, given the raw label and prediction values Spark hands a user-defined
 * function: a {@code Number}, an {@code org.apache.spark.ml.linalg.Vector}, or a Scala
 * {@code Seq} of numbers for array columns. {@link RowValues} decodes and validates them.
 *
 * <p>An implementation throws {@link IllegalArgumentException} for an invalid row, with a message
 * naming the column, the value and the reason; the engine turns that into an error or a skipped
 * row according to {@code handleInvalid}. Instances are shipped to executors, so they capture only
 * plain values, never the evaluator.
 */
@FunctionalInterface
public interface RowLoss extends Serializable {
  /** The row's loss term. */
  LossTerm apply(Object label, Object prediction);
}
