package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LossAccumulator} without Spark, in the manner of Commons Statistics' accumulator tests:
 * every data set is folded in one pass, split at every point and combined, with an empty part on
 * either side, and in shuffled order, and each result (sums, mean, standard error) is checked
 * against the same quantities computed exactly with {@link BigDecimal}.
 */
class LossAccumulatorTest {
  /**
   * Neumaier summation of non-negative terms is within 2ε of the exact sum (see
   * {@link NeumaierSum}); the ratio of two such sums within about 4ε, rounded up to 1e-15.
   */
  static final double SUM_TOLERANCE = 4 * Math.ulp(1.0);
  static final double MEAN_TOLERANCE = 1e-15;
  /**
   * The standard error's moments are plain (uncompensated) doubles moved between centres; over
   * a few thousand rows they stay within 1e-12 of the exact value (the partition bound).
   */
  static final double SE_TOLERANCE = 1e-12;

  /** One row: loss l, share d, sample weight s. */
  record Row(double loss, double share, double weight) {}

  /** A named data set: the rows and the exact Σ s·l and Σ s·d (zero-weight rows add nothing). */
  record Data(String name, List<Row> rows) {
    BigDecimal exactLoss() {
      BigDecimal sum = BigDecimal.ZERO;
      for (Row r : rows) {
        if (r.weight() != 0.0) {
          sum = sum.add(new BigDecimal(r.weight()).multiply(new BigDecimal(r.loss())));
        }
      }
      return sum;
    }

    /**
     * the standard error of the mean (docs/statistics.md), exactly: sqrt(n/(n−1)·Σ(aᵢ − R·bᵢ)²)/B with R = A/B,
     * aᵢ = sᵢ·lᵢ (0 at weight 0) and bᵢ = sᵢ·dᵢ; and of the sum, about the mean row.
     */
    double exactStandardError(boolean sum) {
      MathContext mc = new MathContext(60);
      int n = rows.size();
      BigDecimal a = exactLoss();
      BigDecimal b = sum ? new BigDecimal(n) : exactWeight();
      BigDecimal ratio = a.divide(b, mc);
      BigDecimal m = BigDecimal.ZERO;
      for (Row r : rows) {
        BigDecimal ai = r.weight() == 0.0 ? BigDecimal.ZERO : new BigDecimal(r.weight()).multiply(new BigDecimal(r.loss()));
        BigDecimal bi = sum ? BigDecimal.ONE : new BigDecimal(r.weight()).multiply(new BigDecimal(r.share()));
        BigDecimal res = ai.subtract(ratio.multiply(bi, mc), mc);
        m = m.add(res.multiply(res, mc), mc);
      }
      double spread = Math.sqrt(m.multiply(new BigDecimal(n)).divide(new BigDecimal(n - 1), mc).doubleValue());
      return sum ? spread : spread / exactWeight().doubleValue();
    }

    BigDecimal exactWeight() {
      BigDecimal sum = BigDecimal.ZERO;
      for (Row r : rows) {
        sum = sum.add(new BigDecimal(r.weight()).multiply(new BigDecimal(r.share())));
      }
      return sum;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Data> data() {
    Random random = new Random(20261123);
    List<Data> sets = new ArrayList<>();
    sets.add(new Data("one row", List.of(new Row(0.7, 1.0, 1.0))));
    sets.add(new Data("equal rows", Collections.nCopies(1000, new Row(0.1, 1.0, 1.0))));
    List<Row> typical = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      typical.add(new Row(-Math.log(random.nextDouble()), 1.0, 1.0));
    }
    sets.add(new Data("exponential losses, unweighted", typical));
    List<Row> wide = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      // Losses over 20 orders of magnitude: naive summation would drop the small ones entirely.
      wide.add(new Row(Math.pow(10, -10 + 20 * random.nextDouble()), 1 + random.nextInt(3),
          random.nextDouble() < 0.1 ? 0.0 : random.nextDouble() * 5));
    }
    sets.add(new Data("losses from 1e-10 to 1e10, class shares, weights with zeros", wide));
    List<Row> infinite = new ArrayList<>(typical.subList(0, 50));
    infinite.add(new Row(Double.POSITIVE_INFINITY, 1.0, 0.0));
    sets.add(new Data("an infinite loss of weight 0", infinite));
    return sets.stream();
  }

