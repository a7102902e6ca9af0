package io.github.lossdive.internal;

import java.io.Serializable;

/**
 * What a binned loss ({@link BinnedPlan}) needs of one row: its confidence in [0, 1] and its
 * accuracy (1 when the prediction was right, or the outcome for a binary confidence). Like
 * {@link RowLoss} it validates through {@link ColumnValue} and captures only plain values.
 */
@FunctionalInterface
public interface RowCalibration extends Serializable {
  /**
   * Writes the row into {@code out} (the engine's reused term) as
   * {@code out.set(confidence, accuracy, width)}: the width of the prediction (0 for a scalar)
   * must be the same in every row.
   */
  void apply(ColumnValue label, ColumnValue prediction, LossTerm out);
}
