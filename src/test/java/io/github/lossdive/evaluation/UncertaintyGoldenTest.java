package io.github.lossdive.evaluation;

import static io.github.lossdive.evaluation.GoldenCasesTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standard errors and paired comparisons against {@code src/test/python/make_uncertainty_goldens.py}
 * (torch's unreduced losses, the standard-error formulas of docs/statistics.md written out in numpy): at 1, 8 and 200 partitions,
 * through {@code summarize}/{@code compare} and through the aggregate columns.
 */
class UncertaintyGoldenTest extends SparkTestBase {
  static final double REFERENCE_TOLERANCE = 1e-9;
  /** The bound for the SE at any partitioning. */
  static final double PARTITION_TOLERANCE = 1e-12;

  record Case(GoldenCase golden, double standardError, JsonNode comparison) {
    @Override
    public String toString() {
      return golden.name();
    }
  }

  static Stream<Case> cases() throws Exception {
    JsonNode root;
    try (InputStream in = UncertaintyGoldenTest.class.getResourceAsStream("/golden/uncertainty.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Case> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      GoldenCase g = new GoldenCase(c.get("loss").asText(), c.get("name").asText(), c.get("params"),
          c.get("labelType").asText(), c.get("predictionStorage").asText(), c.get("weighted").asBoolean(),
          c.get("rows"), c.get("expected").asDouble(), c.get("reference").asText());
      out.add(new Case(g, c.get("standardError").asDouble(), c.get("comparison")));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void standardErrorAgreesWithTheFormulaAtAnyPartitioning(Case c) {
    LossEvaluator<?> e = c.golden().evaluator();
    Dataset<Row> df = c.golden().dataset(spark, e);
    LossSummary one = e.summarize(df.repartition(1));
    assertClose(c.golden().expected(), one.loss(), REFERENCE_TOLERANCE, c + ": loss");
    assertStandardError(c.standardError(), one.standardError(), REFERENCE_TOLERANCE, c + ": SE");
    for (int partitions : new int[] {8, 200}) {
      LossSummary s = e.summarize(df.repartition(partitions));
      assertStandardError(one.standardError(), s.standardError(), PARTITION_TOLERANCE, c + " at " + partitions);
    }
    LossSummary column = LossSummary.fromRow(df.repartition(8).agg(LossFunctions.summary(e)).head().getStruct(0));
    assertStandardError(one.standardError(), column.standardError(), PARTITION_TOLERANCE, c + ": summary column");
    double[] ci = one.confidenceInterval(0.95);
    assertClose(one.loss() - 1.959963984540054 * one.standardError(), ci[0], 1e-15, c + ": interval");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pairedComparisonAgreesWithTheFormula(Case c) {
    if (c.comparison() == null) {
      return;
    }
    LossEvaluator<?> e = c.golden().evaluator();
    Dataset<Row> df = c.golden().dataset(spark, e);
    JsonNode want = c.comparison();
    for (int partitions : new int[] {1, 8, 200}) {
      LossComparison got = e.compare(df.repartition(partitions), "baseline");
      String at = c + " at " + partitions;
      assertClose(want.get("candidate").asDouble(), got.candidate(), REFERENCE_TOLERANCE, at + ": candidate");
      assertClose(want.get("baseline").asDouble(), got.baseline(), REFERENCE_TOLERANCE, at + ": baseline");
      assertEquals(want.get("difference").asDouble(), got.difference(), 1e-9 * Math.abs(got.candidate()), at);
      assertStandardError(want.get("stdError").asDouble(), got.standardError(), REFERENCE_TOLERANCE, at + ": SE");
      assertEquals(want.get("pValue").asDouble(), got.pValue(), 1e-9, at + ": p-value");
      assertEquals(c.golden().rows().size(), got.rows());
    }
    LossComparison column = LossComparison.fromRow(
        df.repartition(8).agg(LossFunctions.comparison(e, "baseline")).head().getStruct(0));
    assertStandardError(want.get("stdError").asDouble(), column.standardError(), REFERENCE_TOLERANCE, c + ": column");
  }

  @Test
  void aRowInvalidForEitherModelIsLeftOutOfBoth() {
    Dataset<Row> df = spark.read().parquet("sample-data/iris-predictions.parquet")
        .selectExpr("label", "probability", "CASE WHEN id % 10 = 3 THEN NULL ELSE teacherProbability END AS base");
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setHandleInvalid("skip");
    LossComparison c = ce.compare(df, "base");
    long nulls = df.where("base IS NULL").count();
    assertEquals(nulls, c.skipped());
    Dataset<Row> valid = df.where("base IS NOT NULL");
    assertClose(ce.evaluate(valid), c.candidate(), 1e-15, "candidate over the shared rows");
    assertClose(ce.setPredictionCol("base").evaluate(valid), c.baseline(), 1e-15, "baseline over the shared rows");
  }

  private static void assertStandardError(double expected, double actual, double relative, String what) {
    if (expected == 0.0) {
      assertEquals(0.0, actual, 0.0, what);
    } else {
      assertClose(expected, actual, relative, what);
    }
  }
}
