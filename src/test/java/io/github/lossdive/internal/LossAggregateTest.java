package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@link LossAggregate}, the engine of the aggregate columns: planned as Spark's hash aggregate
 * with generated code, and the same numbers on every path Spark may take: generated code,
 * interpreted expressions, and a hash map that spills and merges sorted runs.
 */
class LossAggregateTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void runsInSparksHashAggregateWithGeneratedCode() {
    Dataset<Row> grouped = spark.read().parquet(IRIS).groupBy("model")
        .agg(LossFunctions.aggregate(new CrossEntropyEvaluator()));
    grouped.collectAsList();
    String plan = grouped.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("*(") && plan.contains("HashAggregate(keys=[model"), plan);
    assertFalse(plan.contains("ObjectHashAggregate") || plan.contains("SortAggregate"), plan);
  }

  @Test
  void generatedAndInterpretedCodeGiveTheSameNumbers() {
    // Five cases of every loss: each path of Spark's aggregation against evaluate (the single pass).
    for (String loss : LossRegistry.names()) {
      for (GoldenCase c : GoldenCase.load(loss).subList(0, 5)) {
        LossEvaluator<?> e = c.evaluator();
        Dataset<Row> df = c.dataset(spark, e).repartition(3);
        double evaluate = e.evaluate(df);
        Supplier<Double> column = () -> df.agg(LossFunctions.aggregate(e)).head().getDouble(0);
        double generated = column.get();
        double interpreted = withConf(Map.of("spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN"), column);
        assertEquals(evaluate, generated, 1e-15 * Math.abs(evaluate), c + " generated");
        assertEquals(generated, interpreted, 0.0, c + " interpreted");
      }
    }
  }

  @Test
  void aHashMapThatSpillsGivesTheSameGroups() {
    // Spark's test switch makes the hash map give up after a few keys, as it does when memory runs
    // out: the rest is sorted, spilled and merged, which runs the merge step on stored buffers.
    Dataset<Row> df = spark.read().parquet(IRIS).selectExpr("*", "CAST(id % 37 AS INT) AS g").repartition(2);
    NegativeLogLikelihoodEvaluator nll = new NegativeLogLikelihoodEvaluator()
        .setPredictionCol("logProbability").setWeightCol("id");
    Supplier<Map<Integer, LossSummary>> groups = () -> {
      Map<Integer, LossSummary> out = new TreeMap<>();
      for (Row r : df.groupBy("g").agg(LossFunctions.summary(nll).as("s")).collectAsList()) {
        out.put(r.getInt(0), LossSummary.fromRow(r.getStruct(1)));
      }
      return out;
    };
    Map<Integer, LossSummary> hashed = groups.get();
    Map<Integer, LossSummary> spilled = withConf(Map.of("spark.sql.TungstenAggregate.testFallbackStartsAt", "2, 3"), groups);
    assertEquals(df.select("g").distinct().count(), hashed.size());
    for (int g : hashed.keySet().stream().limit(3).toList()) {
      LossSummary one = nll.summarize(df.where("g = " + g));
      assertEquals(one.loss(), hashed.get(g).loss(), 1e-15 * one.loss(), "group " + g);
      assertEquals(one.standardError(), hashed.get(g).standardError(), 1e-12 * one.standardError(), "group " + g);
    }
    hashed.forEach((g, s) -> {
      LossSummary t = spilled.get(g);
      assertEquals(s.loss(), t.loss(), 1e-15 * s.loss(), "group " + g);
      assertEquals(s.rows(), t.rows(), "group " + g);
      assertEquals(s.standardError(), t.standardError(), 1e-12 * s.standardError(), "group " + g);
    });
  }

  private <T> T withConf(Map<String, String> conf, Supplier<T> f) {
    conf.forEach(spark.conf()::set);
    try {
      return f.get();
    } finally {
      conf.keySet().forEach(spark.conf()::unset);
    }
  }
}
