package io.github.lossdive.evaluation;

import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.LossPlan;
import io.github.lossdive.internal.StudentT;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The result of one loss over a dataset or a group: the reduced loss, its standard error, and how
 * many rows went into it.
 *
 * <p>The standard error is computed in the same pass as the loss. For a mean ({@code mean},
 * {@code batchmean}), each contributing row i gives {@code aᵢ = sᵢ·lᵢ} and {@code bᵢ = sᵢ·dᵢ}
 * (sample weight, torch's unreduced loss, the row's share of the mean's denominator), the loss is
 * {@code R = Σa/Σb}, and {@code SE = sqrt(n/(n−1)·Σ(aᵢ − R·bᵢ)²)/Σb}: the linearised variance of a
 * ratio estimator (R's {@code survey::svymean} with a with-replacement design; unweighted it is
 * {@code s/√n}). For {@code sum}: {@code sqrt(n/(n−1)·Σ(aᵢ − ā)²)}. NaN for fewer than 2 rows.
 *
 * @param loss the reduced loss (mean or sum, as the evaluator's {@code reduction} says)
 * @param rows rows that contributed
 * @param skipped rows left out as invalid under {@code handleInvalid=skip}
 * @param ignored rows left out because their target was {@code ignoreIndex}
 * @param weightSum the mean's denominator: Σ sample weight × the row's share (class weight, or
 *     number of elements for element means)
 * @param standardError the standard error of {@code loss}; NaN for the calibration error, which has
 *     no closed form
 * @param reliabilityDiagram for the calibration error, per bin [k/B, (k+1)/B): its weight, mean
 *     confidence and accuracy; empty for every other loss
 * @param histogram row counts of the row losses in log-spaced bins (powers of two), when the
 *     engine was asked to keep them (the batch job's HTML report); empty otherwise
 * @param degreesOfFreedom of the interval's t quantile: G′ − 1 under the jackknife (G′ non-empty
 *     buckets), infinite (the normal distribution) for the analytic standard error
 */
public record LossSummary(double loss, long rows, long skipped, long ignored, double weightSum,
    double standardError, List<Bin> reliabilityDiagram, List<Long> histogram, double degreesOfFreedom)
    implements Serializable {

  /**
   * One bin of a reliability diagram.
   *
   * @param weight the rows' weight in the bin (their count when unweighted)
   * @param confidence their mean confidence, 0 for an empty bin
   * @param accuracy their mean accuracy, 0 for an empty bin
   */
  public record Bin(double weight, double confidence, double accuracy) implements Serializable {}

  /** A summary without a reliability diagram, with a normal interval. */
  public LossSummary(double loss, long rows, long skipped, long ignored, double weightSum, double standardError) {
    this(loss, rows, skipped, ignored, weightSum, standardError, List.of(), List.of());
  }

  /** A summary with a normal interval. */
  public LossSummary(double loss, long rows, long skipped, long ignored, double weightSum, double standardError,
      List<Bin> reliabilityDiagram, List<Long> histogram) {
    this(loss, rows, skipped, ignored, weightSum, standardError, reliabilityDiagram, histogram,
        Double.POSITIVE_INFINITY);
  }

  /** The Spark type of {@code LossFunctions.summary}'s struct column. */
  public static final StructType SCHEMA = LossPlan.RESULT_TYPE;

  /**
   * The two-sided {@code level} confidence interval {@code loss ± q·SE}, with
   * {@code q = Φ⁻¹((1 + level)/2)} (1.959963984540054 for 0.95), or Student's t quantile with
   * {@link #degreesOfFreedom} under the jackknife, as {@code {low, high}}, clipped to the range of a
   * loss: no loss is below 0, so neither is the interval.
   *
   * @throws IllegalArgumentException unless {@code 0 < level < 1}
   */
  public double[] confidenceInterval(double level) {
    double half = StudentT.twoSidedQuantile(level, degreesOfFreedom) * standardError;
    return new double[] {Math.max(0.0, loss - half), loss + half};
  }

  /**
   * The one-sided p-value of "the true loss is at most {@code limit}", from the normal
   * approximation {@code 1 − Φ((loss − limit)/SE)} (Student's t under the jackknife): small when the data show the loss above the
   * limit. With a standard error of 0 or none (NaN), 0 when the loss is above the limit, else 1.
   */
  public double pValueAbove(double limit) {
    return StudentT.pValueAbove(loss, standardError, limit, degreesOfFreedom);
  }

  /**
   * The one-sided p-value of "the true loss is at least {@code limit}": small when the data show
   * the loss below the limit. With a standard error of 0 or none, 0 when the loss is below the
   * limit, else 1.
   */
  public double pValueBelow(double limit) {
    return StudentT.pValueBelow(loss, standardError, limit, degreesOfFreedom);
  }

  /** Reads a summary from a row of {@link #SCHEMA} (with a reliability diagram or histogram, if any). */
  public static LossSummary fromRow(Row r) {
    List<Bin> bins = new ArrayList<>();
    List<Long> histogram = new ArrayList<>();
    List<String> fields = List.of(r.schema().fieldNames());
    if (fields.contains("reliability")) {
      for (Row b : r.<Row>getList(r.fieldIndex("reliability"))) {
        bins.add(new Bin(b.getDouble(0), b.getDouble(1), b.getDouble(2)));
      }
    }
    if (fields.contains("histogram")) {
      histogram.addAll(r.<Long>getList(r.fieldIndex("histogram")));
    }
    double df = fields.contains("degreesOfFreedom") ? r.getDouble(r.fieldIndex("degreesOfFreedom"))
        : Double.POSITIVE_INFINITY;
    return new LossSummary(r.getDouble(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getDouble(5),
        List.copyOf(bins), List.copyOf(histogram), df);
  }

  /** The number of bins of {@link #histogram()}. */
  public static final int HISTOGRAM_BINS = LossAccumulator.HISTOGRAM_BINS;

  /**
   * The lower edge of bin {@code bin} of {@link #histogram()}: 0 for bin 0, which holds losses
   * below 2^-24 (zero included); then powers of two, bin b holding [2^(b-25), 2^(b-24)); the last
   * bin holds everything from 2^9 up.
   */
  public static double histogramLowerEdge(int bin) {
    return LossAccumulator.histogramLower(bin);
  }

}
