package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.GroupResult;
import io.github.lossdive.internal.ColumnValue;
import io.github.lossdive.internal.Engine;
import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.LossTerm;
import io.github.lossdive.internal.PairedPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * How gates decide ({@code --gate-rule}), without Spark: Holm's adjustment against a hand
 * derivation, the one-sided p-values against Commons Math's normal distribution, and a seeded
 * simulation of a nightly run over 410 segments, 400 where candidate and baseline are exchangeable
 * and 10 where the candidate is much worse, the comparisons computed by the engine's paired job.
 */
class GateRuleTest {
  static final double ALPHA = 0.05;
  static final int RUNS = 200;
  static final int EQUAL = 400;
  static final int WORSE = 10;
  static final int ROWS = 150;
  static final PairedPlan PAIRED =
      new PairedPlan(Engine.plan(new HingeLossEvaluator().setPredictionCol("candidate")), "baseline");

  @Test
  void holmAdjustsAsTheDefinitionSays() {
    // Sorted: 0.005, 0.01, 0.03, 0.04 with m = 4: 4·0.005 = 0.02; max(0.02, 3·0.01) = 0.03;
    // max(0.03, 2·0.03) = 0.06; max(0.06, 1·0.04) = 0.06.
    HolmAdjustment holm = new HolmAdjustment(new double[] {0.01, 0.04, 0.03, 0.005});
    assertEquals(0.03, holm.adjust(0.01), 1e-15);
    assertEquals(0.06, holm.adjust(0.04), 1e-15);
    assertEquals(0.06, holm.adjust(0.03), 1e-15);
    assertEquals(0.02, holm.adjust(0.005), 1e-15);
    // Capped at 1, and ties share one value: sorted 0.3, 0.3, 0.6 → min(1, 0.9), max(0.9, 0.6), max(0.9, 0.6).
    HolmAdjustment ties = new HolmAdjustment(new double[] {0.6, 0.3, 0.3});
    assertEquals(0.9, ties.adjust(0.3), 1e-15);
    assertEquals(0.9, ties.adjust(0.6), 1e-15);
    assertEquals(1.0, new HolmAdjustment(new double[] {0.5, 0.9}).adjust(0.5), 0.0);
  }

  @Test
  void oneSidedPValuesAreTheNormals() {
    NormalDistribution n = new NormalDistribution(null, 0, 1);
    LossSummary s = new LossSummary(0.30, 100, 0, 0, 100, 0.02);
    assertEquals(1 - n.cumulativeProbability((0.30 - 0.27) / 0.02), s.pValueAbove(0.27), 1e-12);
    assertEquals(n.cumulativeProbability((0.30 - 0.35) / 0.02), s.pValueBelow(0.35), 1e-12);
    // z = 1.6448536269514722 is the 95% one-sided quantile: p = 0.05.
    assertEquals(0.05, s.pValueAbove(0.30 - 1.6448536269514722 * 0.02), 1e-12);
    // No standard error: the point decision (0 when above the limit, else 1).
    LossSummary constant = new LossSummary(0.30, 100, 0, 0, 100, 0.0);
    assertEquals(0.0, constant.pValueAbove(0.2), 0.0);
    assertEquals(1.0, constant.pValueAbove(0.3), 0.0);
    assertEquals(0.0, constant.pValueBelow(0.3), 0.0);
    LossComparison c = new LossComparison(0.5, 0.4, 0.1, 0.05, 0.0455, 100, 0, 0);
    assertEquals(1 - n.cumulativeProbability(2.0), c.pValueAbove(0.0), 1e-12);
  }

