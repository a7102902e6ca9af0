package io.github.lossdive.evaluation;

import io.github.lossdive.evaluation.ElementwiseLoss.Rule;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.GaussianNll;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Gaussian negative log-likelihood, {@code torch.nn.functional.gaussian_nll_loss}, of targets
 * (label) under a predicted mean ({@code predictionCol}) and variance ({@code varianceCol}):
 * {@code ½·(log v + (μ − y)²/v)} with {@code v = max(σ², eps)}, plus {@code ½·log(2π)} when
 * {@code full}, averaged over all elements. Label and mean are numbers or vectors of one width;
 * the variance has their shape, or is one number per row for every element of a vector
 * (torch's homoscedastic case). A negative variance is invalid, as in torch.
 *
 * <p>A comparison ({@code compare}, {@code --baseline-col}) replaces the mean by the baseline
 * model's and keeps the variance column.
 */
public final class GaussianNegativeLogLikelihoodEvaluator
    extends LossEvaluator<GaussianNegativeLogLikelihoodEvaluator> {
  private static final long serialVersionUID = 1L;

  private final Param<String> varianceCol;
  private final BooleanParam full;
  private final DoubleParam eps;

  public GaussianNegativeLogLikelihoodEvaluator() {
    this(Identifiable.randomUID("gaussianNllEval"));
  }

  public GaussianNegativeLogLikelihoodEvaluator(String uid) {
    super(uid, "prediction", List.of(MEAN, SUM), MEAN);
    varianceCol = stringParam("varianceCol", "column of the predicted variances, 0 or more: the shape of"
        + " predictionCol, or one number per row. The default value is variance.");
    full = booleanParam("full", "whether to add the constant ½·log(2π), making the loss the full negative"
        + " log-likelihood. The default value is false.");
    eps = doubleParam("eps", "variances below eps are raised to it, for stability. Must be in range"
        + " (0, inf). The default value is 1e-6.", 0.0, Double.POSITIVE_INFINITY, false, false);
    setDefault(varianceCol, "variance");
    setDefault(full, false);
    setDefault(eps, 1e-6);
  }

  public static MLReader<GaussianNegativeLogLikelihoodEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static GaussianNegativeLogLikelihoodEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "gaussianNll";
  }

  public Param<String> varianceCol() {
    return varianceCol;
  }

  public BooleanParam full() {
    return full;
  }

  public DoubleParam eps() {
    return eps;
  }

  public String getVarianceCol() {
    return $(varianceCol);
  }

  public boolean getFull() {
    return (Boolean) $(full);
  }

  public double getEps() {
    return (Double) $(eps);
  }

  public GaussianNegativeLogLikelihoodEvaluator setVarianceCol(String value) {
    return setParam(varianceCol, value);
  }

  public GaussianNegativeLogLikelihoodEvaluator setFull(boolean value) {
    return setParam(full, value);
  }

  public GaussianNegativeLogLikelihoodEvaluator setEps(double value) {
    return setParam(eps, value);
  }

  @Override
  String secondInputCol() {
    return getVarianceCol();
  }

  @Override
  RowLoss rowLoss() {
    boolean constant = getFull();
    double e = getEps();
    return new ElementwiseLoss(Rule.FINITE, Rule.FINITE, Rule.NON_NEGATIVE, true,
        (y, mean, variance) -> GaussianNll.of(y, mean, variance, constant, e));
  }
}
