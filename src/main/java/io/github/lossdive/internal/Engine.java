package io.github.lossdive.internal;

import java.util.Objects;
import org.apache.spark.ml.evaluation.Evaluator;

/**
 * How the engine and {@code LossFunctions} reach what an evaluator runs. The evaluators keep
 * their per-row loss and their job package-private, so that no public signature names an engine
 * type; {@code LossEvaluator} registers the one {@link Access} when its class is loaded, which
 * happens before any evaluator exists (the JDK's "shared secrets" pattern).
 */
public final class Engine {
  /** Implemented once, by {@code LossEvaluator}. */
  public interface Access {
    /** The evaluator's mean of per-row losses, with its settings fixed now. */
    LossPlan plan(Evaluator evaluator);

    /** The evaluator's metric without resampling: its plan, or its own job (the calibration error's bins). */
    LossJob metric(Evaluator evaluator);

    /** What the evaluator runs: its plan, or its own job (the calibration error's bins), with its interval method. */
    LossJob job(Evaluator evaluator);

    /** The evaluator's loss of its prediction against {@code baselineCol}, paired, with its interval method. */
    LossJob comparison(Evaluator evaluator, String baselineCol);
  }

  private static volatile Access access;

  private Engine() {}

  /** Called once, from {@code LossEvaluator}'s static initialiser. */
  public static void register(Access a) {
    access = Objects.requireNonNull(a);
  }

  /** {@link Access#plan} of a LossDive evaluator. */
  public static LossPlan plan(Evaluator evaluator) {
    return access.plan(evaluator);
  }

  /** {@link Access#comparison} of a LossDive evaluator. */
  public static LossJob comparison(Evaluator evaluator, String baselineCol) {
    return access.comparison(evaluator, baselineCol);
  }

  /** {@link Access#metric} of a LossDive evaluator. */
  public static LossJob metric(Evaluator evaluator) {
    return access.metric(evaluator);
  }

  /** {@link Access#job} of a LossDive evaluator. */
  public static LossJob job(Evaluator evaluator) {
    return access.job(evaluator);
  }
}
