package io.github.lossdive.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.spark.ml.evaluation.Evaluator;

/**
 * LossDive's losses by short name ({@link LossEvaluator#lossName()}: {@code crossEntropy},
 * {@code nll}, ...), as the batch job's {@code --loss}, its usage text and the tests name them.
 *
 * <p>The list is not written here: it is every {@link LossEvaluator} in
 * {@code META-INF/services/org.apache.spark.ml.evaluation.Evaluator}, the file through which a
 * Spark Connect server finds evaluators too, in that file's order. Adding a loss is its class and
 * its line there.
 */
public final class LossRegistry {
  private static final Map<String, Class<? extends LossEvaluator<?>>> LOSSES = load();

  private LossRegistry() {}

  /** The supported names, in the order of the services file. */
  public static Set<String> names() {
    return LOSSES.keySet();
  }

  /**
   * A new evaluator with default params.
   *
   * @throws IllegalArgumentException for an unknown name, listing the supported ones
   */
  public static LossEvaluator<?> create(String name) {
    Class<? extends LossEvaluator<?>> c = LOSSES.get(name);
    if (c == null) {
      throw new io.github.lossdive.InvalidArgumentException(
          "Unknown loss " + name + ". Supported losses: " + String.join(", ", names()) + ".");
    }
    try {
      return c.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + c.getName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Class<? extends LossEvaluator<?>>> load() {
    Map<String, Class<? extends LossEvaluator<?>>> losses = new LinkedHashMap<>();
    for (Evaluator e : ServiceLoader.load(Evaluator.class, LossRegistry.class.getClassLoader())) {
      if (e instanceof LossEvaluator<?> loss) {
        Class<? extends LossEvaluator<?>> previous =
            losses.putIfAbsent(loss.lossName(), (Class<? extends LossEvaluator<?>>) loss.getClass());
        if (previous != null && previous != loss.getClass()) {
          throw new IllegalStateException("Two losses are named " + loss.lossName() + ": "
              + previous.getName() + " and " + loss.getClass().getName() + ".");
        }
      }
    }
    return Collections.unmodifiableMap(losses);
  }
}
