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
    compensation += error(sum, value, t);
    sum = t;
  }

  /**
   * The rounding error of {@code t = sum + value}, to be added to the compensation; 0 once
   * {@code t} is infinite or NaN, where the error means nothing (and inf − inf is NaN). For a sum
   * kept in two plain fields, as {@link LossAccumulator} keeps its sums (one object instead of
   * three for each of a jackknife's many accumulators).
   */
  static double error(double sum, double value, double t) {
    if (!Double.isFinite(t)) {
      return 0.0;
    }
    return Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
  }

  /** The compensated total of a sum and its compensation, kept as {@link #error} describes. */
  static double value(double sum, double compensation) {
    double total = sum + compensation;
    return Double.isFinite(sum) ? total : sum;
  }

  /** Adds another partial sum, keeping both compensations. */
  public void merge(NeumaierSum other) {
    if (this == other) {
      throw new IllegalArgumentException("Cannot merge a sum with itself");
    }
    add(other.sum);
    add(other.compensation);
  }

  /** The compensated total. */
  public double value() {
    return value(sum, compensation);
  }
}
