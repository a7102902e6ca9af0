package io.github.lossdive.internal;

import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * The state of one loss over any set of rows, in plain Java: the compensated sums of the weighted
 * row losses ({@code Σ sᵢ·lᵢ}) and of the mean's denominator ({@code Σ sᵢ·dᵢ}), the counts of rows
 * that contributed, were skipped or were ignored, and the prediction width seen so far. Both
 * engines drive it: the Catalyst aggregate ({@link LossAggregate}, for {@code agg} and
 * {@code groupBy}) and the single-stage pass ({@link LossPass}, for {@code evaluate}).
 *
 * <p>Vocabulary as in DataSketches and Spark's {@code SummarizerBuffer}: {@link #add},
 * {@link #skip}, {@link #ignore} fold one row; {@link #merge} folds another accumulator; the getters
 * read the result. Contract:
 *
 * <ul>
 *   <li>A new accumulator is empty: no rows, sums 0. Merging an empty one, on either side, is the
 *       identity.
 *   <li>Folding rows one by one, or in any split into parts that are then merged, in any order,
 *       gives the same sums up to the error bound of {@link NeumaierSum} (about 2ε relative for
 *       non-cancelling terms) and exactly the same counts.
 *   <li>A row of weight 0 counts as a row and adds nothing to the sums, even when its loss is
 *       infinite or NaN. Otherwise infinities and NaN propagate as in ordinary addition.
 *   <li>All rows must have one prediction width: a row or part of another width is an
 *       {@link IllegalArgumentException} naming the prediction column.
 * </ul>
 *
 * <p>An accumulator belongs to one thread at a time. It is {@link Serializable} because partition
 * results travel to the driver as task results; Spark's shuffle uses {@link #toBytes}.
 */
public final class LossAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bytes of {@link #toBytes}: four doubles, three longs, one int. */
  private static final int BYTES = 4 * Double.BYTES + 3 * Long.BYTES + Integer.BYTES;

  private final String predictionCol;
  private final NeumaierSum lossSum;
  private final NeumaierSum weightSum;
  private long rows;
  private long skipped;
  private long ignored;
  /** Prediction width of the rows seen (0 for a scalar), −1 before the first. */
  private int width = -1;

  /** An empty accumulator; {@code predictionCol} names the column in a width mismatch message. */
  public LossAccumulator(String predictionCol) {
    this(predictionCol, new NeumaierSum(), new NeumaierSum());
  }

  private LossAccumulator(String predictionCol, NeumaierSum lossSum, NeumaierSum weightSum) {
    this.predictionCol = predictionCol;
    this.lossSum = lossSum;
    this.weightSum = weightSum;
  }

  /**
   * Folds one contributing row.
   *
   * @param loss the row's loss as torch reports it with {@code reduction='none'}
   * @param share the row's share of the mean's denominator (1, a class weight, or a count of
   *     elements)
   * @param weight the row's sample weight, finite and non-negative
   * @param rowWidth the row's prediction width, 0 for a scalar
   */
  public void add(double loss, double share, double weight, int rowWidth) {
    checkWidth(rowWidth);
    // A zero-weight row contributes nothing, even where its loss is infinite.
    lossSum.add(weight == 0.0 ? 0.0 : weight * loss);
    weightSum.add(weight * share);
    rows++;
  }

  /** Counts a row left out as invalid under {@code handleInvalid=skip}. */
  public void skip() {
    skipped++;
  }

  /** Counts a row left out because its target is {@code ignoreIndex}. */
  public void ignore() {
    ignored++;
  }

  /** Folds {@code other} into this accumulator and returns this one; {@code other} is unchanged. */
  public LossAccumulator merge(LossAccumulator other) {
    if (this == other) {
      throw new IllegalArgumentException("Cannot merge an accumulator with itself");
    }
    if (other.width >= 0) {
      checkWidth(other.width);
    }
    lossSum.merge(other.lossSum);
    weightSum.merge(other.weightSum);
    rows += other.rows;
    skipped += other.skipped;
    ignored += other.ignored;
    return this;
  }

  /** {@code Σ sᵢ·lᵢ} over the contributing rows, compensated. */
  public double lossSum() {
    return lossSum.value();
  }

  /** {@code Σ sᵢ·dᵢ}, the mean's denominator, compensated. */
  public double weightSum() {
    return weightSum.value();
  }

  /** Rows that contributed. */
  public long rows() {
    return rows;
  }

  /** Rows skipped as invalid. */
  public long skipped() {
    return skipped;
  }

  /** Rows whose target was ignored. */
  public long ignored() {
    return ignored;
  }

  /** The state as bytes, for Spark's shuffle: fixed width, no Java serialization. */
  byte[] toBytes() {
    return ByteBuffer.allocate(BYTES)
        .putDouble(lossSum.sum()).putDouble(lossSum.compensation())
        .putDouble(weightSum.sum()).putDouble(weightSum.compensation())
        .putLong(rows).putLong(skipped).putLong(ignored).putInt(width)
        .array();
  }

  /** The accumulator that {@link #toBytes} wrote. */
  static LossAccumulator fromBytes(byte[] bytes, String predictionCol) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    NeumaierSum loss = NeumaierSum.of(b.getDouble(), b.getDouble());
    NeumaierSum weight = NeumaierSum.of(b.getDouble(), b.getDouble());
    LossAccumulator a = new LossAccumulator(predictionCol, loss, weight);
    a.rows = b.getLong();
    a.skipped = b.getLong();
    a.ignored = b.getLong();
    a.width = b.getInt();
    return a;
  }

  private void checkWidth(int rowWidth) {
    if (width < 0) {
      width = rowWidth;
    } else if (width != rowWidth) {
      throw new IllegalArgumentException(
          "Column " + predictionCol + " holds predictions of different lengths in one dataset: "
              + describe(width) + " and " + describe(rowWidth)
              + ". Every row must have the same number of classes.");
    }
  }

  private static String describe(int w) {
    return w == 0 ? "a scalar" : w + " elements";
  }
}
