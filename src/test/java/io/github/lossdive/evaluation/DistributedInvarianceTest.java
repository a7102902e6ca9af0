package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.testing.GoldenCase;
import io.github.lossdive.testing.SparkTestBase;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The result does not depend on how the data is split or on task retries: golden cases of every
 * evaluator at 1, 8 and 200 partitions, and with a deterministic first-attempt task failure
 * retried under {@code local[2,4]}.
 */
class DistributedInvarianceTest extends SparkTestBase {
  /** Compensated sums: equal to within a few ulps whatever the partitioning. */
  static final double RELATIVE = 1e-15;

  @Override
  protected String master() {
    return "local[2,4]"; // up to 4 attempts per task
  }

  /** The first five golden cases of every loss. */
  static Stream<GoldenCase> cases() {
    return LossRegistry.names().stream().flatMap(n -> GoldenCase.load(n).stream().limit(5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameResultAt1And8And200Partitions(GoldenCase c) {
    LossEvaluator<?> e = c.evaluator();
    Dataset<Row> df = c.dataset(spark, e);
    double one = e.evaluate(df.repartition(1));
    for (int n : new int[] {8, 200}) {
      assertEquals(one, e.evaluate(df.repartition(n)), RELATIVE * Math.abs(one), c + " at " + n);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRetriedTaskLeavesTheResultUnchanged(GoldenCase c) throws Exception {
    // Fails the first attempt of partition 0's task, every time the plan runs.
    UserDefinedFunction failFirstAttempt = functions.udf((UDF1<Boolean, Boolean>) keep -> {
      TaskContext task = TaskContext.get();
      if (task.partitionId() == 0 && task.attemptNumber() == 0) {
        throw new IllegalStateException("injected failure of the first attempt");
      }
      return keep;
    }, DataTypes.BooleanType).asNondeterministic();
    LossEvaluator<?> e = c.evaluator();
    Dataset<Row> df = c.dataset(spark, e).repartition(3);
    double clean = e.evaluate(df);
    AtomicInteger failures = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
          failures.incrementAndGet();
        }
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      double retried = e.evaluate(df.where(failFirstAttempt.apply(functions.lit(true))));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(failures.get() > 0, "the injected failure happened");
      assertEquals(clean, retried, RELATIVE * Math.abs(clean), c.toString());
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }
}