  private static LossAccumulator fold(List<Row> rows) {
    LossAccumulator a = new LossAccumulator("p", false);
    for (Row r : rows) {
      a.add(r.loss(), r.share(), r.weight(), 3);
    }
    return a;
  }

  private static void assertExact(Data d, LossAccumulator a, String how) {
    assertEquals(d.rows().size(), a.rows(), how + ": rows");
    assertClose(d.exactLoss(), a.lossSum(), SUM_TOLERANCE, how + ": Σ s·l");
    assertClose(d.exactWeight(), a.weightSum(), SUM_TOLERANCE, how + ": Σ s·d");
    double mean = d.exactLoss().divide(d.exactWeight(), MathContext.DECIMAL128).doubleValue();
    assertEquals(mean, a.lossSum() / a.weightSum(), MEAN_TOLERANCE * mean, how + ": mean");
    if (d.rows().size() > 1 && Double.isFinite(mean)) {
      double se = d.exactStandardError(false);
      assertEquals(se, a.standardError(), SE_TOLERANCE * se, how + ": standard error");
    }
  }

  private static void assertClose(BigDecimal exact, double actual, double relative, String what) {
    double e = exact.doubleValue();
    assertEquals(e, actual, relative * Math.abs(e), what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void onePassMatchesTheExactSums(Data d) {
    assertExact(d, fold(d.rows()), "one pass");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void anySplitCombinesToTheSameResult(Data d) {
    List<Row> rows = d.rows();
    int step = Math.max(1, rows.size() / 50);
    for (int k = 0; k <= rows.size(); k += step) {
      LossAccumulator left = fold(rows.subList(0, k));
      LossAccumulator right = fold(rows.subList(k, rows.size()));
      assertExact(d, left.merge(right), "split at " + k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void mergingAnEmptyAccumulatorOnEitherSideIsTheIdentity(Data d) {
    LossAccumulator full = fold(d.rows());
    double loss = full.lossSum();
    double weight = full.weightSum();
    full.merge(new LossAccumulator("p", false));
    assertEquals(loss, full.lossSum(), 0.0);
    assertEquals(weight, full.weightSum(), 0.0);
    LossAccumulator empty = new LossAccumulator("p", false).merge(fold(d.rows()));
    assertEquals(loss, empty.lossSum(), 0.0);
    assertEquals(weight, empty.weightSum(), 0.0);
    assertEquals(d.rows().size(), empty.rows());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void shuffledOrderAndManyPartsGiveTheSameResult(Data d) {
    Random random = new Random(7);
    for (int round = 0; round < 5; round++) {
      List<Row> rows = new ArrayList<>(d.rows());
      Collections.shuffle(rows, random);
      LossAccumulator total = new LossAccumulator("p", false);
      for (int start = 0; start < rows.size(); ) {
        int end = Math.min(rows.size(), start + 1 + random.nextInt(200));
        total.merge(fold(rows.subList(start, end)));
        start = end;
      }
      assertExact(d, total, "shuffled round " + round);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void theAggregationBufferRestoresTheState(Data d) {
    // As generated code hands a buffer over: each field's value by field number, the state after two other fields.
    LossAccumulator a = new LossAccumulator("p", false, true);
    for (Row r : d.rows()) {
      a.add(r.loss(), r.share(), r.weight(), 3);
    }
    a.skip();
    a.ignore();
    a.ignore();
    int at = 2;
    int n = at + a.fields("x_").length;
    assertEquals(a.width(), a.fields("x_").length, "width is the number of fields");
    double[] doubles = new double[n];
    long[] longs = new long[n];
    a.store(doubles, longs, at);
    LossAccumulator b = new LossAccumulator("p", false, true).load(doubles, longs, at);
    assertEquals(a.lossSum(), b.lossSum(), 0.0);
    assertEquals(a.weightSum(), b.weightSum(), 0.0);
    assertEquals(a.rows(), b.rows());
    assertEquals(a.standardError(), b.standardError(), 0.0);
    assertEquals(1, b.skipped());
    assertEquals(2, b.ignored());
    assertEquals(java.util.Arrays.toString(a.histogram()), java.util.Arrays.toString(b.histogram()));
    // The moments and compensations came back too: merging either with the same part agrees.
    LossAccumulator part = fold(d.rows().subList(0, d.rows().size() / 2));
    a.merge(part);
    b.merge(part);
    assertEquals(a.lossSum(), b.lossSum(), 0.0);
    assertEquals(a.standardError(), b.standardError(), 0.0);
    // The moments' centre is no field: restored from the sums, further rows move both alike.
    for (Row r : d.rows()) {
      a.add(r.loss(), r.share(), r.weight(), 3);
      b.add(r.loss(), r.share(), r.weight(), 3);
    }
    assertEquals(a.lossSum(), b.lossSum(), 0.0);
    assertEquals(a.standardError(), b.standardError(), 0.0);
  }

  @Test
  void anEmptyAccumulatorRoundTripsThroughTheBuffer() {
    // No rows yet: width −1 in the shape field, NaN as the constant; after the round trip it takes
    // any width and still gives an SE of exactly 0 for rows of one loss.
    for (boolean sum : new boolean[] {false, true}) {
      LossAccumulator a = new LossAccumulator("p", sum);
      double[] doubles = new double[a.width()];
      long[] longs = new long[a.width()];
      a.store(doubles, longs, 0);
      LossAccumulator b = new LossAccumulator("p", sum).load(doubles, longs, 0);
      b.add(0.5, 1.0, 1.0, 4);
      b.add(0.5, 1.0, 1.0, 4);
      assertEquals(1.0, b.lossSum(), 0.0);
      assertEquals(2, b.rows());
      assertEquals(0.0, b.standardError(), 0.0);
      assertThrows(IllegalArgumentException.class, () -> b.add(0.5, 1.0, 1.0, 5), "a second width");
    }
  }

  @Test
  void rowsOfOneLossHaveAStandardErrorOfExactlyZero() {
    // Every aᵢ/bᵢ equal: R never moves and every residual is 0, at any split, for mean and sum.
    Random random = new Random(3);
    for (boolean sum : new boolean[] {false, true}) {
      LossAccumulator total = new LossAccumulator("p", sum);
      for (int part = 0; part < 20; part++) {
        LossAccumulator a = new LossAccumulator("p", sum);
        for (int i = 0; i < 50; i++) {
          a.add(0.1, 1.0, sum ? 1.0 : 1 + random.nextInt(4), 0);
        }
        total.merge(a);
      }
      assertEquals(0.0, total.standardError(), 0.0, sum ? "sum" : "mean");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("data")
  void theStandardErrorOfASumIsAboutTheMeanRow(Data d) {
    if (d.rows().size() < 2 || !Double.isFinite(d.exactLoss().doubleValue())) {
      return;
    }
    LossAccumulator a = new LossAccumulator("p", true);
    for (Row r : d.rows()) {
      a.add(r.loss(), r.share(), r.weight(), 0);
    }
    double se = d.exactStandardError(true);
    assertEquals(se, a.standardError(), SE_TOLERANCE * se);
  }

  @Test
  void fewerThanTwoRowsHaveNoStandardError() {
    LossAccumulator a = new LossAccumulator("p", false);
    assertTrue(Double.isNaN(a.standardError()));
    a.add(1.0, 1.0, 1.0, 0);
    assertTrue(Double.isNaN(a.standardError()));
    a.add(3.0, 1.0, 1.0, 0);
    // Two rows 1 and 3: s = √2, SE = s/√2 = 1.
    assertEquals(1.0, a.standardError(), 1e-15);
  }

  @Test
  void countsAddUpAcrossMerges() {
    LossAccumulator a = new LossAccumulator("p", false);
    a.skip();
    a.ignore();
    a.add(1.0, 1.0, 1.0, 0);
    LossAccumulator b = new LossAccumulator("p", false);
    b.skip();
    b.skip();
    b.add(3.0, 1.0, 1.0, 0);
    a.merge(b);
    assertEquals(2, a.rows());
    assertEquals(3, a.skipped());
    assertEquals(1, a.ignored());
    assertEquals(4.0, a.lossSum(), 0.0);
  }

  @Test
  void rowsOfAnotherWidthAreRejectedWithTheColumnsName() {
    LossAccumulator a = new LossAccumulator("probability", false);
    a.add(1.0, 1.0, 1.0, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(1.0, 1.0, 1.0, 4));
    assertEquals("Column probability holds predictions of different lengths in one dataset: 3 elements and"
        + " 4 elements. Every row must have the same number of classes.", e.getMessage());
    LossAccumulator scalar = new LossAccumulator("probability", false);
    scalar.add(1.0, 1.0, 1.0, 0);
    assertThrows(IllegalArgumentException.class, () -> a.merge(scalar));
    assertThrows(IllegalArgumentException.class, () -> a.merge(a));
  }
}
