package io.github.lossdive.evaluation;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The {@code predictionType} param: what the prediction column holds (probabilities, logits,
 * log-probabilities, as each loss allows). The param lives in the evaluator, its getter and setter
 * here.
 *
 * @param <E> the evaluator
 */
interface HasPredictionType<E extends LossEvaluator<E>> {
  /** {@code predictionType}: probabilities, each in [0, 1]. */
  String PROBABILITIES = "probabilities";
  /** {@code predictionType}: unnormalised scores (logits). */
  String LOGITS = "logits";
  /** {@code predictionType}: log-probabilities. */
  String LOG_PROBABILITIES = "logProbabilities";

  /** What {@code predictionCol} holds. */
  Param<String> predictionType();

  default String getPredictionType() {
    return ((Params) this).getOrDefault(predictionType());
  }

  @SuppressWarnings("unchecked")
  default E setPredictionType(String value) {
    return ((LossEvaluator<E>) this).setParam(predictionType(), value);
  }
}
