package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Params are well formed (in the spirit of Spark's {@code ParamsSuite.checkParams}), and every
 * evaluator survives a save/load round trip with non-default params.
 */
class EvaluatorParamsTest extends SparkTestBase {

  /**
   * Every registered loss with every param set to a value other than its default, chosen by the
   * param's type and its own validator, so that a new loss is covered without a line here.
   */
  static Stream<LossEvaluator<?>> evaluators() {
    return LossRegistry.names().stream().map(n -> withEveryParamChanged(LossRegistry.create(n)));
  }

  @SuppressWarnings("unchecked")
  private static LossEvaluator<?> withEveryParamChanged(LossEvaluator<?> e) {
    ParamMap changed = new ParamMap();
    for (Param<?> p : e.params()) {
      Object current = e.isDefined(p) ? e.getOrDefault(p) : null;
      Object value = otherValue((Param<Object>) p, current);
      if (value == null && p.doc().contains("Supported options: " + current + ".")) {
        continue; // a param with one option (the calibration error's reduction) keeps it
      }
      assertNotNull(value, e.lossName() + ": no valid non-default value found for " + p.name());
      changed.put((Param<Object>) p, value);
    }
    return e.copy(changed);
  }

  /** A valid value of {@code p} other than {@code current}. */
  private static Object otherValue(Param<Object> param, Object current) {
    Object p = param;
    List<Object> candidates = new ArrayList<>();
    if (p instanceof DoubleParam) {
      candidates.addAll(List.of(0.1, 3.0, 0.3));
    } else if (p instanceof IntParam) {
      candidates.addAll(List.of(3, 7));
    } else if (p instanceof BooleanParam) {
      candidates.add(current == null || !(Boolean) current);
    } else if (p instanceof DoubleArrayParam) {
      candidates.add(new double[] {1.0, 2.0, 3.0});
    } else {
      // String params: the options their doc lists ("Supported options: a, b."), else a column name.
      Matcher options = Pattern.compile("Supported options: ([^.]*)\\.").matcher(param.doc());
      if (options.find()) {
        for (String option : options.group(1).split(",\\s*")) {
          candidates.add(option.split(" ")[0]);
        }
      } else {
        candidates.add("col_" + param.name());
      }
    }
    for (Object c : candidates) {
      if (!c.equals(current) && (Boolean) param.isValid().apply(c)) {
        return c;
      }
    }
    return null;
  }

  @ParameterizedTest
  @MethodSource("evaluators")
  void paramsAreWellFormed(LossEvaluator<?> e) {
    Param<?>[] params = e.params();
    String[] names = Arrays.stream(params).map(Param::name).toArray(String[]::new);
    String[] sorted = names.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, names, "params sorted by name");
    for (Param<?> p : params) {
      assertEquals(e.uid(), p.parent(), p.name());
      assertSame(p, e.getParam(p.name()));
      assertFalse(p.doc().isEmpty(), p.name());
      assertTrue(e.explainParams().contains(p.name() + ": " + p.doc()), p.name());
    }
    assertTrue(Arrays.asList(names).containsAll(
        List.of("labelCol", "predictionCol", "weightCol", "reduction", "handleInvalid")));
    assertFalse(e.isLargerBetter());
    assertTrue(e.toString().startsWith(e.getClass().getSimpleName() + ": uid=" + e.uid()));
    // The registry's name is the evaluator's own, and a Spark Connect server could build it.
    assertEquals(e.getClass(), LossRegistry.create(e.lossName()).getClass());
    assertDoesNotThrow(() -> e.getClass().getConstructor(String.class));
    assertDoesNotThrow(() -> e.getClass().getMethod("read"));

    Evaluator copy = e.copy(ParamMap.empty());
    assertNotSame(e, copy);
    assertEquals(e.getClass(), copy.getClass());
    assertEquals(e.uid(), copy.uid());
    assertEquals(e.toString(), copy.toString());
    for (Param<?> p : copy.params()) {
      assertEquals(e.uid(), p.parent());
    }
  }

  @Test
  void defaultsMatchTheSpec() {
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    assertEquals(List.of("label", "probability", "mean", "error", "probabilities"),
        List.of(ce.getLabelCol(), ce.getPredictionCol(), ce.getReduction(), ce.getHandleInvalid(),
            ce.getPredictionType()));
    assertEquals(1e-15, ce.getEps());
    assertEquals(0.0, ce.getLabelSmoothing());
    assertFalse(ce.isDefined(ce.classWeights()) || ce.isDefined(ce.ignoreIndex()) || ce.hasWeightCol());
    assertEquals("logProbability", new NegativeLogLikelihoodEvaluator().getPredictionCol());
    HingeLossEvaluator hinge = new HingeLossEvaluator();
    assertEquals(List.of("rawPrediction", 1.0, false, "crammerSinger"),
        List.of(hinge.getPredictionCol(), hinge.getMargin(), hinge.getSquared(), hinge.getMulticlassFormula()));
    BinaryCrossEntropyEvaluator bce = new BinaryCrossEntropyEvaluator();
    assertEquals(List.of("probability", "probabilities"), List.of(bce.getPredictionCol(), bce.getPredictionType()));
    KLDivergenceEvaluator kl = new KLDivergenceEvaluator();
    assertEquals(List.of("probability", "probabilities", false, "batchmean"),
        List.of(kl.getPredictionCol(), kl.getPredictionType(), kl.getLogTarget(), kl.getReduction()));
  }

  @Test
  void copyWithExtraParamsKeepsTheConcreteClass() {
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    CrossEntropyEvaluator copy = ce.copy(new ParamMap().put(ce.eps().w(1e-3)));
    assertEquals(1e-3, copy.getEps());
    assertEquals(1e-15, ce.getEps());
  }

  @ParameterizedTest
  @MethodSource("evaluators")
  void saveAndLoadKeepClassUidAndParams(LossEvaluator<?> e) throws Exception {
    Path dir = Files.createTempDirectory("lossdive-params");
    String path = dir.resolve(e.uid()).toString();
    e.save(path);
    LossEvaluator<?> viaStatic = (LossEvaluator<?>) e.getClass().getMethod("load", String.class).invoke(null, path);
    Evaluator viaSpark = DefaultParamsReader.loadParamsInstance(path, spark.sparkContext());
    for (Evaluator loaded : List.of(viaStatic, viaSpark)) {
      assertEquals(e.getClass(), loaded.getClass());
      assertEquals(e.uid(), loaded.uid());
      assertEquals(e.toString(), loaded.toString());
    }
  }
}
