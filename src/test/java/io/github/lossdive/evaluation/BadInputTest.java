package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.testing.Frames;
import io.github.lossdive.testing.SparkTestBase;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input rules (README, Bad input), for each evaluator they apply to. Every case is a few good rows and
 * one bad row (the last): under {@code handleInvalid=error} the message must name the column, the
 * value and the reason; under {@code skip} the bad row is counted and the loss equals the loss of
 * the good rows alone.
 */
class BadInputTest extends SparkTestBase {
  static final double[] P3 = {0.2, 0.3, 0.5};
  static final double[] Q3 = {0.6, 0.3, 0.1};

  record Bad(String name, Supplier<LossEvaluator<?>> evaluator, Object[][] rows, List<String> message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Bad bad(String name, Supplier<LossEvaluator<?>> e, List<String> message, Object[]... rows) {
    return new Bad(name, e, rows, message);
  }

  static Object[] row(Object label, Object prediction) {
    return new Object[] {label, prediction};
  }

  static Stream<Bad> rowCases() {
    Supplier<LossEvaluator<?>> ce = CrossEntropyEvaluator::new;
    Supplier<LossEvaluator<?>> ceLogits = () -> new CrossEntropyEvaluator().setPredictionType("logits");
    Supplier<LossEvaluator<?>> nll = NegativeLogLikelihoodEvaluator::new;
    Supplier<LossEvaluator<?>> hinge = HingeLossEvaluator::new;
    Supplier<LossEvaluator<?>> bce = BinaryCrossEntropyEvaluator::new;
    Supplier<LossEvaluator<?>> bceLogits = () -> new BinaryCrossEntropyEvaluator().setPredictionType("logits");
    Supplier<LossEvaluator<?>> kl = KLDivergenceEvaluator::new;
    double[] logp = {Math.log(0.2), Math.log(0.3), Math.log(0.5)};
    double[] scores = {1.0, -0.5, 2.0};
    return Stream.of(
        // null label
        bad("ce null label", ce, List.of("Column label", "value null", "null value"), row(0.0, P3), row(null, P3)),
        bad("nll null label", nll, List.of("Column label", "value null"), row(1.0, logp), row(null, logp)),
        bad("hinge null label", hinge, List.of("Column label", "value null"), row(1.0, 0.3), row(null, 0.3)),
        bad("bce null label", bce, List.of("Column label", "value null"), row(1.0, 0.3), row(null, 0.3)),
        bad("kl null target", kl, List.of("Column label", "value null"), row(Q3, P3), row(null, P3)),
        // null prediction
        bad("ce null prediction", ce, List.of("Column probability", "value null"), row(0.0, P3), row(1.0, null)),
        bad("nll null prediction", nll, List.of("Column logProbability", "value null"), row(0.0, logp), row(1.0, null)),
        bad("hinge null prediction", hinge, List.of("Column rawPrediction", "value null"), row(0.0, 0.5), row(1.0, null)),
        bad("bce null prediction", bce, List.of("Column probability", "value null"), row(0.0, 0.5), row(1.0, null)),
        bad("kl null prediction", kl, List.of("Column probability", "value null"), row(Q3, P3), row(Q3, null)),
        // NaN and infinities in a prediction
        bad("ce logits NaN", ceLogits, List.of("Column probability", "NaN", "NaN or infinite"),
            row(0.0, scores), row(1.0, new double[] {1.0, Double.NaN, 0.0})),
        bad("ce logits Inf", ceLogits, List.of("Column probability", "Infinity", "NaN or infinite"),
            row(0.0, scores), row(1.0, new double[] {1.0, Double.POSITIVE_INFINITY, 0.0})),
        bad("ce probabilities NaN", ce, List.of("Column probability", "NaN", "not a probability"),
            row(0.0, P3), row(1.0, new double[] {0.5, Double.NaN, 0.5})),
        bad("nll -Inf", nll, List.of("Column logProbability", "-Infinity", "NaN or infinite"),
            row(0.0, logp), row(1.0, new double[] {0.0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY})),
        bad("hinge NaN score", hinge, List.of("Column rawPrediction", "NaN", "not finite"), row(0.0, 0.5), row(1.0, Double.NaN)),
        bad("hinge Inf vector", hinge, List.of("Column rawPrediction", "Infinity"),
            row(0.0, scores), row(1.0, new double[] {0, Double.NEGATIVE_INFINITY, 1})),
        bad("bce logits Inf", bceLogits, List.of("Column probability", "Infinity", "not finite"),
            row(0.0, 0.5), row(1.0, Double.POSITIVE_INFINITY)),
        bad("bce probability NaN", bce, List.of("Column probability", "NaN", "not a probability"),
            row(0.0, 0.5), row(1.0, Double.NaN)),
        bad("kl NaN prediction", kl, List.of("Column probability", "NaN"), row(Q3, P3), row(Q3, new double[] {0.5, Double.NaN, 0.5})),
        // class index not an integer, or outside [0, K)
        bad("ce fractional label", ce, List.of("Column label", "2.5", "labels must be integers in [0, 3)"), row(0.0, P3), row(2.5, P3)),
        bad("ce label = K", ce, List.of("Column label", "3", "[0, 3)"), row(0.0, P3), row(3.0, P3)),
        bad("ce negative label", ceLogits, List.of("Column label", "-1", "[0, 3)"), row(0.0, scores), row(-1.0, scores)),
        bad("nll label = K", nll, List.of("Column label", "3", "[0, 3)"), row(0.0, logp), row(3.0, logp)),
        bad("nll fractional label", nll, List.of("Column label", "0.5"), row(0.0, logp), row(0.5, logp)),
        bad("hinge multiclass label = K", hinge, List.of("Column label", "3", "[0, 3)"), row(0.0, scores), row(3.0, scores)),
        bad("hinge ww fractional label", () -> new HingeLossEvaluator().setMulticlassFormula("westonWatkins"),
            List.of("Column label", "1.5"), row(0.0, scores), row(1.5, scores)),
        // binary labels outside {0, 1} / {-1, +1}; BCE soft labels outside [0, 1]
        bad("hinge label 2", hinge, List.of("Column label", "2.0", "not a binary label"), row(0.0, 0.5), row(2.0, 0.5)),
        bad("hinge label 0.5", hinge, List.of("Column label", "0.5", "not a binary label"), row(-1.0, 0.5), row(0.5, 0.5)),
        bad("bce label 1.5", bce, List.of("Column label", "1.5", "not a binary target in [0, 1]"), row(1.0, 0.5), row(1.5, 0.5)),
        bad("bce label -1", bceLogits, List.of("Column label", "-1.0", "[0, 1]"), row(1.0, 0.5), row(-1.0, 0.5)),
        bad("bce multi-label 2", bce, List.of("Column label", "2.0", "[0, 1]"),
            row(new double[] {1, 0}, new double[] {0.5, 0.5}), row(new double[] {2, 0}, new double[] {0.5, 0.5})),
        // probability outside [0, 1]
        bad("ce probability > 1", ce, List.of("Column probability", "1.2", "not a probability in [0, 1]"),
            row(0.0, P3), row(0.0, new double[] {1.2, -0.2, 0.0})),
        bad("bce probability > 1", bce, List.of("Column probability", "1.5", "not a probability in [0, 1]"), row(0.0, 0.5), row(0.0, 1.5)),
        bad("bce probability < 0", bce, List.of("Column probability", "-0.1"), row(0.0, 0.5), row(0.0, -0.1)),
        bad("kl probability < 0", kl, List.of("Column probability", "-0.5", "not a probability"),
            row(Q3, P3), row(Q3, new double[] {-0.5, 1.0, 0.5})),
        // distributions that do not sum to 1
        bad("ce prediction sum", ce, List.of("Column probability", "[0.2, 0.3, 0.4]", "must sum to 1", "sums to 0.9"),
            row(0.0, P3), row(0.0, new double[] {0.2, 0.3, 0.4})),
        bad("ce soft target sum", ce, List.of("Column label", "must sum to 1"),
            row(Q3, P3), row(new double[] {0.5, 0.5, 0.5}, P3)),
        bad("kl prediction sum", kl, List.of("Column probability", "must sum to 1"), row(Q3, P3), row(Q3, new double[] {0.1, 0.1, 0.1})),
        bad("kl target sum", kl, List.of("Column label", "must sum to 1"), row(Q3, P3), row(new double[] {0.7, 0.7, 0.0}, P3)),
        bad("kl log target sum", () -> new KLDivergenceEvaluator().setLogTarget(true), List.of("Column label", "must sum to 1"),
            row(logp, P3), row(new double[] {0.0, 0.0, 0.0}, P3)),
        // label and prediction of different length
        bad("ce soft target length", ce, List.of("Column label", "has 2 elements but column probability has 3"),
            row(Q3, P3), row(new double[] {0.5, 0.5}, P3)),
        bad("bce multi-label length", bce, List.of("Column label", "has 3 elements but column probability has 2"),
            row(new double[] {1, 0}, new double[] {0.5, 0.5}), row(new double[] {1, 0, 1}, new double[] {0.5, 0.5})),
        bad("kl length", kl, List.of("Column label", "has 2 elements but column probability has 3"),
            row(Q3, P3), row(new double[] {0.5, 0.5}, P3)));
  }

  /** Torch's other classification losses: their own rules, and their second input column. */
  static Stream<Bad> torchLossCases() {
    Supplier<LossEvaluator<?>> ranking = MarginRankingLossEvaluator::new;
    Supplier<LossEvaluator<?>> softMargin = SoftMarginLossEvaluator::new;
    Supplier<LossEvaluator<?>> multiSoft = MultiLabelSoftMarginLossEvaluator::new;
    Supplier<LossEvaluator<?>> multiMargin = MultiLabelMarginLossEvaluator::new;
    Supplier<LossEvaluator<?>> embedding = HingeEmbeddingLossEvaluator::new;
    Supplier<LossEvaluator<?>> poisson = PoissonNegativeLogLikelihoodEvaluator::new;
    Supplier<LossEvaluator<?>> poissonRate = () -> new PoissonNegativeLogLikelihoodEvaluator().setLogInput(false);
    Supplier<LossEvaluator<?>> gaussian = GaussianNegativeLogLikelihoodEvaluator::new;
    double[] x3 = {0.3, -1.0, 2.0};
    return Stream.of(
        bad("marginRanking label 0", ranking, List.of("Column label", "0.0", "not a ±1 label"),
            new Object[] {1.0, 0.5, 0.1}, new Object[] {0.0, 0.5, 0.1}),
        bad("marginRanking null second score", ranking, List.of("Column secondPrediction", "value null"),
            new Object[] {-1.0, 0.5, 0.1}, new Object[] {1.0, 0.5, null}),
        bad("marginRanking second score NaN", ranking, List.of("Column secondPrediction", "NaN", "not finite"),
            new Object[] {-1.0, 0.5, 0.1}, new Object[] {1.0, 0.5, Double.NaN}),
        bad("softMargin label 0.5", softMargin, List.of("Column label", "0.5", "not a ±1 label"), row(1.0, 2.0), row(0.5, 2.0)),
        bad("softMargin vector label", softMargin, List.of("Column label", "entry 0.0 is not a ±1 label"),
            row(new double[] {1, -1, 1}, x3), row(new double[] {1, 0, 1}, x3)),
        bad("softMargin widths", softMargin, List.of("Column label", "has 2 elements but column rawPrediction has 3"),
            row(new double[] {1, -1, 1}, x3), row(new double[] {1, -1}, x3)),
        bad("multiLabelSoftMargin target 2", multiSoft, List.of("Column label", "entry 2.0 is not 0 or 1"),
            row(new double[] {1, 0, 1}, x3), row(new double[] {1, 0, 2}, x3)),
        bad("multiLabelSoftMargin Inf logit", multiSoft, List.of("Column rawPrediction", "Infinity"),
            row(new double[] {1, 0, 1}, x3), row(new double[] {1, 0, 1}, new double[] {0, Double.POSITIVE_INFINITY, 1})),
        bad("multiLabelMargin index = C", multiMargin, List.of("Column label", "entry 3.0 is not a class index in [0, 3)"),
            row(new double[] {2, -1, 0}, x3), row(new double[] {0, 3, -1}, x3)),
        bad("multiLabelMargin fractional index", multiMargin, List.of("Column label", "entry 0.5"),
            row(new double[] {2, -1, 0}, x3), row(new double[] {0.5, -1, 0}, x3)),
        bad("multiLabelMargin widths", multiMargin, List.of("Column label", "has 2 elements but column rawPrediction has 3"),
            row(new double[] {2, -1, 0}, x3), row(new double[] {2, -1}, x3)),
        bad("hingeEmbedding label 0", embedding, List.of("Column label", "0.0", "not a ±1 label"), row(1.0, 0.5), row(0.0, 0.5)),
        bad("poissonNll negative count", poisson, List.of("Column label", "-1.0", "negative"), row(2.0, 0.5), row(-1.0, 0.5)),
        bad("poissonNll negative rate", poissonRate, List.of("Column prediction", "-0.5", "negative"), row(2.0, 0.5), row(1.0, -0.5)),
        bad("poissonNll NaN log-rate", poisson, List.of("Column prediction", "NaN", "not finite"), row(2.0, 0.5), row(1.0, Double.NaN)),
        bad("gaussianNll negative variance", gaussian, List.of("Column variance", "-0.1", "negative"),
            new Object[] {0.2, 0.1, 1.0}, new Object[] {0.2, 0.1, -0.1}),
        bad("gaussianNll negative variance entry", gaussian, List.of("Column variance", "entry -2.0 is negative"),
            new Object[] {x3, x3, new double[] {1, 1, 1}}, new Object[] {x3, x3, new double[] {1, -2, 1}}),
        bad("gaussianNll variance widths", gaussian, List.of("Column variance", "has 2 elements but column prediction has 3"),
            new Object[] {x3, x3, new double[] {1, 1, 1}}, new Object[] {x3, x3, new double[] {1, 1}}),
        bad("gaussianNll null variance", gaussian, List.of("Column variance", "value null"),
            new Object[] {0.2, 0.1, 1.0}, new Object[] {0.2, 0.1, null}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("torchLossCases")
  void torchLossBadRowFailsWithWordsOrIsSkippedAndCounted(Bad c) {
    badRowFailsWithWordsOrIsSkippedAndCounted(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rowCases")
  void badRowFailsWithWordsOrIsSkippedAndCounted(Bad c) {
    LossEvaluator<?> e = c.evaluator().get();
    // label, prediction, and the loss's second input where it has one
    String[] columns = e.inputCols().toArray(new String[0]);
    Dataset<Row> all = Frames.of(spark, columns, c.rows());
    Dataset<Row> good = Frames.of(spark, columns, Frames.allButLast(c.rows()));

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> e.evaluate(all));
    for (String fragment : c.message()) {
      assertTrue(error.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + error.getMessage());
    }

    LossSummary skipped = e.copy(new org.apache.spark.ml.param.ParamMap()).setHandleInvalid("skip").summarize(all);
    assertEquals(1, skipped.skipped(), c.name());
    assertEquals(e.evaluate(good), skipped.loss(), 0.0, c.name());
  }

  @Test
  void missingColumnsAreNamedWithTheAvailableOnes() {
    Dataset<Row> df = Frames.of(spark, new String[] {"label", "soft", "probability"}, new Object[] {0.0, P3, P3});
    for (String name : LossRegistry.names()) {
      LossEvaluator<?> base = LossRegistry.create(name).setLabelCol("label").setPredictionCol("probability");
      try {
        base.validateSchema(df.schema());
      } catch (IllegalArgumentException e) {
        base.setLabelCol("soft"); // a loss whose target is a distribution
      }
      for (LossEvaluator<?> e : List.<LossEvaluator<?>>of(base.copy(ParamMap.empty()).setLabelCol("y"),
          base.copy(ParamMap.empty()).setPredictionCol("margin"), base.copy(ParamMap.empty()).setWeightCol("w"))) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(df));
        assertTrue(ex.getMessage().matches("Column (y|margin|w) does not exist\\. Available columns: label, soft, probability\\."),
            name + ": " + ex.getMessage());
      }
    }
  }

  @Test
  void wrongColumnTypesListTheAcceptedTypes() {
    Dataset<Row> df = Frames.of(spark, "label", "probability", row("cat", "0.5"));
    assertMessage(new CrossEntropyEvaluator(), df,
        "Column label must be of type numeric or vector (Vector, array<double> or array<float>) but was actually string.");
    assertMessage(new NegativeLogLikelihoodEvaluator().setPredictionCol("probability"), df,
        "Column label must be of type numeric but was actually string.");
    assertMessage(new KLDivergenceEvaluator(), df,
        "Column label must be of type vector (Vector, array<double> or array<float>) but was actually string.");
    Dataset<Row> labelsOk = Frames.of(spark, "label", "probability", row(1.0, "0.5"));
    assertMessage(new BinaryCrossEntropyEvaluator(), labelsOk,
        "Column probability must be of type numeric or vector (Vector, array<double> or array<float>) but was actually string.");
    assertMessage(new HingeLossEvaluator().setPredictionCol("probability"), labelsOk,
        "Column probability must be of type numeric or vector (Vector, array<double> or array<float>) but was actually string.");
    // The aggregate column reads the rows without the evaluator's schema check: the engine refuses
    // the type itself, under skip too (a wrong column is no invalid row). A string is read only as
    // a jackknife's id column.
    Exception aggregated = assertThrows(Exception.class, () -> df.agg(io.github.lossdive.functions.LossFunctions
        .summary(new CrossEntropyEvaluator().setHandleInvalid(LossEvaluator.SKIP))).head());
    assertEquals("Column label must be of type numeric or vector (Vector, array<double> or array<float>) but was"
        + " actually string.", io.github.lossdive.LossDiveException.in(aggregated).orElseThrow().getMessage());
    Dataset<Row> weights = Frames.of(spark, new String[] {"label", "probability", "w"}, new Object[] {0.0, P3, "x"});
    assertMessage(new CrossEntropyEvaluator().setWeightCol("w"), weights,
        "Column w must be of type numeric but was actually string.");
  }

  @Test
  void negativeAndNaNWeightsAreInvalidRows() {
    String[] cols = {"label", "probability", "w"};
    for (double w : new double[] {-1.0, Double.NaN}) {
      Dataset<Row> df = Frames.of(spark, cols, new Object[] {0.0, P3, 1.0}, new Object[] {1.0, P3, w});
      for (LossEvaluator<?> e : List.<LossEvaluator<?>>of(new CrossEntropyEvaluator().setWeightCol("w"),
          new BinaryCrossEntropyEvaluator().setPredictionType("logits").setLabelCol("label")
              .setPredictionCol("label").setWeightCol("w"))) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(df));
        assertTrue(ex.getMessage().contains("Column w has value " + w) && ex.getMessage().contains("non-negative"),
            ex.getMessage());
        assertEquals(1, e.setHandleInvalid("skip").summarize(df).skipped());
      }
    }
  }

  @Test
  void vectorsOfDifferentLengthsFailEvenWhenSkipping() {
    Dataset<Row> df = Frames.of(spark, "label", "probability", row(0.0, P3), row(1.0, new double[] {0.5, 0.5}));
    for (String mode : List.of("error", "skip")) {
      assertMessage(new CrossEntropyEvaluator().setHandleInvalid(mode), df.repartition(1),
          "Column probability holds predictions of different lengths in one dataset: 3 elements and 2 elements."
              + " Every row must have the same number of classes.");
    }
    Dataset<Row> hinge = Frames.of(spark, "label", "rawPrediction",
        row(0.0, new double[] {1, 2, 3}), row(1.0, new double[] {1, 2, 3, 4}));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new HingeLossEvaluator().evaluate(hinge.repartition(2)));
    assertTrue(ex.getMessage().contains("different lengths"), ex.getMessage());
  }

