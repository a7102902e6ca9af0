package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The losses with a second input column (margin ranking's x2, Gaussian NLL's variance) through
 * every way of running a loss besides {@code evaluate}, which the golden cases cover: standard
 * errors, comparisons, the jackknife, the aggregate columns, {@code summarizeBy} and
 * {@code perRow}.
 */
class SecondInputTest extends SparkTestBase {
  static final double TOLERANCE = 1e-12;

  /** Labels ±1, a score f, a baseline score g, and the seed snippet's derived columns f·y, g·y and 0. */
  Dataset<Row> scores() {
    return spark.range(0, 3000, 1, 4)
        .withColumn("y", functions.expr("IF(rand(7) < 0.4, -1.0D, 1.0D)"))
        .withColumn("f", functions.expr("y * 0.8 + randn(8)"))
        .withColumn("g", functions.expr("y * 0.6 + randn(9)"))
        .withColumn("fy", functions.expr("f * y"))
        .withColumn("gy", functions.expr("g * y"))
        .withColumn("zero", functions.lit(0.0))
        .withColumn("segment", functions.expr("CAST(id % 3 AS INT)"))
        .cache();
  }

  /**
   * Margin ranking against a column of zeros, {@code MarginRankingLoss(margin=1)(f, zeros, y)}, is
   * the hinge loss of f (scikit-learn's {@code hinge_loss}, golden-tested), row for row: the loss,
   * its standard error, a comparison with another score and the jackknife all agree with the
   * hinge evaluator's. The project's seed snippet passes {@code f * y} instead of f, and since
   * y² = 1 that is {@code max(0, 1 − f)}: the hinge loss with every label +1, not the hinge loss.
   */
  @Test
  void rankingAgainstZeroIsTheHingeLossRowForRow() {
    Dataset<Row> df = scores();
    MarginRankingLossEvaluator ranking = new MarginRankingLossEvaluator().setLabelCol("y").setPredictionCol("f")
        .setSecondPredictionCol("zero").setMargin(1.0);
    HingeLossEvaluator hinge = new HingeLossEvaluator().setLabelCol("y").setPredictionCol("f");
    LossSummary a = ranking.summarize(df);
    LossSummary b = hinge.summarize(df);
    assertEquals(b.loss(), a.loss(), TOLERANCE * b.loss());
    assertEquals(b.standardError(), a.standardError(), TOLERANCE * b.standardError());

    LossComparison ca = ranking.compare(df, "g");
    LossComparison cb = hinge.compare(df, "g");
    assertEquals(cb.difference(), ca.difference(), TOLERANCE);
    assertEquals(cb.standardError(), ca.standardError(), TOLERANCE * cb.standardError());
    assertEquals(cb.pValue(), ca.pValue(), 1e-9);

    // The jackknife over the same buckets (from id) gives the same standard error too.
    LossSummary jack = ranking.copy(new org.apache.spark.ml.param.ParamMap()).setIntervalMethod("jackknife")
        .setIdCol("id").summarize(df);
    LossSummary hingeJack = hinge.copy(new org.apache.spark.ml.param.ParamMap()).setIntervalMethod("jackknife")
        .setIdCol("id").summarize(df);
    assertEquals(hingeJack.standardError(), jack.standardError(), TOLERANCE * hingeJack.standardError());

    // The seed snippet as written: f * y against zeros is the hinge loss of f with labels all +1.
    double snippet = ranking.copy(new org.apache.spark.ml.param.ParamMap()).setPredictionCol("fy").evaluate(df);
    double allPositive = hinge.copy(new org.apache.spark.ml.param.ParamMap()).setLabelCol("one")
        .evaluate(df.withColumn("one", functions.lit(1.0)));
    assertEquals(allPositive, snippet, TOLERANCE * allPositive);
  }

  /**
   * A comparison of two Gaussian means shares the variance column: each model's loss is its own
   * {@code evaluate} with that variance, and the aggregate columns and {@code summarizeBy} per
   * group give the numbers of {@code summarize} and {@code compare} on the group alone.
   */
  @Test
  void aComparisonSharesTheSecondInputAndEveryPathAgrees() {
    Dataset<Row> df = scores().withColumn("variance", functions.expr("0.5 + abs(g) * 0.3"));
    GaussianNegativeLogLikelihoodEvaluator nll = new GaussianNegativeLogLikelihoodEvaluator().setLabelCol("y")
        .setPredictionCol("f").setFull(true);
    LossComparison c = nll.compare(df, "g");
    double candidate = nll.evaluate(df);
    double baseline = nll.copy(new org.apache.spark.ml.param.ParamMap()).setPredictionCol("g").evaluate(df);
    assertEquals(candidate, c.candidate(), TOLERANCE * Math.abs(candidate));
    assertEquals(baseline, c.baseline(), TOLERANCE * Math.abs(baseline));
    // Paired: the SE is that of the row differences, s/√n for scalar rows (Spark's stddev_samp).
    GaussianNegativeLogLikelihoodEvaluator base = nll.copy(new org.apache.spark.ml.param.ParamMap()).setPredictionCol("g");
    Row d = df.select(LossFunctions.perRow(nll).minus(LossFunctions.perRow(base)).as("d"))
        .selectExpr("stddev_samp(d) / sqrt(count(*))").head();
    assertEquals(d.getDouble(0), c.standardError(), 1e-9 * d.getDouble(0));

    List<Row> groups = LossFunctions.summarizeBy(df, List.of("segment"), List.of(nll)).collectAsList();
    Row aggregated = df.groupBy("segment").agg(LossFunctions.summary(nll), LossFunctions.comparison(nll, "g"))
        .orderBy("segment").collectAsList().get(1);
    Dataset<Row> one = df.where("segment = 1");
    LossSummary alone = nll.summarize(one);
    LossComparison aloneCompared = nll.compare(one, "g");
    Row fromSummarizeBy = groups.get(1).getStruct(2);
    assertEquals(alone.loss(), fromSummarizeBy.getDouble(0), TOLERANCE * Math.abs(alone.loss()));
    assertEquals(alone.loss(), aggregated.getStruct(1).getDouble(0), TOLERANCE * Math.abs(alone.loss()));
    assertEquals(aloneCompared.difference(), aggregated.getStruct(2).getDouble(2), TOLERANCE);
  }

  /**
   * {@code perRow} hands the second input to the loss too: over a golden case of unweighted means,
   * the row values summed and divided by the number of elements give torch's value.
   */
  @Test
  void perRowReadsTheSecondInput() {
    for (String loss : List.of("gaussianNll", "marginRanking")) {
      GoldenCase g = GoldenCase.load(loss).stream()
          .filter(c -> !c.weighted() && !c.params().has("reduction")).findFirst().orElseThrow();
      LossEvaluator<?> e = g.evaluator();
      Dataset<Row> df = g.dataset(spark, e);
      Row sums = df.select(LossFunctions.perRow(e).as("l"), functions.col(e.getPredictionCol()).as("x"))
          .selectExpr("sum(l)", "count(*)").head();
      int width = g.rows().get(0).get("prediction").isArray() ? g.rows().get(0).get("prediction").size() : 1;
      double mean = sums.getDouble(0) / (sums.getLong(1) * width);
      assertEquals(g.expected(), mean, 1e-9 * Math.abs(g.expected()), g.name());
    }
  }
}
