package io.github.lossdive.functions;

import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * Decodes and validates the values of label, prediction and weight columns, one row at a time.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the column, the value
 * and the reason, in Spark's words ("Column label has value 2.5, which is not ...").
 */
public final class RowValues {
  /** Tolerance for "sums to 1" checks of probability distributions. */
  public static final double DISTRIBUTION_TOLERANCE = 1e-6;

  private RowValues() {}

  /** A scalar numeric value. Rejects null and non-numeric values. */
  public static double scalar(Object value, String column) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw invalid(column, value, value == null ? "a null value" : "not a number");
  }

  /** A finite scalar: rejects NaN and infinities too. */
  public static double finiteScalar(Object value, String column) {
    double v = scalar(value, column);
    if (!Double.isFinite(v)) {
      throw invalid(column, value, "not finite");
    }
    return v;
  }

  /**
   * True when the value is a vector or array rather than a scalar. A {@code Double}, the common
   * scalar, is answered first: a failed test against an interface ({@code Vector}, {@code Seq})
   * scans the class's supertypes and costs more per row than a binary loss itself.
   */
  public static boolean isVector(Object value) {
    if (value instanceof Double || value instanceof double[]) {
      return value instanceof double[];
    }
    return value instanceof Vector || value instanceof Seq<?>;
  }

  /**
   * A vector value as a new {@code double[]}: an ML {@code Vector} (dense or sparse), or a Scala
   * {@code Seq} of numbers from an {@code array<double>} or {@code array<float>} column.
   */
  public static double[] vector(Object value, String column) {
    double[] v = anyVector(value, column);
    if (v.length == 0) {
      throw invalid(column, value, "an empty vector");
    }
    return v;
  }

  private static double[] anyVector(Object value, String column) {
    // double[] (what Spark's internal rows are read as) first: see isVector on interface tests.
    if (value instanceof double[] a) {
      return a;
    }
    if (value instanceof Vector v) {
      return v.toArray();
    }
    if (value instanceof Seq<?> seq) {
      double[] out = new double[seq.size()];
      Iterator<?> it = seq.iterator();
      for (int i = 0; it.hasNext(); i++) {
        Object e = it.next();
        if (!(e instanceof Number n)) {
          throw invalid(column, render(seq), "element " + i + " is null");
        }
        out[i] = n.doubleValue();
      }
      return out;
    }
    throw invalid(column, value, value == null ? "a null value" : "not a vector or array");
  }

  /** A vector with only finite entries. */
  public static double[] finiteVector(Object value, String column) {
    double[] v = vector(value, column);
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw invalid(column, v, "it holds a NaN or infinite entry");
      }
    }
    return v;
  }

  /**
   * A probability distribution: entries in [0, 1] summing to 1 within 1e-6 (one pass). The sum,
   * used only for that check, runs in four interleaved parts, which lets a wide row's additions
   * overlap instead of waiting on each other; its rounding is far below the tolerance.
   */
  public static double[] distribution(Object value, String column) {
    double[] v = vector(value, column);
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    int i = 0;
    for (; i + 3 < v.length; i += 4) {
      s0 += probability(v[i], v, column);
      s1 += probability(v[i + 1], v, column);
      s2 += probability(v[i + 2], v, column);
      s3 += probability(v[i + 3], v, column);
    }
    for (; i < v.length; i++) {
      s0 += probability(v[i], v, column);
    }
    checkSum((s0 + s1) + (s2 + s3), v, column);
    return v;
  }

  /** {@code x}, an entry of {@code row}, if it is a probability in [0, 1]. */
  private static double probability(double x, double[] row, String column) {
    if (!(x >= 0.0 && x <= 1.0)) {
      throw invalid(column, row, "entry " + x + " is not a probability in [0, 1]");
    }
    return x;
  }

  /** A distribution given as log-probabilities: finite or −∞, with {@code Σ exp} equal to 1. */
  public static double[] logDistribution(Object value, String column) {
    double[] v = vector(value, column);
    double sum = 0.0;
    for (double x : v) {
      if (Double.isNaN(x) || x > 0.0) {
        throw invalid(column, v, "entry " + x + " is not a log-probability (≤ 0)");
      }
      sum += Math.exp(x);
    }
    checkSum(sum, v, column);
    return v;
  }

  /**
   * A class index in [0, k): the value must be an integer (any numeric type) within range.
   */
  public static int classIndex(Object value, String column, int k) {
    double v = scalar(value, column);
    if (v != Math.rint(v) || v < 0 || v >= k) {
      throw invalid(column, value, "not a class index: labels must be integers in [0, " + k + ")");
    }
    return (int) v;
  }

  /** A probability or soft binary label in [0, 1]. */
  public static double unitInterval(Object value, String column, String what) {
    double v = scalar(value, column);
    if (!(v >= 0.0 && v <= 1.0)) {
      throw invalid(column, value, "not " + what + " in [0, 1]");
    }
    return v;
  }

  /** A sample weight: finite and non-negative. */
  public static double weight(Object value, String column) {
    double v = scalar(value, column);
    if (!(v >= 0.0) || Double.isInfinite(v)) {
      throw invalid(column, value, "not a weight: weights must be finite and non-negative");
    }
    return v;
  }

  /** Rejects a vector whose length differs from the one required ({@code why} says by what). */
  public static void checkLength(double[] v, int expected, String column, String why) {
    if (v.length != expected) {
      throw invalid(column, v, "it has " + v.length + " elements but " + why + " has " + expected);
    }
  }

  /** Rejects a vector whose length differs from that of {@code otherColumn}'s vector in the row. */
  public static void checkSameLength(double[] v, int expected, String column, String otherColumn) {
    if (v.length != expected) {
      checkLength(v, expected, column, "column " + otherColumn);
    }
  }

  /**
   * The exception for an invalid value, in one wording for the whole project. Under
   * {@code handleInvalid=skip} the row is skipped instead.
   */
  public static IllegalArgumentException invalid(String column, Object value, String reason) {
    return new InvalidValueException(
        "Column " + column + " has value " + render(value) + ", which is invalid: " + reason + ".");
  }

  private static void checkSum(double sum, double[] shown, String column) {
    if (!(Math.abs(sum - 1.0) <= DISTRIBUTION_TOLERANCE)) {
      throw invalid(
          column, shown, "a probability distribution must sum to 1 (within 1e-6) but sums to " + sum);
    }
  }

  private static String render(Object value) {
    if (value instanceof Vector v) {
      value = v.toArray();
    }
    if (value instanceof double[] a) {
      String s = Arrays.toString(a);
      return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
    if (value instanceof Seq<?> seq) {
      String s = seq.mkString("[", ", ", "]");
      return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
    return String.valueOf(value);
  }
}
