package io.github.lossdive.internal;

import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * The state of one loss over any set of rows, in plain Java: the compensated sums of the weighted
 * row losses ({@code A = Σ aᵢ}, {@code aᵢ = sᵢ·lᵢ}) and of the mean's denominator
 * ({@code B = Σ bᵢ}, {@code bᵢ = sᵢ·dᵢ}), the second moments of the loss's standard error, the
 * counts of rows that contributed, were skipped or were ignored, and the prediction width seen so
 * far.
 *
 * <p>Standard error. The loss of a mean reduction is the ratio estimator {@code R = A/B}; its
 * linearised variance needs {@code M = Σ (aᵢ − R·bᵢ)²}. Expanding the square would cancel
 * catastrophically (when every row has the same loss, M is a difference of two large equal
 * numbers). Instead M is kept about the current R, as Welford's and Chan's updates keep a sum of
 * squares about the current mean, with {@code C = Σ bᵢ·(aᵢ − R·bᵢ)} and {@code D = Σ bᵢ²}: when R
 * moves by Δ, {@code M ← M − 2Δ·C + Δ²·D} and {@code C ← C − Δ·D}, exactly, and both parts of a
 * merge are moved to the merged R the same way. When every row has the same loss per share
 * ({@code lᵢ/dᵢ}; under {@code ofSum} the same {@code aᵢ}) the standard error is exactly 0: that is
 * tracked directly, since the rounding of {@code sᵢ·lᵢ} alone would leave residuals of a few ulps.
 * For a sum reduction the moments are about the mean row, {@code bᵢ = 1} ({@code ofSum}). Three
 * drivers run it: the Catalyst aggregate ({@link LossAggregate}, for {@code agg} and
 * {@code groupBy}), the single-stage pass ({@link LossPass}, for {@code evaluate}) and the grouped
 * pass ({@link GroupedLossPass}, for {@code summarizeBy} and the job's groups).
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
 * <p>An accumulator belongs to one thread at a time. It is {@link Serializable} because the single
 * pass's partition results travel to the driver as task results; Spark's aggregation keeps it in
 * fixed-width buffer fields ({@link #store}, {@link #load}).
 */
public final class LossAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * Bins of the optional histogram of row losses, log-spaced by powers of two: bin 0 holds losses
   * of exactly 0 (or below 2^−24), bin 1 + e + 24 the losses in [2^e, 2^(e+1)) for e in −24..8, the
   * last bin 2^9 and above (and infinities, NaN).
   */
  public static final int HISTOGRAM_BINS = 35;
  private static final int LOWEST_EXPONENT = -24;

  private final String predictionCol;
  /** Whether the moments are about the mean row (reduction sum) rather than the ratio A/B. */
  private final boolean ofSum;
  /** Σ sᵢ·lᵢ and Σ sᵢ·dᵢ, each a {@link NeumaierSum} kept in two fields, not an object of its own. */
  private double lossSum;
  private double lossCompensation;
  private double weightSum;
  private double weightCompensation;
  /** The moments' centre: always {@link #centre()} of the sums, kept to see how far it moves. */
  private double ratio;
  /** {@code Σ bᵢ·(aᵢ − ratio·bᵢ)}. */
  private double cross;
  /** {@code Σ bᵢ²}. */
  private double squares;
  /** {@code Σ (aᵢ − ratio·bᵢ)²}. */
  private double residuals;
  /** The loss per share of the rows that carry weight, while it is the same for all; NaN before the first. */
  private double constant = Double.NaN;
  /** Whether two weighted rows had different losses per share. */
  private boolean varies;
  /** Row counts per {@link #HISTOGRAM_BINS} bin of the row losses, or null when not kept. */
  private long[] histogram;
  private long rows;
  private long skipped;
  private long ignored;
  /** Prediction width of the rows seen (0 for a scalar), −1 before the first. */
  private int width = -1;

  /**
   * An empty accumulator.
   *
   * @param predictionCol names the column in a width mismatch message
   * @param ofSum whether the loss is a sum (standard error about the mean row) rather than a mean
   */
  public LossAccumulator(String predictionCol, boolean ofSum) {
    this.predictionCol = predictionCol;
    this.ofSum = ofSum;
  }

  /** An empty accumulator that also keeps a histogram of the row losses (for the HTML report). */
  public LossAccumulator(String predictionCol, boolean ofSum, boolean histogram) {
    this(predictionCol, ofSum);
    this.histogram = histogram ? new long[HISTOGRAM_BINS] : null;
  }

  /** The bin of a row loss in the histogram. */
  public static int histogramBin(double loss) {
    if (loss == 0.0 || loss < 0.0) {
      return 0;
    }
    if (!(loss < 0x1p9)) {
      return HISTOGRAM_BINS - 1;
    }
    return Math.max(0, Math.getExponent(loss) - LOWEST_EXPONENT + 1);
  }

  /** The lower edge of histogram bin {@code b} (0 for bin 0). */
  public static double histogramLower(int bin) {
    return bin == 0 ? 0.0 : Math.scalb(1.0, bin - 1 + LOWEST_EXPONENT);
  }

  /** The histogram of row losses, a copy; null when not kept. */
  public long[] histogram() {
    return histogram == null ? null : histogram.clone();
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
    double a = weight == 0.0 ? 0.0 : weight * loss;
    double b = weight * share;
    addLoss(a);
    addWeight(b);
    rows++;
    if (histogram != null) {
      histogram[histogramBin(loss)]++;
    }
    if (b != 0.0) {
      same(ofSum ? a : loss / share);
    }
    if (ofSum) {
      b = 1.0;
    }
    double next = centre();
    double delta = next - ratio;
    double r = a - next * b;
    if (delta != 0.0) {
      residuals += delta * (delta * squares - 2.0 * cross);
      cross -= delta * squares;
    }
    residuals += r * r;
    cross += b * r;
    squares += b * b;
    ratio = next;
  }

  private void addLoss(double a) {
    double t = lossSum + a;
    lossCompensation += NeumaierSum.error(lossSum, a, t);
    lossSum = t;
  }

  private void addWeight(double b) {
    double t = weightSum + b;
    weightCompensation += NeumaierSum.error(weightSum, b, t);
    weightSum = t;
  }

  /** Notes one weighted row's loss per share (or part's common value) for the exact-zero case. */
  private void same(double q) {
    if (Double.isNaN(constant)) {
      constant = q;
    } else if (q != constant) {
      varies = true;
    }
  }

  /** A/B (A/n under ofSum), 0 while the denominator is 0. */
  private double centre() {
    double den = ofSum ? rows : weightSum();
    return den == 0.0 ? 0.0 : lossSum() / den;
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
    if (other.varies) {
      varies = true;
    } else if (!Double.isNaN(other.constant)) {
      same(other.constant);
    }
    if (histogram != null && other.histogram != null) {
      for (int i = 0; i < HISTOGRAM_BINS; i++) {
        histogram[i] += other.histogram[i];
      }
    }
    addLoss(other.lossSum);
    addLoss(other.lossCompensation);
    addWeight(other.weightSum);
    addWeight(other.weightCompensation);
    rows += other.rows;
    skipped += other.skipped;
    ignored += other.ignored;
    // Both parts' moments, moved to the merged centre.
    double next = centre();
    double d1 = next - ratio;
    double d2 = next - other.ratio;
    double m1 = d1 == 0.0 ? residuals : residuals + d1 * (d1 * squares - 2.0 * cross);
    double m2 = d2 == 0.0 ? other.residuals : other.residuals + d2 * (d2 * other.squares - 2.0 * other.cross);
    cross = (cross - d1 * squares) + (other.cross - d2 * other.squares);
    residuals = m1 + m2;
    squares += other.squares;
    ratio = next;
    return this;
  }

  /**
   * The standard error of the loss, the linearised variance of the ratio estimator (docs/statistics.md):
   * {@code sqrt(n/(n−1)·Σ(aᵢ − R·bᵢ)²) / B} for a mean, {@code sqrt(n/(n−1)·Σ(aᵢ − ā)²)} for a sum.
   * NaN for fewer than 2 rows or a zero denominator.
   */
  public double standardError() {
    if (rows < 2) {
      return Double.NaN;
    }
    if (!varies && Double.isFinite(constant)) {
      return 0.0;
    }
    double spread = Math.sqrt((double) rows / (rows - 1) * Math.max(residuals, 0.0));
    if (ofSum) {
      return spread;
    }
    double den = weightSum();
    return den == 0.0 ? Double.NaN : spread / den;
  }

  /** {@code Σ sᵢ·lᵢ} over the contributing rows, compensated. */
  public double lossSum() {
    return NeumaierSum.value(lossSum, lossCompensation);
  }

  /** {@code Σ sᵢ·dᵢ}, the mean's denominator, compensated. */
  public double weightSum() {
    return NeumaierSum.value(weightSum, weightCompensation);
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

  /** The buffer fields of one accumulator, before the optional histogram's; see {@link #fields}. */
  private static final String[] FIELDS = {"lossSum", "lossCompensation", "weightSum", "weightCompensation",
      "cross", "squares", "residuals", "constant", "rows", "skipped", "ignored", "shape"};
  private static final int DOUBLES = 8;

  /**
   * The fixed-width fields in which {@link #store} keeps this accumulator in a Spark aggregation
   * buffer, their names prefixed by {@code prefix}: eight doubles, then four longs (the three
   * counts, and {@code shape}: the width times two, plus one when the losses vary), then the
   * histogram's longs when one is kept. The moments' centre is not a field: it is always
   * {@link #centre()} of the sums, and {@link #load} computes it again. Fixed width is what lets
   * Spark keep buffers in its own hash map (and spill it), rather than one Java object per group;
   * few fields are what keep that map, and the shuffle after it, small when there are many groups.
   */
  StructField[] fields(String prefix) {
    StructField[] f = new StructField[width()];
    for (int i = 0; i < f.length; i++) {
      DataType t = i < DOUBLES ? DataTypes.DoubleType : DataTypes.LongType;
      String name = i < FIELDS.length ? FIELDS[i] : "histogram" + (i - FIELDS.length);
      f[i] = new StructField(prefix + name, t, false, Metadata.empty());
    }
    return f;
  }

  /** How many buffer fields {@link #store} writes. */
  int width() {
    return FIELDS.length + (histogram == null ? 0 : HISTOGRAM_BINS);
  }

  /**
   * Writes the state as its fields' values by field number, laid out as {@link #fields} from
   * {@code at} on: a double field's value in {@code doubles}, a long's in {@code longs}; the other
   * array's slot is left alone.
   */
  void store(double[] doubles, long[] longs, int at) {
    doubles[at] = lossSum;
    doubles[at + 1] = lossCompensation;
    doubles[at + 2] = weightSum;
    doubles[at + 3] = weightCompensation;
    doubles[at + 4] = cross;
    doubles[at + 5] = squares;
    doubles[at + 6] = residuals;
    doubles[at + 7] = constant;
    longs[at + 8] = rows;
    longs[at + 9] = skipped;
    longs[at + 10] = ignored;
    longs[at + 11] = ((long) width << 1) | (varies ? 1L : 0L);
    if (histogram != null) {
      System.arraycopy(histogram, 0, longs, at + FIELDS.length, HISTOGRAM_BINS);
    }
  }

  /**
   * Replaces this accumulator's state with the one {@link #store} wrote at {@code at}: an
   * accumulator of the same column, reduction and histogram setting. Returns this one.
   */
  LossAccumulator load(double[] doubles, long[] longs, int at) {
    lossSum = doubles[at];
    lossCompensation = doubles[at + 1];
    weightSum = doubles[at + 2];
    weightCompensation = doubles[at + 3];
    cross = doubles[at + 4];
    squares = doubles[at + 5];
    residuals = doubles[at + 6];
    constant = doubles[at + 7];
    rows = longs[at + 8];
    skipped = longs[at + 9];
    ignored = longs[at + 10];
    width = (int) (longs[at + 11] >> 1);
    varies = (longs[at + 11] & 1L) != 0L;
    ratio = centre();
    if (histogram != null) {
      System.arraycopy(longs, at + FIELDS.length, histogram, 0, HISTOGRAM_BINS);
    }
    return this;
  }

  private void checkWidth(int rowWidth) {
    if (width < 0) {
      width = rowWidth;
    } else if (width != rowWidth) {
      throw new io.github.lossdive.InvalidInputException(
          "Column " + predictionCol + " holds predictions of different lengths in one dataset: "
              + describe(width) + " and " + describe(rowWidth)
              + ". Every row must have the same number of classes.");
    }
  }

  private static String describe(int w) {
    return w == 0 ? "a scalar" : w + " elements";
  }
}
