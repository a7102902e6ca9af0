package io.github.lossdive.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-row formulas without Spark, against hand derivations written beside each check. */
class LossMathTest {

  @Test
  void logSoftmaxDoesNotOverflowAtLogitsOf1000() {
    // log_softmax([1000, 0]) = [−log(1 + e^−1000), −1000 − log(1 + e^−1000)] = [−0.0…, −1000].
    double[] lp = LogSoftmax.apply(new double[] {1000.0, 0.0});
    assertEquals(0.0, lp[0], 0.0);
    assertEquals(-1000.0, lp[1], 0.0);
    // Equal logits: log(1/3) each.
    double[] eq = LogSoftmax.apply(new double[] {-1000.0, -1000.0, -1000.0});
    assertEquals(-Math.log(3.0), eq[1], 1e-15);
  }

  @Test
  void bceClampsLogsAtMinus100AndLogitsAreStable() {
    // torch: binary_cross_entropy(0, 1) = −max(log 0, −100) = 100.
    assertEquals(100.0, BinaryCrossEntropy.probability(0.0, 1.0, 1.0));
    assertEquals(100.0, BinaryCrossEntropy.probability(1.0, 0.0, 1.0));
    assertEquals(0.0, BinaryCrossEntropy.probability(1.0, 1.0, 1.0), 0.0);
    // with logits: x = −1000, y = 1 → softplus(1000) = 1000; x = 1000, y = 1 → log1p(e^−1000) = 0.
    assertEquals(1000.0, BinaryCrossEntropy.logit(-1000.0, 1.0, 1.0));
    assertEquals(0.0, BinaryCrossEntropy.logit(1000.0, 1.0, 1.0), 0.0);
    // x = 0: log 2 whatever the target; pos_weight 3 with y = 1 → 3·log 2.
    assertEquals(Math.log(2.0), BinaryCrossEntropy.logit(0.0, 0.3, 1.0), 1e-16);
    assertEquals(3 * Math.log(2.0), BinaryCrossEntropy.logit(0.0, 1.0, 3.0), 1e-15);
  }

  @Test
  void bceShortcutsGiveTorchsFormulaBitForBit() {
    // torch's formulas, written out term by term (ATen's binary_cross_entropy and
    // binary_cross_entropy_with_logits); LossDive skips zero-factor terms and exp(0), which must
    // change no bit of the result (only a zero's sign: the delta-0 check treats −0.0 as 0.0).
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    double[] targets = {0.0, 1.0, 0.25, 0.5, 0.999};
    double[] edges = {0.0, 1.0, -0.0, 1e-300, 1 - 1e-16, 40.0, -40.0, 800.0, -800.0};
    for (int i = 0; i < 20_000; i++) {
      double y = targets[i % targets.length];
      double pw = i % 3 == 0 ? 1.0 : 0.5 + i % 7;
      double x = i < edges.length * targets.length ? edges[i / targets.length] : 20 * r.nextDouble() - 10;
      double p = Math.min(Math.abs(x) / 10, 1.0);
      double torchProbability = (y - 1.0) * Math.max(Math.log1p(-p), -100.0) - pw * y * Math.max(Math.log(p), -100.0);
      double m = Math.max(-x, 0.0);
      double torchLogit = (1.0 - y) * x + ((pw - 1.0) * y + 1.0) * (Math.log(Math.exp(-m) + Math.exp(-x - m)) + m);
      assertEquals(torchProbability, BinaryCrossEntropy.probability(p, y, pw), 0.0, "p=" + p + " y=" + y);
      assertEquals(torchLogit, BinaryCrossEntropy.logit(x, y, pw), 0.0, "x=" + x + " y=" + y);
    }
  }

  @Test
  void klTreatsZeroTargetsAsZero() {
    // KL([1, 0] ‖ [0.5, 0.5]) = 1·log(1/0.5) + 0 = log 2, even with log p = −∞ for the zero target.
    assertEquals(Math.log(2.0), KLDivergence.row(new double[] {Math.log(0.5), Math.log(0.5)},
        new double[] {1.0, 0.0}, false), 1e-16);
    assertEquals(Math.log(2.0), KLDivergence.row(new double[] {Math.log(0.5), Double.NEGATIVE_INFINITY},
        new double[] {1.0, 0.0}, false) - 0.0, 1e-16);
    // The same from probabilities, including p = 0 where the target is 0: log 2.
    assertEquals(Math.log(2.0), KLDivergence.rowOfProbabilities(new double[] {0.5, 0.5},
        new double[] {1.0, 0.0}, false), 1e-16);
    assertEquals(Math.log(2.0), KLDivergence.rowOfProbabilities(new double[] {0.5, 0.0},
        new double[] {1.0, 0.0}, false), 1e-16);
    // A target mass where p = 0 is infinitely surprising: KL([0.5, 0.5] ‖ [1, 0]) = +∞.
    assertEquals(Double.POSITIVE_INFINITY, KLDivergence.rowOfProbabilities(new double[] {1.0, 0.0},
        new double[] {0.5, 0.5}, false));
  }

