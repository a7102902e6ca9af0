package io.github.lossdive.evaluation;

import io.github.lossdive.functions.LossTerm;
import io.github.lossdive.functions.RowValues;
import java.io.Serializable;
import java.util.function.IntToDoubleFunction;

/**
 * Class-index targets shared by the losses that take them: the {@code ignoreIndex} rule, the
 * class-index check, and the class weight as the row's share of the mean (torch's weighted mean
 * divides by Σ w[y]).
 */
final class ClassTargets implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String labelCol;
  private final Integer ignoreIndex;

  /** {@code ignoreIndex} is null when no target is ignored. */
  ClassTargets(String labelCol, Integer ignoreIndex) {
    this.labelCol = labelCol;
    this.ignoreIndex = ignoreIndex;
  }

  /**
   * Writes the term for a class-index label among {@code k} classes into {@code out}, with
   * {@code loss} giving the row's loss for the decoded class {@code y}.
   */
  void term(Object label, int k, double[] classWeights, IntToDoubleFunction loss, LossTerm out) {
    if (ignoreIndex != null && label instanceof Number n && n.doubleValue() == ignoreIndex) {
      out.ignore();
      return;
    }
    int y = RowValues.classIndex(label, labelCol, k);
    out.set(loss.applyAsDouble(y), classWeights == null ? 1.0 : classWeights[y], k);
  }
}
