package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate} and {@code summarize} run as SQL executions, like any action on a Dataset: a
 * {@code SparkListenerSQLExecutionStart} is posted (the SQL tab of the UI lists the query) and
 * {@code QueryExecutionListener}s, the hook of lineage and audit tools, are told of the query,
 * with the columns the loss read.
 */
class SqlExecutionTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  /** What the listeners saw: execution starts, successes (name and output columns), failures. */
  private final List<String> starts = new CopyOnWriteArrayList<>();
  private final List<String> successes = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  private void listen() {
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof SparkListenerSQLExecutionStart start) {
          starts.add(start.description());
        }
      }
    });
    spark.listenerManager().register(new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        successes.add(funcName + " " + qe.analyzed().output().mkString(","));
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) {
        failures.add(funcName + " " + exception.getMessage());
      }
    });
  }

  private void drain() throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
  }

  @Test
  void evaluateIsASqlExecutionThatListenersSee() throws Exception {
    listen();
    Dataset<Row> df = spark.read().parquet(IRIS);
    drain();
    starts.clear();
    successes.clear();
    double loss = new CrossEntropyEvaluator().evaluate(df);
    LossFunctions.summarize(df, new CrossEntropyEvaluator(), new HingeLossEvaluator());
    drain();
    assertTrue(loss > 0);
    assertEquals(2, starts.size(), starts.toString());
    assertEquals(2, successes.size(), successes.toString());
    assertTrue(successes.get(0).startsWith("lossdive label#"), successes.get(0));
    assertTrue(successes.get(0).contains("probability#"), successes.get(0));
    assertTrue(successes.get(1).contains("rawPrediction#"), successes.get(1));

    // A failed evaluation is reported as a failure, with the user's message in its cause chain.
    Dataset<Row> bad = df.selectExpr("label + 10 AS label", "probability");
    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyEvaluator().evaluate(bad));
    drain();
    assertEquals(1, failures.size(), failures.toString());
  }
}
