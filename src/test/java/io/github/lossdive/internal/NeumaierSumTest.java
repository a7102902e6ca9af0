package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link NeumaierSum} against sums whose exact value is known by hand. */
class NeumaierSumTest {

  @Test
  void neumaierSumKeepsWhatNaiveSummationLoses() {
    // 1 + 1e100 + 1 − 1e100 = 2 exactly; naive left-to-right summation gives 0.
    NeumaierSum s = new NeumaierSum();
    for (double v : new double[] {1.0, 1e100, 1.0, -1e100}) {
      s.add(v);
    }
    assertEquals(2.0, s.value());
    // Merging partial sums keeps both compensations: (1 + 1e100) + (1 − 1e100) = 2.
    NeumaierSum a = new NeumaierSum();
    a.add(1.0);
    a.add(1e100);
    NeumaierSum b = new NeumaierSum();
    b.add(1.0);
    b.add(-1e100);
    a.merge(b);
    assertEquals(2.0, a.value());
    // An infinite term makes the sum infinite, not NaN, also across a merge.
    NeumaierSum inf = new NeumaierSum();
    inf.add(1.0);
    inf.add(Double.POSITIVE_INFINITY);
    NeumaierSum other = new NeumaierSum();
    other.add(0.1);
    other.add(0.2);
    inf.merge(other);
    assertEquals(Double.POSITIVE_INFINITY, inf.value());
    // Merging an empty sum is the identity.
    a.merge(new NeumaierSum());
    assertEquals(2.0, a.value());
  }

}
