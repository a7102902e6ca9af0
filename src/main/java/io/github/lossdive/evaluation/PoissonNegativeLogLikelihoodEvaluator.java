package io.github.lossdive.evaluation;

import io.github.lossdive.evaluation.ElementwiseLoss.Rule;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.PoissonNll;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Poisson negative log-likelihood, {@code torch.nn.functional.poisson_nll_loss}, of counts (label,
 * 0 or more) under predicted rates: {@code exp(x) − y·x} for a log-rate x (the default,
 * {@code logInput}), or {@code λ − y·log(λ + eps)} for a rate λ; {@code full} adds Stirling's
 * approximation of {@code log(y!)} where y &gt; 1. Averaged over all elements. Numbers, or label
 * and prediction vectors of one width.
 *
 * <p>Spark's {@code GeneralizedLinearRegression} with {@code family="poisson"} writes the rate to
 * {@code prediction} and the log-rate to {@code linkPrediction}: use {@code logInput=false} with
 * the first, or {@code predictionCol=linkPrediction}.
 */
public final class PoissonNegativeLogLikelihoodEvaluator
    extends LossEvaluator<PoissonNegativeLogLikelihoodEvaluator> {
  private static final long serialVersionUID = 1L;

  private final BooleanParam logInput;
  private final BooleanParam full;
  private final DoubleParam eps;

  public PoissonNegativeLogLikelihoodEvaluator() {
    this(Identifiable.randomUID("poissonNllEval"));
  }

  public PoissonNegativeLogLikelihoodEvaluator(String uid) {
    super(uid, "prediction", List.of(MEAN, SUM), MEAN);
    logInput = booleanParam("logInput", "whether predictionCol holds log-rates (true: exp(x) − y·x) or rates"
        + " (false: λ − y·log(λ + eps)). The default value is true.");
    full = booleanParam("full", "whether to add Stirling's approximation of log(y!), y·log y − y + ½·log(2πy),"
        + " where y > 1, making the loss the full negative log-likelihood. The default value is false.");
    eps = doubleParam("eps", "added to the rate before its log when logInput is false, so that a rate of 0"
        + " is finite. Must be in range (0, inf). The default value is 1e-8.", 0.0, Double.POSITIVE_INFINITY,
        false, false);
    setDefault(logInput, true);
    setDefault(full, false);
    setDefault(eps, 1e-8);
  }

  public static MLReader<PoissonNegativeLogLikelihoodEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static PoissonNegativeLogLikelihoodEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "poissonNll";
  }

  public BooleanParam logInput() {
    return logInput;
  }

  public BooleanParam full() {
    return full;
  }

  public DoubleParam eps() {
    return eps;
  }

  public boolean getLogInput() {
    return (Boolean) $(logInput);
  }

  public boolean getFull() {
    return (Boolean) $(full);
  }

  public double getEps() {
    return (Double) $(eps);
  }

  public PoissonNegativeLogLikelihoodEvaluator setLogInput(boolean value) {
    return setParam(logInput, value);
  }

  public PoissonNegativeLogLikelihoodEvaluator setFull(boolean value) {
    return setParam(full, value);
  }

  public PoissonNegativeLogLikelihoodEvaluator setEps(double value) {
    return setParam(eps, value);
  }

  @Override
  RowLoss rowLoss() {
    boolean log = getLogInput();
    boolean stirling = getFull();
    double e = getEps();
    // A log-rate is any number; a rate, like a count, is 0 or more.
    return new ElementwiseLoss(Rule.NON_NEGATIVE, log ? Rule.FINITE : Rule.NON_NEGATIVE, null, false,
        (y, x, unused) -> PoissonNll.of(y, x, log, stirling, e));
  }
}
