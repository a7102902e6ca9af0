package io.github.lossdive.evaluation;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.Params;

/**
 * The {@code classWeights} param (torch's {@code weight}), shared like Spark's {@code HasX} traits:
 * the evaluator holds the param, this interface its getter and setter.
 *
 * @param <E> the evaluator
 */
interface HasClassWeights<E extends LossEvaluator<E>> {
  /** Per-class weights, one per class. Unset by default (all 1). */
  DoubleArrayParam classWeights();

  default double[] getClassWeights() {
    return ((Params) this).getOrDefault(classWeights());
  }

  @SuppressWarnings("unchecked")
  default E setClassWeights(double[] value) {
    return ((LossEvaluator<E>) this).setParam(classWeights(), value);
  }
}