  /**
   * A nightly gate {@code --max-increase hinge=0} on 410 segments. {@code point} fails about half
   * of the 400 equal segments every run; {@code significant} fails any of them in at most α of the
   * runs (Holm over all 410 checks), plus a binomial tolerance of 3 standard deviations, and
   * catches the 10 planted regressions in at least 90% of cases; {@code proven} with a margin of
   * 0.3 passes at least 90% of the equal segments.
   */
  @Test
  void significantIgnoresNoiseAndCatchesRealRegressions() {
    SplittableRandom random = new SplittableRandom(20261202);
    Gate increase = new Gate(Gate.Kind.MAX_INCREASE, "hinge", 0.0);
    Gate margin = new Gate(Gate.Kind.MAX_INCREASE, "hinge", 0.3);
    int runsWithFalseFailure = 0;
    long pointFailures = 0;
    long caught = 0;
    long provenPasses = 0;
    for (int run = 0; run < RUNS; run++) {
      List<GroupResult> groups = new ArrayList<>();
      for (int g = 0; g < EQUAL + WORSE; g++) {
        groups.add(segment(g, g >= EQUAL ? 0.5 : 0.0, random));
      }
      List<JobResult.Group> significant = decide(groups, increase, Gate.Rule.SIGNIFICANT);
      List<JobResult.Group> point = decide(groups, increase, Gate.Rule.POINT);
      List<JobResult.Group> proven = decide(groups, margin, Gate.Rule.PROVEN);
      boolean falseFailure = false;
      for (int g = 0; g < EQUAL; g++) {
        falseFailure |= !significant.get(g).gates().get(0).passed();
        pointFailures += point.get(g).gates().get(0).passed() ? 0 : 1;
        provenPasses += proven.get(g).gates().get(0).passed() ? 1 : 0;
      }
      for (int g = EQUAL; g < EQUAL + WORSE; g++) {
        caught += significant.get(g).gates().get(0).passed() ? 0 : 1;
      }
      runsWithFalseFailure += falseFailure ? 1 : 0;
    }
    System.out.printf("gate simulation: %d of %d runs with a false failure; point fails %.3f; caught %d of %d;"
        + " proven passes %d of %d%n", runsWithFalseFailure, RUNS, pointFailures / (double) (RUNS * EQUAL), caught,
        RUNS * WORSE, provenPasses, RUNS * EQUAL);
    double tolerance = 3 * Math.sqrt(RUNS * ALPHA * (1 - ALPHA));
    assertTrue(runsWithFalseFailure <= ALPHA * RUNS + tolerance, runsWithFalseFailure + " runs with a false failure");
    double pointRate = pointFailures / (double) (RUNS * EQUAL);
    assertTrue(pointRate > 0.45 && pointRate < 0.55, "point fails " + pointRate + " of equal segments");
    assertTrue(caught >= 0.9 * RUNS * WORSE, caught + " of " + RUNS * WORSE + " regressions caught");
    assertTrue(provenPasses >= 0.9 * RUNS * EQUAL, provenPasses + " equal segments proven within the margin");
  }

  private static List<JobResult.Group> decide(List<GroupResult> groups, Gate gate, Gate.Rule rule) {
    Gates gates = new Gates(List.of(gate), rule, ALPHA, 0);
    return gates.decide(groups.stream().map(gates::measure).toList());
  }

  /**
   * One segment: a shared difficulty e ~ Exp(1) per row, each model's loss e·(0.5 + U(0, 1)), the
   * candidate's plus {@code worse}; compared by the engine's paired job of a binary hinge loss
   * (label 1 and score 1 − l give the loss l).
   */
  private static GroupResult segment(int g, double worse, SplittableRandom random) {
    PairedPlan paired = PAIRED;
    String[] columns = paired.columns();
    LossAccumulator[] accs = paired.newAccumulators();
    LossTerm[] scratch = {new LossTerm(), new LossTerm()};
    for (int i = 0; i < ROWS; i++) {
      double e = -Math.log(1 - random.nextDouble());
      double candidate = e * (0.5 + random.nextDouble()) + worse;
      double baseline = e * (0.5 + random.nextDouble());
      ColumnValue[] values = new ColumnValue[columns.length];
      for (int k = 0; k < columns.length; k++) {
        if (columns[k] != null) {
          double v = switch (columns[k]) {
            case "label" -> 1.0;
            case "candidate" -> 1 - candidate;
            default -> 1 - baseline;
          };
          values[k] = new ColumnValue(columns[k], false).setObject(v);
        }
      }
      paired.update(accs, values, scratch);
    }
    Row r = paired.resultRow(accs);
    LossComparison c = LossComparison.fromRow(r);
    LossSummary s = new LossSummary(c.candidate(), c.rows(), 0, 0, c.rows(), Double.NaN);
    return new GroupResult(Map.of("segment", g), ROWS, Map.of("hinge", s), Map.of("hinge", c));
  }
}
