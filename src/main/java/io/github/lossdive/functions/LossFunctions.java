package io.github.lossdive.functions;

import io.github.lossdive.evaluation.LossEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Losses as Spark SQL columns.
 *
 * <p>{@link #aggregate} is the one implementation behind every number LossDive reports:
 * {@code LossEvaluator.evaluate(df)} is {@code df.select(aggregate(e))}, and several losses in one
 * {@code agg(...)} are computed in a single pass, per group with {@code groupBy}:
 *
 * <pre>{@code
 * df.groupBy("model").agg(aggregate(ce).as("ce"), aggregate(hinge).as("hinge"))
 * }</pre>
 *
 * Each row is turned into a weighted loss term by a UDF, and the terms are combined by a typed
 * aggregator with compensated sums, partition by partition; only the final sums reach the driver.
 */
public final class LossFunctions {
  private LossFunctions() {}

  /** The reduced loss of {@code e}, with all its params, as an aggregate {@code double} column. */
  public static Column aggregate(LossEvaluator<?> e) {
    return summary(e).getField("loss");
  }

  /**
   * The loss with its row counts, as an aggregate struct column of {@link LossSummary#SCHEMA}:
   * {@code loss}, {@code rows}, {@code skipped}, {@code ignored}, {@code weightSum}.
   */
  public static Column summary(LossEvaluator<?> e) {
    String weightCol = e.hasWeightCol() ? e.getWeightCol() : null;
    boolean skip = LossEvaluator.SKIP.equals(e.getHandleInvalid());
    UserDefinedFunction term =
        functions.udf(new TermFunction(e.rowLoss(), weightCol, skip), LossAggregator.TERM);
    Column weight = weightCol == null ? functions.lit(1.0) : functions.col(weightCol);
    Column terms = term.apply(labelOf(e), predictionOf(e), weight);
    LossAggregator aggregator =
        new LossAggregator(
            LossEvaluator.SUM.equals(e.getReduction()), e.getPredictionCol(), e.getHandleInvalid());
    return functions
        .udaf(aggregator, Encoders.row(LossAggregator.INPUT))
        .withName("lossdive_" + e.lossName())
        .apply(terms);
  }

  /**
   * Each row's loss as a plain {@code double} column, torch's {@code reduction='none'}: class
   * weights applied, sample weight not; 0 for an ignored target; null for an invalid row under
   * {@code handleInvalid=skip}.
   */
  public static Column perRow(LossEvaluator<?> e) {
    RowLoss loss = e.rowLoss();
    boolean skip = LossEvaluator.SKIP.equals(e.getHandleInvalid());
    UDF2<Object, Object, Double> f =
        (label, prediction) -> {
          try {
            return loss.apply(label, prediction).value();
          } catch (InvalidValueException ex) {
            if (skip) {
              return null;
            }
            throw ex;
          }
        };
    return functions
        .udf(f, DataTypes.DoubleType)
        .withName("lossdive_" + e.lossName() + "_per_row")
        .apply(labelOf(e), predictionOf(e));
  }

  private static Column labelOf(LossEvaluator<?> e) {
    return functions.col(e.getLabelCol());
  }

  private static Column predictionOf(LossEvaluator<?> e) {
    return functions.col(e.getPredictionCol());
  }
}
