package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.tools.MakeSampleData;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluators inside Spark ML: tuning, persistence of tuned models, the Column API, discovery. */
class PipelineIntegrationTest extends SparkTestBase {
  Dataset<Row> iris;
  Dataset<Row> cancer;
  /** Held-out Iris predictions of a logistic regression and a random forest, cached. */
  Dataset<Row> scored;

  @BeforeAll
  void data() throws Exception {
    iris = MakeSampleData.read(spark, Path.of("sample-data/raw/iris.csv")).cache();
    cancer = MakeSampleData.read(spark, Path.of("sample-data/raw/breast_cancer.csv")).cache();
    scored = scoredByTwoModels().cache();
  }

  /** The index of the smallest metric: a lower-is-better evaluator must pick it. */
  static int argmin(double[] metrics) {
    int best = 0;
    for (int i = 1; i < metrics.length; i++) {
      if (metrics[i] < metrics[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void crossValidatorPicksTheLowestCrossEntropy() {
    LogisticRegression lr = new LogisticRegression().setMaxIter(15);
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {3.0, 0.01, 0.5}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new CrossEntropyEvaluator()).setNumFolds(2).setSeed(1).fit(iris);
    double[] metrics = cv.avgMetrics();
    assertTrue(metrics[argmin(metrics)] < metrics[0], "the grid must separate the candidates");
    double chosen = ((LogisticRegressionModel) cv.bestModel()).getRegParam();
    assertEquals(grid[argmin(metrics)].apply(lr.regParam()), chosen);
    // The same folds (same seed) scored by Spark's own logLoss give the same average per candidate.
    double[] spark = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
        .setNumFolds(2).setSeed(1).fit(iris).avgMetrics();
    for (int i = 0; i < metrics.length; i++) {
      assertEquals(spark[i], metrics[i], 1e-12 * spark[i], "candidate " + i);
    }
  }

  @Test
  void trainValidationSplitPicksTheLowestHingeForLinearSvc() {
    LinearSVC svc = new LinearSVC().setMaxIter(10);
    ParamMap[] grid = new ParamGridBuilder().addGrid(svc.regParam(), new double[] {10.0, 0.001, 1.0}).build();
    TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(svc).setEstimatorParamMaps(grid)
        .setEvaluator(new HingeLossEvaluator()).setTrainRatio(0.7).setSeed(3).fit(cancer);
    double[] metrics = tvs.validationMetrics();
    int best = argmin(metrics);
    assertTrue(metrics[best] < metrics[0]);
    assertEquals(grid[best].apply(svc.regParam()),
        tvs.bestModel().getOrDefault(tvs.bestModel().getParam("regParam")));
  }

  @Test
  void crossValidatorAndItsModelSaveAndLoadWithTheEvaluator() throws Exception {
    LogisticRegression lr = new LogisticRegression().setMaxIter(10);
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.1, 1.0}).build();
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setEps(1e-6).setLabelSmoothing(0.05)
        .setReduction("sum").setHandleInvalid("skip");
    CrossValidator cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid).setEvaluator(ce)
        .setNumFolds(2).setSeed(5);
    Path dir = Files.createTempDirectory("lossdive-cv");
    cv.save(dir.resolve("cv").toString());
    CrossValidator loaded = CrossValidator.load(dir.resolve("cv").toString());
    assertEquals(ce.toString(), loaded.getEvaluator().toString());
    assertEquals(CrossEntropyEvaluator.class, loaded.getEvaluator().getClass());

    CrossValidatorModel model = cv.fit(iris);
    model.save(dir.resolve("model").toString());
    CrossValidatorModel loadedModel = CrossValidatorModel.load(dir.resolve("model").toString());
    assertEquals(ce.toString(), loadedModel.getEvaluator().toString());
    assertArrayEquals(model.avgMetrics(), loadedModel.avgMetrics());
  }

