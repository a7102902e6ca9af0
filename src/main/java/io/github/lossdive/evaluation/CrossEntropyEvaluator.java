package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.CrossEntropy;
import io.github.lossdive.loss.LogSoftmax;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Cross-entropy of a class-index (or soft) target against a model's class scores.
 *
 * <ul>
 *   <li>{@code predictionType=probabilities} (default, column {@code probability}): each
 *       probability is clipped to [eps, 1 − eps] before the log, exactly as Spark's
 *       {@code MulticlassClassificationEvaluator} {@code logLoss} and scikit-learn's
 *       {@code log_loss}; the row must be a distribution (sums to 1 within 1e-6).
 *   <li>{@code logits} or {@code logProbabilities}: {@code torch.nn.functional.cross_entropy},
 *       with log-softmax computed stably.
 * </ul>
 * {@code classWeights}, {@code ignoreIndex} and {@code labelSmoothing} follow torch; a vector label
 * is a soft target distribution.
 */
public final class CrossEntropyEvaluator extends LossEvaluator<CrossEntropyEvaluator>
    implements HasPredictionType<CrossEntropyEvaluator>, HasClassWeights<CrossEntropyEvaluator>,
        HasIgnoreIndex<CrossEntropyEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> predictionType;
  private final DoubleParam eps;
  private final DoubleArrayParam classWeights;
  private final IntParam ignoreIndex;
  private final DoubleParam labelSmoothing;

  public CrossEntropyEvaluator() {
    this(Identifiable.randomUID("crossEntropyEval"));
  }

  public CrossEntropyEvaluator(String uid) {
    super(uid, "probability", List.of(MEAN, SUM), MEAN);
    predictionType = SharedParams.predictionType(this, List.of(PROBABILITIES, LOGITS, LOG_PROBABILITIES));
    eps = SharedParams.eps(this);
    classWeights = SharedParams.classWeights(this);
    ignoreIndex = SharedParams.ignoreIndex(this);
    labelSmoothing =
        doubleParam(
            "labelSmoothing",
            "label smoothing ε: the target becomes (1 − ε)·target + ε/K, as in torch. Must be in"
                + " range [0, 1). The default value is 0.0.",
            0.0,
            1.0,
            true,
            false);
    setDefault(predictionType, PROBABILITIES);
    setDefault(eps, SharedParams.DEFAULT_EPS);
    setDefault(labelSmoothing, 0.0);
  }

  public static MLReader<CrossEntropyEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static CrossEntropyEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "crossEntropy";
  }

  @Override
  public Param<String> predictionType() {
    return predictionType;
  }

  public DoubleParam eps() {
    return eps;
  }

  @Override
  public DoubleArrayParam classWeights() {
    return classWeights;
  }

  @Override
  public IntParam ignoreIndex() {
    return ignoreIndex;
  }

  public DoubleParam labelSmoothing() {
    return labelSmoothing;
  }

  public double getEps() {
    return (Double) $(eps);
  }

  public double getLabelSmoothing() {
    return (Double) $(labelSmoothing);
  }

  public CrossEntropyEvaluator setEps(double value) {
    return setParam(eps, value);
  }

  public CrossEntropyEvaluator setLabelSmoothing(double value) {
    return setParam(labelSmoothing, value);
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.NUMERIC, ColumnKind.VECTOR);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    String predictionName = getPredictionCol();
    boolean probabilities = PROBABILITIES.equals(getPredictionType());
    double clip = getEps();
    double[] weights = valueOrNull(classWeights);
    ClassTargets targets = new ClassTargets((Integer) valueOrNull(ignoreIndex));
    double smoothing = getLabelSmoothing();
    return (label, prediction, out) -> {
      double[] scores = probabilities ? prediction.distribution() : prediction.finiteVector();
      int k = scores.length;
      SharedParams.checkClassWeights(weights, k, predictionName);
      if (smoothing == 0.0 && !label.isVector()) {
        // The common case needs one log (or one log-sum-exp), not K of them.
        targets.term(label, k, weights, y -> probabilities
            ? CrossEntropy.hardTargetOfProbabilities(scores, y, weights, clip)
            : CrossEntropy.hardTargetOfLogits(scores, y, weights), out);
        return;
      }
      double[] logp = probabilities ? CrossEntropy.clippedLog(scores, clip) : LogSoftmax.apply(scores);
      if (label.isVector()) {
        double[] q = label.distribution();
        RowValues.checkSameLength(q, k, label.column(), predictionName);
        out.set(CrossEntropy.softTarget(logp, q, weights, smoothing), 1.0, k);
        return;
      }
      targets.term(label, k, weights, y -> CrossEntropy.hardTarget(logp, y, weights, smoothing), out);
    };
  }
}
