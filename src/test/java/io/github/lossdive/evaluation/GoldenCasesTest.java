package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every evaluator against the golden cases of torch, scikit-learn and Spark
 * ({@code src/test/python/make_goldens.py} and each loss's generator): {@code evaluate} on one
 * partition, and the aggregate column on seven.
 */
class GoldenCasesTest extends SparkTestBase {
  /** Evaluators agree with their references to 1e-9 relative. */
  static final double REFERENCE_TOLERANCE = 1e-9;
  /** Compensated sums make the result independent of partitioning to within a few ulps. */
  static final double PARTITION_TOLERANCE = 1e-15;

  /**
   * Every case of every loss; with {@code -Dlossdive.goldenCasesPerLoss=N} (the Spark 3.5 builds,
   * whose engine differs only in its compat layer) the first N of each, to keep CI's time.
   */
  static Stream<GoldenCase> cases() {
    long perLoss = Long.getLong("lossdive.goldenCasesPerLoss", Long.MAX_VALUE);
    return LossRegistry.names().stream().flatMap(n -> GoldenCase.load(n).stream().limit(perLoss));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithReferenceAtAnyPartitioning(GoldenCase c) {
    LossEvaluator<?> e = c.evaluator();
    Dataset<Row> df = c.dataset(spark, e);
    double one = e.evaluate(df.repartition(1));
    assertClose(c.expected(), one, REFERENCE_TOLERANCE, c + " (" + c.reference() + ")");
    // The aggregate column over 7 partitions, run by Spark's aggregation rather than LossPass,
    // gives the same number (DistributedInvarianceTest runs LossPass itself at other partitionings).
    double column = df.repartition(7).agg(LossFunctions.aggregate(e)).head().getDouble(0);
    assertClose(one, column, PARTITION_TOLERANCE, c + ": LossFunctions.aggregate at 7 partitions vs evaluate at 1");
  }

  @Test
  void everyLossHasAtLeast25Cases() {
    for (String loss : LossRegistry.names()) {
      assertTrue(GoldenCase.load(loss).size() >= 25, loss);
    }
  }

  static void assertClose(double expected, double actual, double relative, String what) {
    double tolerance = relative * Math.max(Math.abs(expected), 1e-300) + 1e-300;
    assertEquals(expected, actual, tolerance, what);
  }
}
