package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.BinaryCrossEntropyEvaluator;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.KLDivergenceEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.testing.Frames;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * {@link LossPass}, the engine of {@code evaluate}: several losses in one pass give what Spark's own
 * aggregation of {@link LossFunctions#aggregate} gives, loss by loss, and cross-entropy what
 * Spark's built-in logLoss gives.
 */
class LossPassTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void severalLossesInOnePassEqualSparksAggregationOfEachColumn() {
    Dataset<Row> df = spark.read().parquet(IRIS).repartition(3);
    List<LossEvaluator<?>> losses = List.of(
        new CrossEntropyEvaluator(),
        new CrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("rawPrediction").setWeightCol("id"),
        new NegativeLogLikelihoodEvaluator().setPredictionCol("logProbability").setReduction("sum"),
        new HingeLossEvaluator().setPredictionCol("rawPrediction"),
        new KLDivergenceEvaluator().setLabelCol("teacherProbability").setPredictionCol("logProbability")
            .setPredictionType("logProbabilities"));
    List<LossSummary> pass = assertSameAsAggregateColumns(df, losses);
    double logLoss = new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(df);
    assertEquals(logLoss, pass.get(0).loss(), 1e-12 * logLoss, "Spark's logLoss");
  }

  @Test
  void columnarSourcesAreReadAsTheirRowsWouldBe() {
    // Parquet, read vectorized: vectors (structs) and arrays come as column-vector views.
    Dataset<Row> parquet = spark.read().parquet(IRIS);
    assertTrue(InternalRows.of(parquet.select("label", "probability", "logProbability")).isColumnar());
    assertSameAsAggregateColumns(parquet, List.of(
        new CrossEntropyEvaluator(),
        new NegativeLogLikelihoodEvaluator().setPredictionCol("logProbability").setWeightCol("id"),
        new HingeLossEvaluator().setPredictionCol("rawPrediction").setMulticlassFormula("westonWatkins"),
        new KLDivergenceEvaluator().setLabelCol("teacherProbability")));
    assertSameAsAggregateColumns(parquet.where("model = 'forest'"), List.of(new CrossEntropyEvaluator()));
    // The in-memory cache of scalar columns, with a null prediction that is skipped and counted.
    Dataset<Row> cached = spark.range(0, 3000, 1, 3).selectExpr(
        "CAST(id % 2 AS DOUBLE) AS label",
        "CASE WHEN id = 17 THEN NULL ELSE 4 * sin(id) END AS logit",
        "1 / (1 + exp(-4 * sin(id))) AS probability",
        "CAST(id % 5 AS DOUBLE) AS w").cache();
    try {
      // Spark 3.5's cache scan does not offer its batches here; it is then read as rows, same numbers.
      assertEquals(!spark.version().startsWith("3."), InternalRows.of(cached.select("label", "logit")).isColumnar());
      List<LossSummary> pass = assertSameAsAggregateColumns(cached, List.of(
          new BinaryCrossEntropyEvaluator().setWeightCol("w"),
          new BinaryCrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("logit")
              .setHandleInvalid("skip"),
          new HingeLossEvaluator().setPredictionCol("logit").setHandleInvalid("skip").setReduction("sum")));
      assertEquals(1, pass.get(1).skipped());
      assertEquals(2999, pass.get(2).rows());
      // A filter above a columnar source is not skipped: such plans are read as rows.
      Dataset<Row> filtered = cached.where("label = 1.0");
      assertFalse(InternalRows.of(filtered.select("label", "logit")).isColumnar());
      LossSummary odd = assertSameAsAggregateColumns(filtered,
          List.of(new HingeLossEvaluator().setPredictionCol("logit").setHandleInvalid("skip"))).get(0);
      // The 1500 odd ids, of which id 17 has the null logit.
      assertEquals(1499, odd.rows());
      assertEquals(1, odd.skipped());
    } finally {
      cached.unpersist();
    }
  }

  /** The pass's summaries equal Spark's own aggregation of each loss's summary column. */
  private static List<LossSummary> assertSameAsAggregateColumns(Dataset<Row> df, List<LossEvaluator<?>> losses) {
    List<LossSummary> pass = LossFunctions.summarize(df, losses);
    Column[] columns = losses.stream().map(LossFunctions::summary).toArray(Column[]::new);
    Row aggregated = df.agg(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)).head();
    for (int i = 0; i < losses.size(); i++) {
      LossSummary expected = LossSummary.fromRow(aggregated.getStruct(i));
      String name = losses.get(i).lossName();
      assertEquals(expected.loss(), pass.get(i).loss(), 1e-15 * Math.abs(expected.loss()), name);
      assertEquals(expected.rows(), pass.get(i).rows(), name);
      assertEquals(expected.skipped(), pass.get(i).skipped(), name);
      assertEquals(expected.weightSum(), pass.get(i).weightSum(), 1e-15 * expected.weightSum(), name);
    }
    return pass;
  }

  @Test
  void eachLossSkipsAndCountsItsOwnInvalidRows() {
    Dataset<Row> good = spark.read().parquet(IRIS).where("model = 'logistic'");
    long first = good.agg(functions.min("id")).head().getLong(0);
    // The first row's label becomes 7, not a class of 3: cross-entropy skips it; hinge on a binary
    // score column of the same rows sees a valid 0/1 label for every row.
    Dataset<Row> df = good.withColumn("label", functions.when(functions.col("id").equalTo(first), 7.0)
        .otherwise(functions.col("label")))
        .withColumn("binary", functions.col("label").equalTo(2.0).cast("double"))
        .withColumn("score", functions.element_at(
            functions.unwrap_udt(functions.col("rawPrediction")).getField("values"), 3));
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setHandleInvalid("skip");
    HingeLossEvaluator hinge = new HingeLossEvaluator().setLabelCol("binary").setPredictionCol("score");
    List<LossSummary> pass = LossFunctions.summarize(df, List.of(ce, hinge));
    assertEquals(1, pass.get(0).skipped());
    assertEquals(good.count() - 1, pass.get(0).rows());
    assertEquals(0, pass.get(1).skipped());
    assertEquals(good.count(), pass.get(1).rows());
    double withoutFirst = new CrossEntropyEvaluator().evaluate(good.where(functions.col("id").notEqual(first)));
    assertEquals(withoutFirst, pass.get(0).loss(), 1e-15 * withoutFirst);
  }

  @Test
  void anUnreadableSharedColumnFailsOrSkipsEachLossByItsOwnSetting() {
    // One array<double> column read by two losses; its second row holds a null element.
    Dataset<Row> df = Frames.withArray(spark, "logits",
        new Object[] {0.0, 1.0, 2.0, 3.0}, new Object[] {1.0, 1.0, null, 3.0}, new Object[] {2.0, 0.0, 0.0, 5.0});
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("logits")
        .setHandleInvalid("skip");
    HingeLossEvaluator hinge = new HingeLossEvaluator().setPredictionCol("logits");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossFunctions.summarize(df, List.of(ce, hinge)));
    assertEquals("Column logits has value [1.0, null, 3.0], which is invalid: element 1 is null.", e.getMessage());
    List<LossSummary> both = LossFunctions.summarize(df, List.of(ce, hinge.setHandleInvalid("skip")));
    for (LossSummary s : both) {
      assertEquals(2, s.rows());
      assertEquals(1, s.skipped());
    }
    // Hand derivation, rows 0 and 2: CE = mean of −log softmax(x)[y] =
    // (log(e + e² + e³) − 1 + log(2 + e⁵) − 5) / 2; Crammer–Singer hinge = (max(0, 1 − (1 − 3)) + 0) / 2 = 1.5.
    double e1 = Math.E;
    double expected = (Math.log(e1 + e1 * e1 + e1 * e1 * e1) - 1 + Math.log(2 + Math.exp(5)) - 5) / 2;
    assertEquals(expected, both.get(0).loss(), 1e-15);
    assertEquals(1.5, both.get(1).loss(), 1e-15);
  }

  @Test
  void anEmptyDatasetWithoutPartitionsIsAClearError() {
    Dataset<Row> empty = spark.read().parquet(IRIS).limit(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossFunctions.summarize(empty, List.of(new CrossEntropyEvaluator())));
    assertEquals("Cannot evaluate a loss on an empty dataset.", e.getMessage());
    Dataset<Row> noPartitions = spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).<Row>emptyRDD(),
        empty.schema());
    assertEquals(0, noPartitions.rdd().getNumPartitions());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CrossEntropyEvaluator().evaluate(noPartitions));
    assertEquals("Cannot evaluate a loss on an empty dataset.", e.getMessage());
  }
}
