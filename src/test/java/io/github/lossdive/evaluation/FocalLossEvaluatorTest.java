package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.testing.Frames;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * What {@code FocalLossEvaluator} adds beyond its golden cases (golden/focal.json): the limits in
 * which focal loss is cross-entropy, worked by hand, and its bad-input messages.
 */
class FocalLossEvaluatorTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";
  static final String CANCER = "sample-data/breast-cancer-predictions.parquet";

  private static Object[] row(Object label, Object prediction) {
    return new Object[] {label, prediction};
  }

  @Test
  void theDocumentedExampleByHand() {
    // torchvision, logit 0 and target 1: p = 1/2, ce = log 2, (1 − p_t)^2 = 1/4, α_t = 1/4.
    Dataset<Row> df = Frames.of(spark, "label", "score", row(1.0, 0.0));
    double focal = new FocalLossEvaluator().setPredictionCol("score").setPredictionType("logits").evaluate(df);
    assertEquals(Math.log(2) / 16, focal, 1e-16);
    // Target 0, probability 0.8: ce = −log 0.2, (1 − p_t)^2 = 0.64, α_t = 0.75.
    Dataset<Row> p = Frames.of(spark, "label", "probability", row(0.0, 0.8));
    assertEquals(0.75 * 0.64 * -Math.log(0.2), new FocalLossEvaluator().evaluate(p), 1e-15);
  }

  @Test
  void withoutFocusingOrWeightingItIsCrossEntropy() {
    // γ = 0 and no α: (1 − p_t)^0 = 1, so binary focal loss is binary cross-entropy, row by row.
    Dataset<Row> cancer = spark.read().parquet(CANCER);
    FocalLossEvaluator focal = new FocalLossEvaluator().setGamma(0.0).setAlpha(-1.0);
    double bce = new BinaryCrossEntropyEvaluator().evaluate(cancer);
    assertEquals(bce, focal.evaluate(cancer), 1e-12 * bce);
    // Multiclass, γ = 0 and α = 1: −log clip(p_y, 1e-7, 1 − 1e-7), which is Spark's logLoss with eps 1e-7.
    Dataset<Row> iris = spark.read().parquet(IRIS);
    double logLoss = new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator()
        .setMetricName("logLoss").setEps(1e-7).evaluate(iris);
    assertEquals(logLoss, new FocalLossEvaluator().setGamma(0.0).setAlpha(1.0).evaluate(iris), 1e-12 * logLoss);
    // Focusing only lowers each row's loss: (1 − p_t)^γ ≤ 1.
    assertTrue(new FocalLossEvaluator().setAlpha(1.0).evaluate(iris) < logLoss);
  }

  @Test
  void badRowsAreNamed() {
    double[] p3 = {0.2, 0.3, 0.5};
    for (Object[] c : List.of(
        new Object[] {row(0.0, 1.5), "Column probability has value 1.5, which is invalid: not a probability in [0, 1]."},
        new Object[] {row(2.0, 0.5), "Column label has value 2.0, which is invalid: not a binary target in [0, 1]."},
        new Object[] {row(3.0, p3), "Column label has value 3.0, which is invalid: not a class index"},
        new Object[] {row(1.0, new double[] {0.2, 0.3, 0.4}), "must sum to 1"},
        new Object[] {row(1.0, new double[] {1.0}), "it has 1 elements but a binary prediction with a scalar label has 2"},
        new Object[] {row(null, 0.5), "Column label has value null, which is invalid: a null value."})) {
      Dataset<Row> df = Frames.of(spark, "label", "probability", (Object[]) c[0]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new FocalLossEvaluator().evaluate(df));
      assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
      if (!(((Object[]) c[0])[1] instanceof double[])) {
        Dataset<Row> withGood = Frames.of(spark, "label", "probability", (Object[]) c[0], row(1.0, 0.5));
        LossSummary s = new FocalLossEvaluator().setHandleInvalid("skip").summarize(withGood);
        assertEquals(1, s.skipped());
        assertEquals(1, s.rows());
      }
    }
  }
}
