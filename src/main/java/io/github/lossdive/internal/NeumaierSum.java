package io.github.lossdive.internal;

import java.io.Serializable;

/**
 * A compensated (Neumaier) running sum of doubles.
 *
 * <p>Plain left-to-right summation has an error bound of {@code (n−1)·ε·Σ|xᵢ|} and, worse for a
 * distributed engine, gives a different answer for every partitioning. Neumaier's variant of Kahan
 * summation carries the rounding error of each addition in a second term, which bounds the error
 * by {@code 2ε·|Σxᵢ| + O(n·ε²)·Σ|xᵢ|}: the second term is what remains of the order dependence,
 * negligible unless the terms cancel almost exactly. {@link #merge} combines two partial sums
 * without losing either's compensation.
 *
 * <p>Contract: a new sum is {@code 0}; merging with an empty sum is the identity; NaN and infinities
 * propagate as in ordinary addition (the compensation is dropped once the sum is not finite).
 */
public final class NeumaierSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double sum;
  private double compensation;

  /** Adds {@code value} to the sum. */
  public void add(double value) {
    double t = sum + value;
    if (!Double.isFinite(t)) {
      // Once the sum is infinite or NaN the rounding error means nothing (and inf − inf is NaN).
      sum = t;
      return;
    }
    if (Math.abs(sum) >= Math.abs(value)) {
      compensation += (sum - t) + value;
    } else {
      compensation += (value - t) + sum;
    }
    sum = t;
  }

  /** Adds another partial sum, keeping both compensations. */
  public void merge(NeumaierSum other) {
    if (this == other) {
      throw new IllegalArgumentException("Cannot merge a sum with itself");
    }
    add(other.sum);
    add(other.compensation);
  }

  /** Restores the sum from its two parts, as {@link #sum()} and {@link #compensation()} gave them. */
  void set(double sum, double compensation) {
    this.sum = sum;
    this.compensation = compensation;
  }

  /** The running (uncompensated) sum. */
  double sum() {
    return sum;
  }

  /** The accumulated rounding error of {@link #sum()}. */
  double compensation() {
    return compensation;
  }

  /** The compensated total. */
  public double value() {
    double total = sum + compensation;
    return Double.isFinite(sum) ? total : sum;
  }
}
