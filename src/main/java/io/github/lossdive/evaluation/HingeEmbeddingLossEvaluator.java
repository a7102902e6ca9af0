package io.github.lossdive.evaluation;

import io.github.lossdive.evaluation.ElementwiseLoss.Rule;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.loss.HingeEmbedding;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Hinge embedding loss, {@code torch.nn.functional.hinge_embedding_loss}: for a distance x
 * (column {@code prediction}, typically between two embeddings) and y = +1 (a similar pair) or −1
 * (a dissimilar one), x itself or {@code max(0, margin − x)}, averaged over all elements. Numbers,
 * or label and prediction vectors of one width.
 */
public final class HingeEmbeddingLossEvaluator extends LossEvaluator<HingeEmbeddingLossEvaluator> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam margin;

  public HingeEmbeddingLossEvaluator() {
    this(Identifiable.randomUID("hingeEmbeddingEval"));
  }

  public HingeEmbeddingLossEvaluator(String uid) {
    super(uid, "prediction", List.of(MEAN, SUM), MEAN);
    margin = doubleParam("margin", "the margin in max(0, margin − x) for dissimilar pairs (y = −1). Any finite"
        + " value. The default value is 1.0.", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, false);
    setDefault(margin, 1.0);
  }

  public static MLReader<HingeEmbeddingLossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static HingeEmbeddingLossEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String lossName() {
    return "hingeEmbedding";
  }

  public DoubleParam margin() {
    return margin;
  }

  public double getMargin() {
    return (Double) $(margin);
  }

  public HingeEmbeddingLossEvaluator setMargin(double value) {
    return setParam(margin, value);
  }

  @Override
  RowLoss rowLoss() {
    double m = getMargin();
    return new ElementwiseLoss(Rule.SIGN, Rule.FINITE, null, false, (y, x, unused) -> HingeEmbedding.of(y, x, m));
  }
}
