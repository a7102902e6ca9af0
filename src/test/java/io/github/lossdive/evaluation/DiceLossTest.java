package io.github.lossdive.evaluation;

import static io.github.lossdive.evaluation.CalibrationTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lossdive.testing.Frames;
import io.github.lossdive.testing.SparkTestBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** What the Dice loss adds beyond its golden cases: an empty mask, and its bad rows named. */
class DiceLossTest extends SparkTestBase {
  @Test
  void anEmptyMaskPredictedEmptyHasNoLoss() {
    // 1 − (0 + 1e-5)/(0 + 0 + 1e-5) = 0, as MONAI's smoothing intends.
    Dataset<Row> df = Frames.of(spark, "label", "probability", row(new double[] {0, 0, 0}, new double[] {0, 0, 0}));
    assertEquals(0.0, new DiceLossEvaluator().evaluate(df), 0.0);
  }

  @Test
  void badRowsAreNamed() {
    CalibrationTest.assertMessage(spark, new DiceLossEvaluator(), row(new double[] {0, 2}, new double[] {0.5, 0.5}),
        "Column label has value 2.0, which is invalid: not a mask value in [0, 1].");
    CalibrationTest.assertMessage(spark, new DiceLossEvaluator(),
        row(new double[] {0, 1, 1}, new double[] {0.5, 0.5}),
        "Column label has value [0.0, 1.0, 1.0], which is invalid: it has 3 elements but column probability has 2.");
  }
}