  @Test
  void groupedAggregatesEqualEvaluateOnEachGroup() {
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    HingeLossEvaluator hinge = new HingeLossEvaluator().setMulticlassFormula("westonWatkins");
    NegativeLogLikelihoodEvaluator nll = new NegativeLogLikelihoodEvaluator().setPredictionCol("rawPrediction");
    List<Row> rows = scored.groupBy("model").agg(LossFunctions.aggregate(ce).as("ce"),
        LossFunctions.aggregate(hinge).as("hinge"), LossFunctions.aggregate(nll).as("nll")).collectAsList();
    assertEquals(2, rows.size());
    for (Row r : rows) {
      Dataset<Row> group = scored.where(functions.col("model").equalTo(r.getString(0)));
      assertEquals(ce.evaluate(group), r.getDouble(1), 1e-12 * r.getDouble(1));
      assertEquals(hinge.evaluate(group), r.getDouble(2), 1e-12 * r.getDouble(2));
      assertEquals(nll.evaluate(group), r.getDouble(3), 1e-12 * Math.abs(r.getDouble(3)));
    }
  }

  @Test
  void perRowLossesAverageToEvaluate() {
    Dataset<Row> logistic = scored.where("model = 'logistic'")
        .withColumn("binary", functions.expr("CAST(label = 1 AS DOUBLE)"))
        .withColumn("p1", org.apache.spark.ml.functions.vector_to_array(functions.col("probability"), "float64")
            .getItem(1));
    List<LossEvaluator<?>> unweighted = List.of(new CrossEntropyEvaluator(),
        new HingeLossEvaluator().setMulticlassFormula("westonWatkins"),
        new BinaryCrossEntropyEvaluator().setLabelCol("binary").setPredictionCol("p1"),
        new KLDivergenceEvaluator().setLabelCol("probability").setReduction("batchmean"));
    for (LossEvaluator<?> e : unweighted) {
      double mean = logistic.select(functions.avg(LossFunctions.perRow(e))).head().getDouble(0);
      assertEquals(e.evaluate(logistic), mean, 1e-12 * Math.abs(mean) + 1e-15, e.lossName());
    }
    // With class weights the mean divides by Σ w[y] (torch): Σ perRow / Σ w[label].
    CrossEntropyEvaluator weighted = new CrossEntropyEvaluator().setClassWeights(new double[] {1.0, 2.0, 4.0});
    Row sums = logistic.select(functions.sum(LossFunctions.perRow(weighted)),
        functions.sum(functions.expr("element_at(array(1.0D, 2.0D, 4.0D), CAST(label AS INT) + 1)"))).head();
    assertEquals(weighted.evaluate(logistic), sums.getDouble(0) / sums.getDouble(1), 1e-12);
  }

  @Test
  void evaluatorsAreDiscoverableAsServicesWithTypedParams() {
    Set<String> found = new TreeSet<>();
    for (Evaluator e : ServiceLoader.load(Evaluator.class)) {
      if (!(e instanceof LossEvaluator<?>)) {
        continue; // Spark lists its own evaluators too
      }
      found.add(e.getClass().getSimpleName());
      for (Param<?> p : e.params()) {
        assertNotNull(dataClass(p), e.getClass().getSimpleName() + "." + p.name() + " has no dataClass");
      }
    }
    Set<String> registered = new TreeSet<>();
    for (String name : LossRegistry.names()) {
      registered.add(LossRegistry.create(name).getClass().getSimpleName());
    }
    assertTrue(found.containsAll(List.of("BinaryCrossEntropyEvaluator", "CrossEntropyEvaluator",
        "HingeLossEvaluator", "KLDivergenceEvaluator", "NegativeLogLikelihoodEvaluator")), found.toString());
    assertEquals(registered, found);
  }

  /**
   * {@code Param.dataClass()}, which Spark Connect reads; Spark 3.5 has no such thing, and then every
   * param passes.
   */
  private static Object dataClass(Param<?> p) {
    try {
      return Param.class.getMethod("dataClass").invoke(p);
    } catch (NoSuchMethodException e) {
      return Object.class;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private Dataset<Row> scoredByTwoModels() {
    Dataset<Row>[] split = iris.randomSplit(new double[] {0.7, 0.3}, 11);
    Dataset<Row> lr = new LogisticRegression().setRegParam(0.01).fit(split[0]).transform(split[1])
        .withColumn("model", functions.lit("logistic"));
    Dataset<Row> rf = new RandomForestClassifier().setNumTrees(10).setSeed(2).fit(split[0]).transform(split[1])
        .withColumn("model", functions.lit("forest"));
    List<String> cols = new ArrayList<>(List.of("model", "label", "probability", "rawPrediction"));
    return lr.selectExpr(cols.toArray(new String[0])).unionByName(rf.selectExpr(cols.toArray(new String[0])));
  }
}
