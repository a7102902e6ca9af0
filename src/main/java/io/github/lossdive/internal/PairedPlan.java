package io.github.lossdive.internal;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One loss of two models over the same rows: the candidate's predictions ({@code candidate}'s
 * {@code predictionCol}) against a baseline's ({@code baselineCol}), for a paired comparison.
 *
 * <p>Three accumulators: the candidate's loss, the baseline's, and the row differences
 * {@code δᵢ = a_cand,ᵢ − a_base,ᵢ} over the shared denominators {@code bᵢ} (the row's share depends
 * on its label and weight only, so it is the same for both models). The standard error of the
 * difference is that of the ratio estimator over the δᵢ: paired, so that what the two models get
 * right and wrong together cancels. A row invalid for either model is invalid for both, under
 * {@code error} and {@code skip} alike, so both losses are over the same rows.
 *
 * @param candidate the loss of the candidate model
 * @param baselineCol the baseline model's prediction column, of the same kind as the candidate's
 */
public record PairedPlan(LossPlan candidate, String baselineCol) implements PairedJob {
  private static final int CANDIDATE = 0;
  private static final int BASELINE = 1;
  private static final int DIFFERENCE = 2;

  /** The struct of a comparison column; {@code LossComparison} reads it. */
  public static final StructType RESULT_TYPE =
      new StructType()
          .add("candidate", DataTypes.DoubleType, false)
          .add("baseline", DataTypes.DoubleType, false)
          .add("difference", DataTypes.DoubleType, false)
          .add("stdError", DataTypes.DoubleType, false)
          .add("pValue", DataTypes.DoubleType, false)
          .add("rows", DataTypes.LongType, false)
          .add("skipped", DataTypes.LongType, false)
          .add("ignored", DataTypes.LongType, false);

  @Override
  public LossJob candidateJob() {
    return candidate;
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    LossPlan baseline = candidate.withPredictionCol(baselineCol);
    return new LossAccumulator[] {candidate.newAccumulator(), baseline.newAccumulator(), candidate.newAccumulator()};
  }

  @Override
  public int accumulatorCount() {
    return 3;
  }

  @Override
  public void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch) {
    LossTerm c = scratch[0];
    LossTerm b = scratch[1];
    double w;
    try {
      w = candidate.weight(values[0]);
      // The second input (values[4]) is shared: only the prediction differs between the models.
      candidate.rowLoss().apply(values[1], values[2], values[4], c);
      candidate.rowLoss().apply(values[1], values[3], values[4], b);
    } catch (InvalidValueException e) {
      reject(accs, at, e);
      return;
    }
    if (c.ignored()) {
      for (int i = at; i < at + accumulatorCount(); i++) {
        accs[i].ignore();
      }
      return;
    }
    accs[at + CANDIDATE].add(c.value(), c.weight(), w, c.width());
    accs[at + BASELINE].add(b.value(), b.weight(), w, b.width());
    accs[at + DIFFERENCE].add(c.value() - b.value(), c.weight(), w, c.width());
  }

  @Override
  public void reject(LossAccumulator[] accs, int at, InvalidValueException e) {
    for (int i = at; i < at + accumulatorCount(); i++) {
      candidate.reject(accs[i], e);
    }
  }

  @Override
  public StructType resultType() {
    return RESULT_TYPE;
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    LossAccumulator c = accs[CANDIDATE];
    double cand = candidate.loss(c);
    double base = candidate.loss(accs[BASELINE]);
    double difference = candidate.loss(accs[DIFFERENCE]);
    double se = accs[DIFFERENCE].standardError();
    // No difference at all is no evidence of one (p = 1), even where the SE is 0 too.
    double z = difference == 0.0 ? 0.0 : difference / se;
    return new GenericInternalRow(new Object[] {cand, base, difference, se,
        Normal.twoSidedPValue(z), c.rows(), c.skipped(), c.ignored()});
  }
}
