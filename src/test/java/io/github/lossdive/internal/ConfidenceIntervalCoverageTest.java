package io.github.lossdive.internal;

import io.github.lossdive.evaluation.HingeLossEvaluator;
import org.apache.spark.sql.Row;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The intervals mean what they say, by simulation with a fixed seed (deterministic): over many
 * synthetic datasets drawn from a known distribution, the 95% interval {@code R ± 1.96·SE} covers
 * the true mean loss in 93–97% of them (the binomial spread of 2000 trials at 95% is ±0.5%, so the
 * band is four standard deviations wide), and the paired interval of two correlated models is
 * narrower than the unpaired one.
 */
class ConfidenceIntervalCoverageTest {
  static final int DATASETS = 2000;
  static final int ROWS = 200;
  static final double Z95 = Normal.twoSidedQuantile(0.95);

  @Test
  void theQuantileIsTheNormals() {
    assertTrue(Math.abs(Z95 - 1.959963984540054) < 1e-15, "z = " + Z95);
  }

  /** Exponential(1) losses, unweighted: the true mean is 1. */
  @Test
  void unweightedIntervalsCoverTheMeanAtTheirLevel() {
    SplittableRandom random = new SplittableRandom(20261123);
    int covered = 0;
    for (int d = 0; d < DATASETS; d++) {
      LossAccumulator a = new LossAccumulator("p", false);
      for (int i = 0; i < ROWS; i++) {
        a.add(-Math.log(1 - random.nextDouble()), 1.0, 1.0, 0);
      }
      covered += covers(a, 1.0) ? 1 : 0;
    }
    assertCoverage(covered);
  }

  /**
   * Weighted ratio estimator: weights uniform on [0, 2] independent of Exponential(1) losses, with
   * class shares 1 or 2 (mean share 1.5, independent): the estimand E[s·l]/E[s·d] = 1/1.5.
   */
  @Test
  void weightedRatioIntervalsCoverTheirEstimand() {
    SplittableRandom random = new SplittableRandom(7);
    int covered = 0;
    for (int d = 0; d < DATASETS; d++) {
      LossAccumulator a = new LossAccumulator("p", false);
      for (int i = 0; i < ROWS; i++) {
        double share = random.nextBoolean() ? 1.0 : 2.0;
        a.add(-Math.log(1 - random.nextDouble()), share, 2 * random.nextDouble(), 0);
      }
      covered += covers(a, 1 / 1.5) ? 1 : 0;
    }
    assertCoverage(covered);
  }

  /**
   * Two correlated models: a shared difficulty e ~ Exp(1) per row, plus each model's own noise;
   * the candidate is better by 0.05 on average. Run through the engine's paired job
   * ({@link PairedPlan} of a binary hinge loss, whose loss of label 1 and score 1 − l is l), fed
   * column values by hand: its paired interval covers the true difference at its level and is
   * narrower than the unpaired sqrt(SE_c² + SE_b²) in every dataset.
   */
  @Test
  void pairedIntervalsCoverTheDifferenceAndAreNarrower() {
    SplittableRandom random = new SplittableRandom(11);
    PairedPlan paired = new PairedPlan(Engine.plan(new HingeLossEvaluator().setPredictionCol("candidate")), "baseline");
    String[] columns = paired.columns();
    LossTerm[] scratch = {new LossTerm(), new LossTerm()};
    int covered = 0;
    for (int d = 0; d < DATASETS; d++) {
      LossAccumulator c = new LossAccumulator("p", false);
      LossAccumulator b = new LossAccumulator("p", false);
      LossAccumulator[] accs = paired.newAccumulators();
      for (int i = 0; i < ROWS; i++) {
        double shared = -Math.log(1 - random.nextDouble());
        double lc = shared + 0.2 * random.nextDouble();
        double lb = shared + 0.2 * random.nextDouble() + 0.05;
        c.add(lc, 1.0, 1.0, 0);
        b.add(lb, 1.0, 1.0, 0);
        ColumnValue[] values = new ColumnValue[columns.length];
        for (int k = 0; k < columns.length; k++) {
          Object v = columns[k] == null ? null : switch (columns[k]) {
            case "label" -> 1.0;
            case "candidate" -> 1 - lc;
            case "baseline" -> 1 - lb;
            default -> throw new AssertionError(columns[k]);
          };
          values[k] = v == null ? null : new ColumnValue(columns[k], false).setObject(v);
        }
        paired.update(accs, values, scratch);
      }
      Row r = paired.resultRow(accs);
      double difference = r.getDouble(2);
      double se = r.getDouble(3);
      covered += difference - Z95 * se <= -0.05 && -0.05 <= difference + Z95 * se ? 1 : 0;
      double unpaired = Math.hypot(c.standardError(), b.standardError());
      assertTrue(se < unpaired / 5, "dataset " + d);
    }
    assertCoverage(covered);
  }

  /**
   * The jackknife's t interval (20 buckets, 19 degrees of freedom) on Exponential(1) losses through
   * the engine's {@link JackknifePlan} of a binary hinge loss (label 1, score 1 − l gives l), each
   * row's bucket drawn at random as a hash would spread it: it covers the true mean 1 at its level.
   */
  @Test
  void jackknifeIntervalsCoverTheMeanAtTheirLevel() {
    SplittableRandom random = new SplittableRandom(2026);
    JackknifePlan jack = new JackknifePlan(Engine.plan(new HingeLossEvaluator()), "bucket", 20);
    String[] columns = jack.columns();
    LossTerm[] scratch = {new LossTerm(), new LossTerm()};
    int covered = 0;
    for (int d = 0; d < DATASETS; d++) {
      LossAccumulator[] accs = jack.newAccumulators();
      for (int i = 0; i < ROWS; i++) {
        double loss = -Math.log(1 - random.nextDouble());
        double bucket = random.nextInt(20);
        ColumnValue[] values = new ColumnValue[columns.length];
        for (int k = 0; k < columns.length; k++) {
          Object v = columns[k] == null ? null : switch (columns[k]) {
            case "label" -> 1.0;
            case "bucket" -> bucket;
            default -> 1 - loss;
          };
          values[k] = v == null ? null : new ColumnValue(columns[k], false).setObject(v);
        }
        jack.update(accs, values, scratch);
      }
      io.github.lossdive.evaluation.LossSummary s =
          io.github.lossdive.evaluation.LossSummary.fromRow(jack.resultRow(accs));
      double[] ci = s.confidenceInterval(0.95);
      covered += ci[0] <= 1.0 && 1.0 <= ci[1] ? 1 : 0;
    }
    assertCoverage(covered);
  }

  private static boolean covers(LossAccumulator a, double truth) {
    double r = a.lossSum() / a.weightSum();
    double half = Z95 * a.standardError();
    return r - half <= truth && truth <= r + half;
  }

  private static void assertCoverage(int covered) {
    double rate = covered / (double) DATASETS;
    assertTrue(rate >= 0.93 && rate <= 0.97, "coverage " + rate);
  }
}
