package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lossdive.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Spark's own {@code MulticlassClassificationEvaluator} logLoss is the reference for cross-entropy
 * on probabilities: on a fitted {@code LogisticRegression}'s output they agree to 1e-12.
 */
class SparkLogLossTest extends SparkTestBase {
  static final double TOLERANCE = 1e-12;

  @Test
  void crossEntropyEqualsSparkLogLossOnFittedLogisticRegression() {
    Dataset<Row> scored = new LogisticRegression().setMaxIter(30).fit(blobs(600, 4)).transform(blobs(300, 4));
    MulticlassClassificationEvaluator spark = new MulticlassClassificationEvaluator().setMetricName("logLoss");
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    double expected = spark.evaluate(scored);
    assertEquals(expected, ce.evaluate(scored), TOLERANCE * expected);

    spark.setWeightCol("w").setEps(1e-4);
    ce.setWeightCol("w").setEps(1e-4);
    double weighted = spark.evaluate(scored);
    assertEquals(weighted, ce.evaluate(scored), TOLERANCE * weighted);
  }

  /** Four Gaussian blobs in 3-d with weights in [0.5, 2), seeded. */
  private Dataset<Row> blobs(int n, int k) {
    Random r = new Random(n);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int y = i % k;
      rows.add(RowFactory.create((double) y,
          Vectors.dense(y + r.nextGaussian(), 2.0 * (y % 2) + r.nextGaussian(), r.nextGaussian()),
          0.5 + 1.5 * r.nextDouble()));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType()).add("w", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
