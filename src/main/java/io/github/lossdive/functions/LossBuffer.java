package io.github.lossdive.functions;

import io.github.lossdive.loss.NeumaierSum;
import java.io.Serializable;

/**
 * The aggregation state of one loss: compensated sums of weighted losses and of the mean's
 * denominator, the row counts, and the prediction width seen so far.
 *
 * <p>Public only because Spark's buffer encoder requires it; its members are package-private.
 *
 * <p>Contract (as Spark's {@code SummarizerBuffer}): {@link #merge} with an empty buffer is the
 * identity, and the result does not depend on how rows were split across partitions beyond the
 * rounding of two compensated sums.
 */
public final class LossBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  final NeumaierSum lossSum = new NeumaierSum();
  final NeumaierSum weightSum = new NeumaierSum();
  long rows;
  long skipped;
  long ignored;
  /** Prediction width of the rows seen, −1 before the first. */
  int width = -1;

  /** Adds one row's weighted contribution. */
  void add(double weightedLoss, double weight, int rowWidth, String predictionCol) {
    checkWidth(rowWidth, predictionCol);
    lossSum.add(weightedLoss);
    weightSum.add(weight);
    rows++;
  }

  /** Folds another buffer into this one. */
  LossBuffer merge(LossBuffer other, String predictionCol) {
    if (other.width >= 0) {
      checkWidth(other.width, predictionCol);
    }
    lossSum.merge(other.lossSum);
    weightSum.merge(other.weightSum);
    rows += other.rows;
    skipped += other.skipped;
    ignored += other.ignored;
    return this;
  }

  /**
   * The reduced loss with its counts. Fails, rather than return NaN, when no row contributed (empty
   * input, or every row skipped or ignored) or when the weights sum to zero under a mean.
   */
  LossSummary summary(boolean sum, String handleInvalid) {
    if (rows == 0) {
      long total = skipped + ignored;
      throw new IllegalArgumentException(
          total == 0
              ? "Cannot evaluate a loss on an empty dataset."
              : "No rows to evaluate: all " + total + " rows were left out (" + skipped
                  + " skipped as invalid under handleInvalid=" + handleInvalid + ", " + ignored
                  + " with the target ignoreIndex).");
    }
    double weights = weightSum.value();
    double total = lossSum.value();
    if (!sum && weights == 0.0) {
      throw new IllegalArgumentException(
          "Cannot take the mean of the loss: the weights of all " + rows + " rows sum to zero.");
    }
    return new LossSummary(sum ? total : total / weights, rows, skipped, ignored, weights);
  }

  private void checkWidth(int rowWidth, String predictionCol) {
    if (width < 0) {
      width = rowWidth;
    } else if (width != rowWidth) {
      throw new IllegalArgumentException(
          "Column "
              + predictionCol
              + " holds predictions of different lengths in one dataset: "
              + describe(width)
              + " and "
              + describe(rowWidth)
              + ". Every row must have the same number of classes.");
    }
  }

  private static String describe(int w) {
    return w == 0 ? "a scalar" : w + " elements";
  }
}
