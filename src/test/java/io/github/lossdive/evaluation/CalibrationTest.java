package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.Frames;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * What the calibration losses add beyond their golden cases: the reliability diagram, the
 * calibration error in the same pass and per group like any loss, and bad input. (Dice: DiceLossTest.)
 */
class CalibrationTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  static Object[] row(Object label, Object prediction) {
    return new Object[] {label, prediction};
  }

  @Test
  void theReliabilityDiagramOfTheDocumentedExample() {
    // TorchMetrics' binary example, 2 bins: [0, .5) holds .25 and .25 (both labels 0);
    // [.5, 1] holds .55, .75, .75 (all labels 1): mean confidence 2.05/3.
    Dataset<Row> df = Frames.of(spark, "label", "probability", row(0.0, 0.25), row(0.0, 0.25), row(1.0, 0.55),
        row(1.0, 0.75), row(1.0, 0.75));
    LossSummary s = new CalibrationErrorEvaluator().setNumBins(2).summarize(df);
    assertEquals(List.of(new LossSummary.Bin(2, 0.25, 0.0), new LossSummary.Bin(3, 2.05 / 3, 1.0)),
        s.reliabilityDiagram());
    assertEquals(0.4 * 0.25 + 0.6 * (1 - 2.05 / 3), s.loss(), 1e-15);
    // No closed form: the standard error is the jackknife's (JackknifeGoldenTest holds it to numpy).
    assertEquals(LossEvaluator.JACKKNIFE, new CalibrationErrorEvaluator().getIntervalMethod());
    assertTrue(s.standardError() >= 0 && s.degreesOfFreedom() >= 1, "the jackknife's SE: " + s);
    assertEquals(List.of(), new CrossEntropyEvaluator().summarize(spark.read().parquet(IRIS)).reliabilityDiagram());
  }

  @Test
  void theCalibrationErrorRunsBesideOtherLossesAndPerGroup() {
    Dataset<Row> iris = spark.read().parquet(IRIS);
    CalibrationErrorEvaluator ece = new CalibrationErrorEvaluator().setNumBins(5);
    BrierScoreEvaluator brier = new BrierScoreEvaluator();
    List<LossSummary> both = LossFunctions.summarize(iris, new CrossEntropyEvaluator(), ece, brier);
    assertEquals(ece.evaluate(iris), both.get(1).loss(), 0.0);
    assertEquals(ece.summarize(iris).reliabilityDiagram(), both.get(1).reliabilityDiagram());
    for (Row r : iris.groupBy("model").agg(LossFunctions.summary(ece)).collectAsList()) {
      Dataset<Row> group = iris.where(functions.col("model").equalTo(r.getString(0)));
      LossSummary s = LossSummary.fromRow(r.getStruct(1));
      assertEquals(ece.evaluate(group), s.loss(), 1e-15);
      assertEquals(ece.summarize(group).reliabilityDiagram(), s.reliabilityDiagram());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossFunctions.perRow(ece));
    assertTrue(e.getMessage().startsWith("ece is computed from binned confidences"), e.getMessage());
  }

  @Test
  void badRowsAreNamed() {
    assertMessage(new CalibrationErrorEvaluator(), row(2.0, 0.5),
        "Column label has value 2.0, which is invalid: not a binary label: expected 0 or 1.");
    assertMessage(new BrierScoreEvaluator(), row(1.0, 1.5),
        "Column probability has value 1.5, which is invalid: not a probability in [0, 1].");
    assertMessage(new BrierScoreEvaluator(), row(0.5, 0.5),
        "Column label has value 0.5, which is invalid: not a binary label: expected 0 or 1.");
    assertMessage(new CalibrationErrorEvaluator(), row(1.0, new double[] {0.5, 0.4, 0.4}),
        "must sum to 1");
  }

  private void assertMessage(LossEvaluator<?> e, Object[] row, String message) {
    assertMessage(spark, e, row, message);
  }

  /** The row fails {@code e} with {@code message}, and is skipped and counted under skip. */
  static void assertMessage(org.apache.spark.sql.SparkSession spark, LossEvaluator<?> e, Object[] row, String message) {
    Dataset<Row> df = Frames.of(spark, "label", "probability", row);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(df));
    assertTrue(ex.getMessage().contains(message), ex.getMessage());
    // Under skip, the same row is left out and counted (and nothing else is left to evaluate).
    IllegalArgumentException skipped = assertThrows(IllegalArgumentException.class,
        () -> e.copy(org.apache.spark.ml.param.ParamMap.empty()).setHandleInvalid("skip").evaluate(df));
    assertTrue(skipped.getMessage().contains("1 skipped as invalid"), skipped.getMessage());
  }
}
