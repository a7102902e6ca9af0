package io.github.lossdive.evaluation;

import io.github.lossdive.internal.ColumnValue;
import io.github.lossdive.internal.LossTerm;
import java.io.Serializable;
import java.util.function.IntToDoubleFunction;

/**
 * Class-index targets shared by the losses that take them: the {@code ignoreIndex} rule, the
 * class-index check, and the class weight as the row's share of the mean (torch's weighted mean
 * divides by Σ w[y]).
 */
final class ClassTargets implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Integer ignoreIndex;

  /** {@code ignoreIndex} is null when no target is ignored. */
  ClassTargets(Integer ignoreIndex) {
    this.ignoreIndex = ignoreIndex;
  }

  /**
   * Writes the term for a class-index label among {@code k} classes into {@code out}, with
   * {@code loss} giving the row's loss for the decoded class {@code y}.
   */
  void term(ColumnValue label, int k, double[] classWeights, IntToDoubleFunction loss, LossTerm out) {
    if (ignoreIndex != null && label.scalar() == ignoreIndex) {
      out.ignore();
      return;
    }
    int y = label.classIndex(k);
    out.set(loss.applyAsDouble(y), classWeights == null ? 1.0 : classWeights[y], k);
  }
}
