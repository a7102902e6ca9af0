package io.github.lossdive.internal;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The calibration error of two models over the same rows: the candidate's ({@code predictionCol})
 * and a baseline's ({@code baselineCol}), each binned as {@link BinnedPlan} bins it, in one pass.
 * A row invalid for either model is invalid for both. The calibration error is not a mean of
 * per-row terms, so the difference has no closed-form standard error: this job reports NaN, and
 * its {@link JackknifePlan} resamples the difference over the same buckets.
 *
 * <p>Accumulators: the candidate's {@link BinnedPlan} accumulators, then the baseline's.
 *
 * @param candidate the candidate's binned job
 * @param baselineCol the baseline model's prediction column, of the same kind as the candidate's
 */
public record PairedBinnedPlan(BinnedPlan candidate, String baselineCol) implements PairedJob {

  @Override
  public LossJob candidateJob() {
    return candidate;
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    LossAccumulator[] one = candidate.newAccumulators();
    LossAccumulator[] both = Arrays.copyOf(one, 2 * one.length);
    System.arraycopy(candidate.newAccumulators(), 0, both, one.length, one.length);
    return both;
  }

  @Override
  public int accumulatorCount() {
    return 2 * candidate.accumulatorCount();
  }

  @Override
  public void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch) {
    LossTerm c = scratch[0];
    LossTerm b = scratch[1];
    int half = candidate.accumulatorCount();
    double w;
    try {
      w = LossPlan.weight(candidate.weightCol(), values[0]);
      candidate.calibration().apply(values[1], values[2], c);
      candidate.calibration().apply(values[1], values[3], b);
    } catch (InvalidValueException e) {
      reject(accs, at, e);
      return;
    }
    candidate.add(accs, at, c, w);
    candidate.add(accs, at + half, b, w);
  }

  @Override
  public void reject(LossAccumulator[] accs, int at, InvalidValueException e) {
    candidate.reject(accs, at, e);
    candidate.reject(accs, at + candidate.accumulatorCount(), e);
  }

  @Override
  public StructType resultType() {
    return PairedPlan.RESULT_TYPE;
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    int half = accs.length / 2;
    double cand = candidate.result(Arrays.copyOfRange(accs, 0, half)).getDouble(0);
    double base = candidate.result(Arrays.copyOfRange(accs, half, accs.length)).getDouble(0);
    LossAccumulator all = accs[0];
    return new GenericInternalRow(new Object[] {cand, base, cand - base, Double.NaN, Double.NaN, all.rows(),
        all.skipped(), all.ignored()});
  }
}
