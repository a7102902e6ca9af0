package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowValues;
import java.util.List;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/**
 * Params that several losses take, each defined (name, doc, range) once, in the spirit of Spark's
 * shared {@code HasX} params.
 */
final class SharedParams {
  /** Spark's and scikit-learn's default probability clipping. */
  static final double DEFAULT_EPS = 1e-15;

  private SharedParams() {}

  static Param<String> predictionType(LossEvaluator<?> e, List<String> allowed) {
    return e.stringParam(
        "predictionType",
        "what predictionCol holds. Supported options: "
            + String.join(", ", allowed)
            + ". The default value is "
            + allowed.get(0)
            + ".",
        allowed);
  }

  static DoubleParam eps(LossEvaluator<?> e) {
    return e.doubleParam(
        "eps",
        "probabilities are clipped to [eps, 1 − eps] before the log, as in Spark's logLoss. Must"
            + " be in range (0, 0.5). The default value is 1e-15.",
        0.0,
        0.5,
        false,
        false);
  }

  static DoubleArrayParam classWeights(LossEvaluator<?> e) {
    return e.weightsParam(
        "classWeights",
        "per-class weights w (torch's weight): a row of class y counts w[y] times, and the mean"
            + " divides by Σ w[y]. Finite and non-negative, one per class. Unset by default (all"
            + " 1).");
  }

  static IntParam ignoreIndex(LossEvaluator<?> e) {
    return e.intParam(
        "ignoreIndex",
        "a target class index whose rows are left out of the loss and its mean (torch's"
            + " ignore_index), and counted as ignored. Unset by default.");
  }

  /** Class weights, when set, must give one weight per class. */
  static void checkClassWeights(double[] weights, int classes, String predictionCol) {
    if (weights != null && weights.length != classes) {
      RowValues.checkParamLength("classWeights", weights, classes, "column " + predictionCol + " has", "classes");
    }
  }
}
