package io.github.lossdive.functions;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.internal.Engine;
import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.LossAggregate;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.LossPass;
import io.github.lossdive.internal.LossPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Losses as Spark SQL columns, and several losses over a dataset in one pass.
 *
 * <p>{@link #aggregate} and {@link #summary} are aggregate columns: several losses in one
 * {@code agg(...)} are computed in a single aggregation, per group with {@code groupBy}:
 *
 * <pre>{@code
 * df.groupBy("model").agg(aggregate(ce).as("ce"), aggregate(hinge).as("hinge"))
 * }</pre>
 *
 * {@link #summarize} computes several losses over a whole dataset in one pass, as
 * {@link LossEvaluator#evaluate} does for one, and {@link #summarizeBy} per group. All run the
 * same per-row code and the same compensated accumulator, so they give one set of numbers; the
 * passes skip the aggregation's exchange and are the faster, ungrouped and up to 16,384 groups.
 */
public final class LossFunctions {
  private LossFunctions() {}

  /**
   * The reduced loss of {@code e}, with all its params, as an aggregate {@code double} column: the
   * {@code loss} field of {@link #summary}, computed without the jackknife's buckets, which serve
   * only the standard error.
   */
  public static Column aggregate(LossEvaluator<?> e) {
    return LossAggregate.column(Engine.metric(e)).getField("loss");
  }

  /**
   * The loss with its standard error and row counts, as an aggregate struct column of
   * {@link LossSummary#SCHEMA}: {@code loss}, {@code rows}, {@code skipped}, {@code ignored},
   * {@code weightSum}, {@code stdError}; so {@code groupBy(...).agg(summary(e))} gives per-group
   * standard errors.
   */
  public static Column summary(LossEvaluator<?> e) {
    return LossAggregate.column(Engine.job(e));
  }

  /**
   * {@code e}'s loss of its {@code predictionCol} against a baseline model's output in
   * {@code baselineCol}, over the same rows, as an aggregate struct column of
   * {@link LossComparison#SCHEMA}: {@code candidate}, {@code baseline}, {@code difference},
   * {@code stdError} (paired), {@code pValue}, {@code rows}, {@code skipped}, {@code ignored}.
   */
  public static Column comparison(LossEvaluator<?> e, String baselineCol) {
    return LossAggregate.column(Engine.comparison(e, baselineCol));
  }

  /**
   * The summaries of {@code evaluators} over {@code dataset}, in order, from one pass over the
   * data: each column is read once for every loss that reads it.
   *
   * @throws IllegalArgumentException for a missing or ill-typed column, or bad input, with the
   *     message of {@link LossEvaluator#summarize}
   */
  public static List<LossSummary> summarize(Dataset<?> dataset, LossEvaluator<?>... evaluators) {
    return summarize(dataset, List.of(evaluators));
  }

  /** {@link #summarize} for a list of evaluators. */
  public static List<LossSummary> summarize(Dataset<?> dataset, List<? extends LossEvaluator<?>> evaluators) {
    List<LossJob> plans = new ArrayList<>();
    for (LossEvaluator<?> e : evaluators) {
      e.validateSchema(dataset.schema());
      plans.add(Engine.job(e));
    }
    List<LossAccumulator[]> accs = LossPass.run(dataset, plans);
    List<LossSummary> out = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      out.add(LossSummary.fromRow(plans.get(i).resultRow(accs.get(i))));
    }
    return out;
  }

  /**
   * The summaries of {@code evaluators} per group of the {@code groupBy} columns, as a DataFrame:
   * the key columns, {@code rows} (the group's row count), then per evaluator its {@link #summary}
   * struct, named after its loss ({@code crossEntropy}, and {@code crossEntropy_2} for a second
   * one). The numbers of {@code df.groupBy(keys).agg(summary(e1), summary(e2), ...)}, faster: up
   * to 16,384 groups come from one pass over the data, run now, with no shuffle (each task folds
   * its groups, the driver merges them), in key order; more come from Spark's aggregation,
   * unevaluated, which shuffles and spills. The batch job's {@code --group-by} runs the same.
   *
   * @throws IllegalArgumentException for no evaluators, a missing or ill-typed column, or bad input
   *     met by the pass, with the message of {@link LossEvaluator#summarize}
   */
  public static Dataset<Row> summarizeBy(Dataset<?> dataset, List<String> groupBy,
      List<? extends LossEvaluator<?>> evaluators) {
    if (evaluators.isEmpty()) {
      throw new InvalidArgumentException("summarizeBy needs at least one evaluator.");
    }
    Evaluation evaluation = Evaluation.create().groupBy(groupBy);
    Map<String, Integer> seen = new HashMap<>();
    for (LossEvaluator<?> e : evaluators) {
      int n = seen.merge(e.lossName(), 1, Integer::sum);
      evaluation = evaluation.loss(n == 1 ? e.lossName() : e.lossName() + "_" + n, e);
    }
    return evaluation.toDF(dataset);
  }

  /**
   * Each row's loss as a plain {@code double} column, torch's {@code reduction='none'}: class
   * weights applied, sample weight not; 0 for an ignored target; null for an invalid row under
   * {@code handleInvalid=skip}.
   */
  public static Column perRow(LossEvaluator<?> e) {
    LossPlan plan = Engine.plan(e);
    Column label = functions.col(plan.labelCol());
    Column prediction = functions.col(plan.predictionCol());
    String name = "lossdive_" + plan.name() + "_per_row";
    if (plan.secondCol() == null) {
      UDF2<Object, Object, Double> f = (l, p) -> plan.perRow(l, p, null);
      return functions.udf(f, DataTypes.DoubleType).withName(name).apply(label, prediction);
    }
    UDF3<Object, Object, Object, Double> f = plan::perRow;
    return functions.udf(f, DataTypes.DoubleType).withName(name)
        .apply(label, prediction, functions.col(plan.secondCol()));
  }
}