  @Test
  void klOfProbabilitiesAgreesWithTorchsFormulaAtTheExtremes() {
    // t·log(t/p) against torch's t·(log t − log p), within torch's own rounding (ε times the size of
    // its terms, which cancel: the one-log form is the more accurate of the two). Ordinary terms agree;
    // where t/p overflows (t = 0.5, p = 1e-310: 0.5·(ln 0.5 − ln 1e-310) ≈ 356.5) or is subnormal
    // (t = 1e-310, p = 0.5) the quotient would lose the answer, and torch's form is taken instead.
    double[][] cases = {
        {0.2, 0.3, 0.5}, {0.25, 0.25, 0.5},
        {0.5, 0.5 - 1e-310, 1e-310}, {0.5, 0.25, 0.25},
        {1e-310, 0.5, 0.5 - 1e-310}, {0.5, 0.25, 0.25},
        {0.7, 0.3, 0.0}, {0.7, 0.3, 0.0}};
    for (int i = 0; i < cases.length; i += 2) {
      double[] p = cases[i];
      double[] t = cases[i + 1];
      double torch = 0.0;
      double size = 0.0;
      for (int c = 0; c < p.length; c++) {
        torch += t[c] == 0.0 ? 0.0 : t[c] * Math.log(t[c]) - t[c] * Math.log(p[c]);
        size += t[c] == 0.0 ? 0.0 : Math.abs(t[c] * Math.log(t[c])) + Math.abs(t[c] * Math.log(p[c]));
      }
      double ours = KLDivergence.rowOfProbabilities(p, t, false);
      assertEquals(torch, ours, 4 * Math.ulp(size), java.util.Arrays.toString(p));
    }
    assertEquals(0.5 * (Math.log(0.5) - Math.log(1e-310)),
        KLDivergence.rowOfProbabilities(new double[] {1e-310, 1.0}, new double[] {0.5, 0.0}, false), 1e-13);
    // Identical distributions: exactly 0, as torch gives.
    assertEquals(0.0, KLDivergence.rowOfProbabilities(new double[] {0.1, 0.2, 0.7}, new double[] {0.1, 0.2, 0.7}, false));
  }

  @Test
  void hingeFormulas() {
    // Crammer–Singer: f = [1, 3, 2], y = 0 → max(0, 1 − (1 − 3)) = 3.
    assertEquals(3.0, HingeLoss.crammerSinger(new double[] {1, 3, 2}, 0, 1.0, false));
    // Weston–Watkins: (max(0, 1−1+3) + max(0, 1−1+2)) / 3 = 5/3; squared: (9 + 4)/3.
    assertEquals(5.0 / 3, HingeLoss.westonWatkins(new double[] {1, 3, 2}, 0, 1.0, false, null), 1e-15);
    assertEquals(13.0 / 3, HingeLoss.westonWatkins(new double[] {1, 3, 2}, 0, 1.0, true, null), 1e-15);
    // Binary: y = −1, f = 0.5 → 1.5.
    assertEquals(1.5, HingeLoss.binary(0.5, -1.0, 1.0, false));
  }

  /**
   * A row's soft margin with one logarithm: 3000 elements of margin 0 are 3000·ln 2 (each
   * softplus(0) is ln 2), past the point where the running product is folded into the sum (2^900);
   * 10 elements of margin 40 are 10·log1p(e^−40) = 10·e^−40·(1 − e^−40/2), far below one ulp of 1.
   */
  @Test
  void softplusSumKeepsEveryElement() {
    double[] zeros = new double[3000];
    assertEquals(3000 * Math.log(2.0), SoftMargin.softplusSum(null, zeros), 1e-15 * 3000 * Math.log(2.0));
    double[] y = new double[10];
    double[] x = new double[10];
    java.util.Arrays.fill(y, 1.0);
    java.util.Arrays.fill(x, 40.0);
    double e = Math.exp(-40.0);
    assertEquals(10 * e * (1 - e / 2), SoftMargin.softplusSum(y, x), 1e-15 * 10 * e);
  }
}
