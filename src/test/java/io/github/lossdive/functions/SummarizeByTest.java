package io.github.lossdive.functions;

import io.github.lossdive.internal.Engine;
import static io.github.lossdive.testing.Structs.assertSameStruct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.internal.GroupedLossPass;
import io.github.lossdive.testing.SparkTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * {@link LossFunctions#summarizeBy}: per group, the row count and every evaluator's summary that
 * Spark's own {@code groupBy(...).agg(summary(e))} gives (itself checked against the goldens), by the
 * grouped pass for a few groups and by Spark's aggregation past its bound; columns named after the
 * losses.
 */
class SummarizeByTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void fewGroupsComeFromThePassWithSparksNumbersInKeyOrder() {
    Dataset<Row> df = spark.read().parquet(IRIS).repartition(3);
    List<LossEvaluator<?>> losses = List.of(new CrossEntropyEvaluator(),
        new HingeLossEvaluator(),
        new CrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("rawPrediction"));
    Dataset<Row> got = LossFunctions.summarizeBy(df, List.of("model"), losses);
    assertArrayEquals(new String[] {"model", "rows", "crossEntropy", "hinge", "crossEntropy_2"}, got.columns());
    List<Row> rows = got.collectAsList();
    assertEquals(List.of("forest", "logistic"), rows.stream().map(r -> r.getString(0)).toList(), "key order");
    assertSameAsSparksGroupBy(df, "model", losses, rows);
  }

  @Test
  void manyGroupsComeFromSparksAggregation() {
    // Past the pass's bound: 20,000 groups of two rows, whose losses differ from group to group.
    int groups = GroupedLossPass.MAX_GROUPS + 3616;
    Dataset<Row> df = spark.range(0, 2L * groups, 1, 2).selectExpr("id % " + groups + " AS k",
        "CAST(id % 3 AS DOUBLE) AS label",
        "CASE WHEN id % 7 < 3 THEN array(0.2D, 0.3D, 0.5D) ELSE array(0.6D, 0.3D, 0.1D) END AS probability");
    List<LossEvaluator<?>> losses = List.of(new CrossEntropyEvaluator(), new HingeLossEvaluator()
        .setPredictionCol("probability"));
    assertTrue(GroupedLossPass.aggregated(df, List.of("k"), losses.stream().map(Engine::job).toList())
        .isEmpty(), "too many groups for the pass");
    List<Row> rows = LossFunctions.summarizeBy(df, List.of("k"), losses).collectAsList();
    assertEquals(groups, rows.size());
    assertSameAsSparksGroupBy(df, "k", losses, rows);
  }

  @Test
  void aMissingColumnIsNamedAndNoEvaluatorIsAnError() {
    Dataset<Row> df = spark.read().parquet(IRIS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossFunctions
        .summarizeBy(df, List.of("model"), List.of(new CrossEntropyEvaluator().setPredictionCol("scores"))));
    assertTrue(e.getMessage().contains("scores"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LossFunctions.summarizeBy(df, List.of("model"), List.of()));
  }

  @Test
  void withoutKeysItIsOneRowOfTheWholeDataset() {
    Dataset<Row> df = spark.read().parquet(IRIS);
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    Row r = LossFunctions.summarizeBy(df, List.of(), List.of(ce)).head();
    assertEquals(df.count(), r.getLong(0));
    assertSameStruct(df.agg(LossFunctions.summary(ce)).head().getStruct(0), r.getStruct(1), "whole dataset");
  }

  /** Every group's row count and summaries equal Spark's groupBy of {@code summary(e)} and {@code count}. */
  private static void assertSameAsSparksGroupBy(Dataset<Row> df, String key, List<LossEvaluator<?>> losses,
      List<Row> got) {
    Column[] summaries = losses.stream().map(LossFunctions::summary).toArray(Column[]::new);
    Map<Object, Row> want = new HashMap<>();
    for (Row r : df.groupBy(key).agg(functions.count(functions.lit(1)), summaries).collectAsList()) {
      want.put(r.get(0), r);
    }
    assertEquals(want.size(), got.size());
    for (Row r : got) {
      Row w = want.get(r.get(0));
      assertEquals(w.getLong(1), r.getLong(1), "rows of " + r.get(0));
      for (int i = 0; i < losses.size(); i++) {
        assertSameStruct(w.getStruct(2 + i), r.getStruct(2 + i), r.get(0) + " " + losses.get(i).lossName());
      }
    }
  }
}
