package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.CrossEntropy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Negative log-likelihood of a class-index target, {@code torch.nn.functional.nll_loss}: the
 * prediction is already log-probabilities (column {@code logProbability}), and the row loss is
 * {@code −w[y]·logp[y]}, with torch's {@code weight} and {@code ignore_index}.
 */
public final class NegativeLogLikelihoodEvaluator
    extends LossEvaluator<NegativeLogLikelihoodEvaluator>
    implements HasClassWeights<NegativeLogLikelihoodEvaluator>,
        HasIgnoreIndex<NegativeLogLikelihoodEvaluator> {
  private static final long serialVersionUID = 1L;

  private final DoubleArrayParam classWeights;
  private final IntParam ignoreIndex;

  public NegativeLogLikelihoodEvaluator() {
    this(Identifiable.randomUID("nllEval"));
  }

  public NegativeLogLikelihoodEvaluator(String uid) {
    super(uid, "logProbability", List.of(MEAN, SUM), MEAN);
    classWeights = SharedParams.classWeights(this);
    ignoreIndex = SharedParams.ignoreIndex(this);
  }

  public static MLReader<NegativeLogLikelihoodEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static NegativeLogLikelihoodEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "nll";
  }

  @Override
  public DoubleArrayParam classWeights() {
    return classWeights;
  }

  @Override
  public IntParam ignoreIndex() {
    return ignoreIndex;
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.NUMERIC);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    String predictionName = getPredictionCol();
    double[] weights = valueOrNull(classWeights);
    ClassTargets targets = new ClassTargets((Integer) valueOrNull(ignoreIndex));
    return (label, prediction, out) -> {
      double[] logp = prediction.finiteVector();
      SharedParams.checkClassWeights(weights, logp.length, predictionName);
      targets.term(
          label, logp.length, weights, y -> CrossEntropy.hardTarget(logp, y, weights, 0.0), out);
    };
  }
}