  @Test
  void nullElementsOfArrayColumnsAreInvalidRows() {
    Dataset<Row> df = Frames.withArray(spark, "logits", new Object[] {0.0, 1.0, 2.0, 3.0},
        new Object[] {1.0, 1.0, null, 3.0});
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("logits");
    assertMessage(ce, df, "Column logits has value [1.0, null, 3.0], which is invalid: element 1 is null.");
    assertEquals(1, ce.setHandleInvalid("skip").summarize(df).skipped());
  }

  @Test
  void emptyOrFullySkippedOrIgnoredInputIsAnError() {
    Dataset<Row> df = Frames.of(spark, "label", "probability", row(0.0, P3), row(7.0, P3));
    assertMessage(new CrossEntropyEvaluator(), df.limit(0), "Cannot evaluate a loss on an empty dataset.");
    assertMessage(new CrossEntropyEvaluator().setHandleInvalid("skip"), df.where("label > 5"),
        "No rows to evaluate: all 1 rows were left out (1 skipped as invalid under handleInvalid=skip, 0 with the target ignoreIndex).");
    assertMessage(new CrossEntropyEvaluator().setIgnoreIndex(0), df.where("label = 0"),
        "No rows to evaluate: all 1 rows were left out (0 skipped as invalid under handleInvalid=error, 1 with the target ignoreIndex).");
  }

