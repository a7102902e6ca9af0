package io.github.lossdive.evaluation;

import io.github.lossdive.internal.StudentT;
import io.github.lossdive.internal.PairedPlan;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One loss of a candidate model against a baseline over the same rows, from one pass
 * ({@link LossEvaluator#compare}): both losses, their difference, and the difference's paired
 * standard error, interval and p-value.
 *
 * <p>Paired: with {@code δᵢ = a_cand,ᵢ − a_base,ᵢ} over the rows' shared {@code bᵢ}, the standard
 * error is that of {@link LossSummary} computed on the δᵢ, so whatever the two models get right or
 * wrong together cancels, and the interval is narrower than one from two independent losses when
 * the models are correlated (as two models of the same data nearly always are).
 *
 * @param candidate the loss of the candidate model ({@code predictionCol})
 * @param baseline the loss of the baseline model ({@code baselineCol}), on the same rows
 * @param difference {@code candidate − baseline}
 * @param standardError the paired standard error of {@code difference}; NaN for fewer than 2 rows
 * @param pValue the two-sided p-value of "no difference", {@code 2·(1 − Φ(|difference|/SE))}
 * @param rows rows that contributed (valid for both models)
 * @param skipped rows left out as invalid for either model under {@code handleInvalid=skip}
 * @param ignored rows left out because their target was {@code ignoreIndex}
 * @param degreesOfFreedom of the interval's and p-values' t distribution: G′ − 1 under the
 *     jackknife, infinite (normal) for the analytic standard error
 */
public record LossComparison(double candidate, double baseline, double difference, double standardError,
    double pValue, long rows, long skipped, long ignored, double degreesOfFreedom) implements Serializable {

  /** A comparison with normal intervals and p-values. */
  public LossComparison(double candidate, double baseline, double difference, double standardError, double pValue,
      long rows, long skipped, long ignored) {
    this(candidate, baseline, difference, standardError, pValue, rows, skipped, ignored, Double.POSITIVE_INFINITY);
  }

  /** The Spark type of {@code LossFunctions.comparison}'s struct column. */
  public static final StructType SCHEMA = PairedPlan.RESULT_TYPE;

  /** The two-sided {@code level} confidence interval of {@code difference}, {@code {low, high}}. */
  public double[] confidenceInterval(double level) {
    double half = StudentT.twoSidedQuantile(level, degreesOfFreedom) * standardError;
    return new double[] {difference - half, difference + half};
  }

  /**
   * The one-sided p-value of "the true difference is at most {@code limit}" (normal): small when
   * the data show the candidate worse than the baseline by more than {@code limit}. With a
   * standard error of 0 or none, 0 when the difference is above the limit, else 1.
   */
  public double pValueAbove(double limit) {
    return StudentT.pValueAbove(difference, standardError, limit, degreesOfFreedom);
  }

  /**
   * The one-sided p-value of "the true difference is at least {@code limit}": small when the data
   * show the candidate worse by less than {@code limit} (better, for a limit of 0). With a standard
   * error of 0 or none, 0 when the difference is below the limit, else 1.
   */
  public double pValueBelow(double limit) {
    return StudentT.pValueBelow(difference, standardError, limit, degreesOfFreedom);
  }

  /** Reads a comparison from a row of {@link #SCHEMA}. */
  public static LossComparison fromRow(Row r) {
    double df = java.util.Arrays.asList(r.schema().fieldNames()).contains("degreesOfFreedom")
        ? r.getDouble(r.fieldIndex("degreesOfFreedom")) : Double.POSITIVE_INFINITY;
    return new LossComparison(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
        r.getLong(5), r.getLong(6), r.getLong(7), df);
  }
}
