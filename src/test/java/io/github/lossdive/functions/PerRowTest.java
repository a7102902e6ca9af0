package io.github.lossdive.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LossFunctions#perRow} gives torch's {@code reduction='none'} values, row by row, and the
 * worst-predicted rows come first when sorted by it: expected values from
 * {@code src/test/python/make_per_row_goldens.py} (torch's {@code cross_entropy} on the inputs of
 * the cross-entropy golden cases).
 */
class PerRowTest extends SparkTestBase {
  static final double REFERENCE_TOLERANCE = 1e-9;

  record Case(GoldenCase golden, double[] perRow) {
    @Override
    public String toString() {
      return golden.name();
    }
  }

  static Stream<Case> cases() throws Exception {
    JsonNode expected;
    try (InputStream in = PerRowTest.class.getResourceAsStream("/golden/perRow/crossEntropy.json")) {
      expected = new ObjectMapper().readTree(in).get("cases");
    }
    List<Case> out = new ArrayList<>();
    for (GoldenCase g : GoldenCase.load("crossEntropy")) {
      JsonNode values = expected.get(g.name());
      if (values != null) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = values.get(i).asDouble();
        }
        out.add(new Case(g, v));
      }
    }
    assertTrue(out.size() >= 10, "per-row goldens found: " + out.size());
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachRowIsTorchsUnreducedLoss(Case c) {
    LossEvaluator<?> e = c.golden().evaluator();
    List<Row> rows = c.golden().dataset(spark, e).select(LossFunctions.perRow(e)).collectAsList();
    assertEquals(c.perRow().length, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      double want = c.perRow()[i];
      assertEquals(want, rows.get(i).getDouble(0), REFERENCE_TOLERANCE * Math.abs(want) + 1e-300, "row " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void worstPredictedRowsComeFirst(Case c) {
    LossEvaluator<?> e = c.golden().evaluator();
    Dataset<Row> scored = c.golden().dataset(spark, e).repartition(3).withColumn("loss", LossFunctions.perRow(e));
    List<Row> worst = scored.orderBy(functions.col("loss").desc()).limit(5).collectAsList();
    double[] want = Stream.of(c.perRow()).flatMapToDouble(java.util.Arrays::stream).boxed()
        .sorted(Comparator.reverseOrder()).limit(5).mapToDouble(Double::doubleValue).toArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], worst.get(i).<Double>getAs("loss"), REFERENCE_TOLERANCE * Math.abs(want[i]), "rank " + i);
    }
  }
}
