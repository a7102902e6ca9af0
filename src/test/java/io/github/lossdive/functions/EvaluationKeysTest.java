package io.github.lossdive.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.InvalidInputException;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * {@link Evaluation#groupBy(Column...)}: a named expression groups as the same column computed
 * first and grouped by name (Spark's own {@code withColumn}, then {@code groupBy(String...)}),
 * through {@code collect} and {@code toDF}, for the pass and for Spark's aggregation; a key
 * without a name, or a column that does not exist, is refused with words. Streams take the same
 * route in the job's {@code --stream} mode ({@code StreamJobTest}, {@code KafkaStreamIT}).
 */
class EvaluationKeysTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void aNamedExpressionGroupsAsTheColumnItComputes() {
    Dataset<Row> df = spark.read().parquet(IRIS).repartition(3);
    Column top = functions.array_max(org.apache.spark.ml.functions.vector_to_array(functions.col("probability"), "float64"));
    Column confident = top.gt(0.9).as("confident");
    Evaluation byExpression = Evaluation.create().loss("ce", new CrossEntropyEvaluator())
        .loss("hinge", new HingeLossEvaluator(), "probability").groupBy(functions.col("model"), confident);
    Evaluation byName = Evaluation.create().loss("ce", new CrossEntropyEvaluator())
        .loss("hinge", new HingeLossEvaluator(), "probability").groupBy("model", "confident");
    Dataset<Row> derived = df.withColumn("confident", top.gt(0.9));

    assertEquals(List.of("model", "confident"), byExpression.groupByColumns());
    List<GroupResult> got = byExpression.collect(df);
    List<GroupResult> want = byName.collect(derived);
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).key(), got.get(i).key());
      assertEquals(want.get(i).rows(), got.get(i).rows());
      assertEquals(want.get(i).summaries().get("ce").loss(), got.get(i).summaries().get("ce").loss(), 1e-15);
      assertEquals(want.get(i).comparisons().get("hinge").difference(),
          got.get(i).comparisons().get("hinge").difference(), 1e-15);
    }
    Dataset<Row> table = byExpression.toDF(df);
    assertArrayEquals(byName.toDF(derived).columns(), table.columns());
    // Spark's aggregation (the route of a stream) gives the same rows.
    Dataset<Row> aggregated = io.github.lossdive.internal.GroupedLosses.aggregated(df,
        List.of(functions.col("model"), confident), List.of(io.github.lossdive.internal.Engine.job(new CrossEntropyEvaluator())));
    for (Row r : aggregated.collectAsList()) {
      GroupResult w = want.stream().filter(g -> g.key().get("model").equals(r.get(0))
          && g.key().get("confident").equals(r.get(1))).findFirst().orElseThrow();
      assertEquals(w.rows(), r.getLong(2));
      assertEquals(w.summaries().get("ce").loss(), r.getStruct(3).getDouble(0), 1e-13);
    }
  }

  @Test
  void keysNeedANameAndAnExistingColumn() {
    Dataset<Row> df = spark.read().parquet(IRIS);
    Evaluation e = Evaluation.create().loss("ce", new CrossEntropyEvaluator());
    InvalidArgumentException unnamed = assertThrows(InvalidArgumentException.class,
        () -> e.groupBy(functions.col("label").plus(1)));
    assertEquals(true, unnamed.getMessage().contains(".as(name)"), unnamed.getMessage());
    InvalidInputException missing = assertThrows(InvalidInputException.class,
        () -> e.groupBy(functions.col("nope")).collect(df));
    assertEquals(true, missing.getMessage().contains("Group column nope does not exist"), missing.getMessage());
  }
}
