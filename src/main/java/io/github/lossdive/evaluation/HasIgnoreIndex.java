package io.github.lossdive.evaluation;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Params;

/**
 * The {@code ignoreIndex} param (torch's {@code ignore_index}): the param lives in the evaluator,
 * its getter and setter here.
 *
 * @param <E> the evaluator
 */
interface HasIgnoreIndex<E extends LossEvaluator<E>> {
  /** A target class whose rows are left out and counted. Unset by default. */
  IntParam ignoreIndex();

  default int getIgnoreIndex() {
    return (Integer) ((Params) this).getOrDefault(ignoreIndex());
  }

  @SuppressWarnings("unchecked")
  default E setIgnoreIndex(int value) {
    return ((LossEvaluator<E>) this).setParam(ignoreIndex(), value);
  }
}
