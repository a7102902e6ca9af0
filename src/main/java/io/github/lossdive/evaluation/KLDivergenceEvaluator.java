package io.github.lossdive.evaluation;

import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import io.github.lossdive.loss.KLDivergence;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Kullback–Leibler divergence KL(target ‖ prediction), {@code torch.nn.functional.kl_div}: the label
 * column holds the target distribution, the prediction column the model's (probabilities, or
 * log-probabilities with {@code predictionType=logProbabilities}); 0·log 0 = 0.
 *
 * <p>{@code reduction}: {@code batchmean} (default, Σ/N: the mathematical KL per row),
 * {@code mean} (torch's element mean, Σ/(N·K)) or {@code sum}.
 */
public final class KLDivergenceEvaluator extends LossEvaluator<KLDivergenceEvaluator>
    implements HasPredictionType<KLDivergenceEvaluator> {
  private static final long serialVersionUID = 1L;

  public static final String BATCHMEAN = "batchmean";

  private final Param<String> predictionType;
  private final BooleanParam logTarget;

  public KLDivergenceEvaluator() {
    this(Identifiable.randomUID("klEval"));
  }

  public KLDivergenceEvaluator(String uid) {
    super(uid, "probability", List.of(BATCHMEAN, MEAN, SUM), BATCHMEAN);
    predictionType = SharedParams.predictionType(this, List.of(PROBABILITIES, LOG_PROBABILITIES));
    logTarget =
        booleanParam(
            "logTarget",
            "whether the label column holds log-probabilities (torch's log_target). The default"
                + " value is false.");
    setDefault(predictionType, PROBABILITIES);
    setDefault(logTarget, false);
  }

  public static MLReader<KLDivergenceEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static KLDivergenceEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "kl";
  }

  @Override
  public Param<String> predictionType() {
    return predictionType;
  }

  public BooleanParam logTarget() {
    return logTarget;
  }

  public boolean getLogTarget() {
    return (Boolean) $(logTarget);
  }

  public KLDivergenceEvaluator setLogTarget(boolean value) {
    return setParam(logTarget, value);
  }

  @Override
  Set<ColumnKind> labelKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  Set<ColumnKind> predictionKinds() {
    return EnumSet.of(ColumnKind.VECTOR);
  }

  @Override
  RowLoss rowLoss() {
    boolean probabilities = PROBABILITIES.equals(getPredictionType());
    boolean logTargets = getLogTarget();
    boolean elementMean = MEAN.equals(getReduction());
    return (label, prediction, out) -> {
      double[] p = probabilities ? prediction.distribution() : prediction.finiteVector();
      double[] target = logTargets ? label.logDistribution() : label.distribution();
      RowValues.checkSameLength(target, p.length, label.column(), prediction.column());
      int k = p.length;
      double kl = probabilities
          ? KLDivergence.rowOfProbabilities(p, target, logTargets)
          : KLDivergence.row(p, target, logTargets);
      out.set(kl, elementMean ? k : 1.0, k);
    };
  }
}
