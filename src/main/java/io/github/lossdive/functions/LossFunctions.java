package io.github.lossdive.functions;

import io.github.lossdive.compat.SparkCompat;
import io.github.lossdive.evaluation.LossEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
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
 * The aggregate is a Spark SQL aggregate function ({@link LossAggregate}) that reads vectors
 * straight from Spark's internal rows and sums with compensation, partition by partition; only
 * the final sums reach the driver.
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
    Expression weight = e.hasWeightCol()
        ? expression(functions.col(e.getWeightCol()))
        : Literal.create(1.0, DataTypes.DoubleType);
    return SparkCompat.column(
        LossAggregate.of(e, expression(labelOf(e)), expression(predictionOf(e)), weight).toAggregateExpression());
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
            LossTerm term = new LossTerm();
            loss.apply(label, prediction, term);
            return term.value();
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

  private static Expression expression(Column c) {
    return SparkCompat.expression(c);
  }

  private static Column labelOf(LossEvaluator<?> e) {
    return functions.col(e.getLabelCol());
  }

  private static Column predictionOf(LossEvaluator<?> e) {
    return functions.col(e.getPredictionCol());
  }
}