  @Test
  void paramsThatDoNotFitTheDataAreNotSkipped() {
    Dataset<Row> df = Frames.of(spark, "label", "probability", row(0.0, P3));
    assertMessage(new CrossEntropyEvaluator().setClassWeights(new double[] {1, 2}).setHandleInvalid("skip"), df,
        "Param classWeights has 2 entries but column probability has 3 classes.");
    assertMessage(new HingeLossEvaluator().setPredictionCol("probability").setClassWeights(new double[] {1, 2}), df,
        "Param classWeights applies only to multiclassFormula=westonWatkins, but it is crammerSinger.");
  }

  @Test
  void invalidParamValuesAreRejectedWhenSet() {
    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyEvaluator().setEps(0.5));
    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyEvaluator().setLabelSmoothing(1.0));
    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyEvaluator().setPredictionType("odds"));
    assertThrows(IllegalArgumentException.class, () -> new CrossEntropyEvaluator().setReduction("batchmean"));
    assertThrows(IllegalArgumentException.class, () -> new KLDivergenceEvaluator().setReduction("none"));
    assertThrows(IllegalArgumentException.class, () -> new HingeLossEvaluator().setMargin(-1));
    assertThrows(IllegalArgumentException.class, () -> new HingeLossEvaluator().setMulticlassFormula("ovr"));
    assertThrows(IllegalArgumentException.class, () -> new NegativeLogLikelihoodEvaluator().setClassWeights(new double[] {1, -1}));
    assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyEvaluator().setPosWeights(new double[] {}));
    assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropyEvaluator().setHandleInvalid("keep"));
  }

  private static void assertMessage(LossEvaluator<?> e, Dataset<Row> df, String message) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.evaluate(df));
    assertEquals(message, ex.getMessage());
  }
}
