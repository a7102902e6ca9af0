package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
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
  void invalidRowsAreSkippedOrReportedAsEvaluateDoes() {
    // A null element in an array (caught while the generated code hands the value over), a null
    // prediction, a label out of range: counted under skip, the same message under error.
    Dataset<Row> df = spark.range(0, 40, 1, 2).selectExpr("CAST(id % 3 AS DOUBLE) AS label",
        "CASE WHEN id = 7 THEN array(0.2D, CAST(NULL AS DOUBLE), 0.8D) WHEN id = 11 THEN NULL"
            + " ELSE array(0.2D, 0.3D, 0.5D) END AS probability",
        "CAST(id % 2 AS INT) AS g");
    Dataset<Row> outOfRange = spark.range(1).selectExpr("5.0D AS label", "array(0.2D, 0.3D, 0.5D)", "0");
    Dataset<Row> bad = df.union(outOfRange);
    // One invalid row each, so that the first error is the same whatever the order of rows.
    Dataset<Row> valid = df.where("probability IS NOT NULL AND NOT exists(probability, x -> x IS NULL)");
    Dataset<Row> nullElement = valid.union(df.where("exists(probability, x -> x IS NULL)"));
    for (Map<String, String> conf : List.of(Map.<String, String>of(), Map.of("spark.sql.codegen.wholeStage",
        "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN"))) {
      CrossEntropyEvaluator skip = new CrossEntropyEvaluator().setHandleInvalid("skip");
      LossSummary whole = skip.summarize(bad);
      Row total = withConf(conf, () -> bad.groupBy("g").agg(LossFunctions.summary(skip).as("s"))
          .selectExpr("sum(s.skipped)", "sum(s.rows)").head());
      assertEquals(whole.skipped(), total.getLong(0), conf.toString());
      assertEquals(3, whole.skipped());
      assertEquals(whole.rows(), total.getLong(1), conf.toString());
      for (Dataset<Row> d : List.of(nullElement, valid.union(outOfRange))) {
        CrossEntropyEvaluator error = new CrossEntropyEvaluator();
        IllegalArgumentException want = assertThrows(IllegalArgumentException.class, () -> error.evaluate(d));
        Exception got = assertThrows(Exception.class,
            () -> withConf(conf, () -> d.groupBy("g").agg(LossFunctions.aggregate(error)).collectAsList()));
        assertTrue(UserErrors.unwrap(got).getMessage().equals(want.getMessage()),
            conf + ": " + want.getMessage() + " vs " + got);
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

  @Test
  void severalJobsInOneAggregateGiveEachJobsOwnResult() {
    // The batch job's losses per group as one aggregate column, each column read once: every job's
    // struct equals the one of its own aggregate column, on generated and interpreted code, and a
    // row whose logProbability cannot be read (a null element; one per model) is skipped by NLL alone.
    Dataset<Row> iris = spark.read().parquet(IRIS);
    long first = iris.agg(functions.min("id")).head().getLong(0);
    Dataset<Row> df = iris.selectExpr("id", "label", "probability", "rawPrediction", "teacherProbability",
        "CAST(id % 3 AS INT) AS g", "CASE WHEN id = " + first + " THEN array(-1.0D, CAST(NULL AS DOUBLE), -2.0D)"
            + " ELSE logProbability END AS logProbability").repartition(2);
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setHandleInvalid("skip");
    NegativeLogLikelihoodEvaluator nll = new NegativeLogLikelihoodEvaluator().setPredictionCol("logProbability")
        .setWeightCol("id").setHandleInvalid("skip");
    HingeLossEvaluator hinge = new HingeLossEvaluator();
    List<LossJob> jobs = List.of(Engine.job(ce), Engine.job(nll), Engine.job(hinge), new PairedPlan(Engine.plan(ce), "teacherProbability"));
    Column[] alone = new Column[jobs.size()];
    for (int i = 0; i < alone.length; i++) {
      alone[i] = LossAggregate.column(jobs.get(i)).as("alone" + i);
    }
    for (Map<String, String> conf : List.of(Map.<String, String>of(), Map.of("spark.sql.codegen.wholeStage",
        "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN"))) {
      List<Row> rows = withConf(conf, () -> df.groupBy("g").agg(LossAggregate.column(jobs).as("all"), alone)
          .orderBy("g").collectAsList());
      assertEquals(3, rows.size());
      long nllSkipped = 0;
      for (Row r : rows) {
        for (int i = 0; i < jobs.size(); i++) {
          assertEquals(r.getStruct(2 + i), r.getStruct(1).getStruct(i), conf + " group " + r.get(0) + " job " + i);
        }
        nllSkipped += r.getStruct(1).getStruct(1).<Long>getAs("skipped");
        assertEquals(0L, r.getStruct(1).getStruct(0).<Long>getAs("skipped"), conf.toString());
      }
      assertEquals(iris.where("id = " + first).count(), nllSkipped, conf.toString());
    }
    // Under handleInvalid=error the unreadable row fails the aggregate with evaluate's message.
    NegativeLogLikelihoodEvaluator strict = new NegativeLogLikelihoodEvaluator().setPredictionCol("logProbability");
    IllegalArgumentException want = assertThrows(IllegalArgumentException.class, () -> strict.evaluate(df));
    Exception got = assertThrows(Exception.class, () -> df.groupBy("g")
        .agg(LossAggregate.column(List.of(Engine.job(ce), Engine.job(strict)))).collectAsList());
    assertEquals(want.getMessage(), UserErrors.unwrap(got).getMessage());
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
