package io.github.lossdive.evaluation;

import io.github.lossdive.evaluation.ElementwiseLoss.Rule;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.MarginRanking;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Margin ranking loss, {@code torch.nn.functional.margin_ranking_loss}: two scores per row,
 * x1 in {@code predictionCol} and x2 in {@code secondPredictionCol}, and a label y = +1 when x1
 * should rank higher, −1 when x2 should: {@code max(0, −y·(x1 − x2) + margin)}, averaged over all
 * elements. Numbers, or vectors of one width in all three columns.
 *
 * <p>A comparison ({@code compare}, {@code --baseline-col}) replaces x1 by the baseline model's
 * score and keeps x2.
 */
public final class MarginRankingLossEvaluator extends LossEvaluator<MarginRankingLossEvaluator> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam margin;
  private final Param<String> secondPredictionCol;

  public MarginRankingLossEvaluator() {
    this(Identifiable.randomUID("marginRankingEval"));
  }

  public MarginRankingLossEvaluator(String uid) {
    super(uid, "prediction", List.of(MEAN, SUM), MEAN);
    margin = doubleParam("margin", "the margin in max(0, −y·(x1 − x2) + margin). Any finite value. The default"
        + " value is 0.0.", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, false);
    secondPredictionCol = stringParam("secondPredictionCol", "column of the second score x2, of the same"
        + " kind as predictionCol (x1). The default value is secondPrediction.");
    setDefault(margin, 0.0);
    setDefault(secondPredictionCol, "secondPrediction");
  }

  public static MLReader<MarginRankingLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static MarginRankingLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "marginRanking";
  }

  public DoubleParam margin() {
    return margin;
  }

  public Param<String> secondPredictionCol() {
    return secondPredictionCol;
  }

  public double getMargin() {
    return (Double) $(margin);
  }

  public String getSecondPredictionCol() {
    return $(secondPredictionCol);
  }

  public MarginRankingLossEvaluator setMargin(double value) {
    return setParam(margin, value);
  }

  public MarginRankingLossEvaluator setSecondPredictionCol(String value) {
    return setParam(secondPredictionCol, value);
  }

  @Override
  String secondInputCol() {
    return getSecondPredictionCol();
  }

  @Override
  RowLoss rowLoss() {
    double m = getMargin();
    return new ElementwiseLoss(Rule.SIGN, Rule.FINITE, Rule.FINITE, false,
        (y, x1, x2) -> MarginRanking.of(y, x1, x2, m));
  }
}
