package io.github.lossdive.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one list of LossDive's losses by short name ({@code crossEntropy}, {@code nll},
 * {@code hinge}, {@code bce}, {@code kl}), as the batch job's {@code --loss} and the tests name
 * them. Adding a loss is one entry here.
 */
public final class LossRegistry {
  private static final Map<String, Supplier<LossEvaluator<?>>> LOSSES = new LinkedHashMap<>();

  static {
    LOSSES.put("crossEntropy", CrossEntropyEvaluator::new);
    LOSSES.put("nll", NegativeLogLikelihoodEvaluator::new);
    LOSSES.put("hinge", HingeLossEvaluator::new);
    LOSSES.put("bce", BinaryCrossEntropyEvaluator::new);
    LOSSES.put("kl", KLDivergenceEvaluator::new);
  }

  private LossRegistry() {}

  /** The supported names, in a stable order. */
  public static Set<String> names() {
    return LOSSES.keySet();
  }

  /**
   * A new evaluator with default params.
   *
   * @throws IllegalArgumentException for an unknown name, listing the supported ones
   */
  public static LossEvaluator<?> create(String name) {
    Supplier<LossEvaluator<?>> s = LOSSES.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Unknown loss " + name + ". Supported losses: " + String.join(", ", names()) + ".");
    }
    return s.get();
  }
}
