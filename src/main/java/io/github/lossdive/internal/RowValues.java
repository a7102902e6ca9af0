package io.github.lossdive.internal;

import java.util.Arrays;

/**
 * The validation rules of row values, on numbers and arrays already decoded by a
 * {@link ColumnValue}, and every length rule: within a row (label against prediction, a param
 * against the data) here; across rows in {@link LossAccumulator}.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the column, the value
 * and the reason, in Spark's words ("Column label has value 2.5, which is invalid: ...").
 */
public final class RowValues {
  /** Tolerance for "sums to 1" checks of probability distributions. */
  public static final double DISTRIBUTION_TOLERANCE = 1e-6;

  private RowValues() {}

  /** {@code v} when all its entries are finite. */
  static double[] finite(double[] v, String column) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw invalid(column, v, "it holds a NaN or infinite entry");
      }
    }
    return v;
  }

  /**
   * {@code v} when it is a probability distribution: entries in [0, 1] summing to 1 within 1e-6
   * (one pass). The sum, used only for that check, runs in four interleaved parts, which lets a
   * wide row's additions overlap instead of waiting on each other; its rounding is far below the
   * tolerance.
   */
  static double[] distribution(double[] v, String column) {
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

  /** {@code v} when it is a distribution of log-probabilities: finite or −∞, {@code Σ exp = 1}. */
  static double[] logDistribution(double[] v, String column) {
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

  /** A class index in [0, k): {@code v} must be an integer within range. */
  public static int classIndex(double v, String column, int k) {
    if (v != Math.rint(v) || v < 0 || v >= k) {
      throw invalid(column, v, "not a class index: labels must be integers in [0, " + k + ")");
    }
    return (int) v;
  }

  /** {@code v} when it is in [0, 1]; {@code what} says what it should be, e.g. "a probability". */
  public static double unitInterval(double v, String column, String what) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw invalid(column, v, "not " + what + " in [0, 1]");
    }
    return v;
  }

  /** {@code v} when it is finite. */
  public static double finite(double v, String column) {
    if (!Double.isFinite(v)) {
      throw invalid(column, v, "not finite");
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
   * Rejects an array param ({@code classWeights}, {@code posWeights}) whose length does not fit
   * the data: not a bad row but a bad param, so it fails even under {@code handleInvalid=skip}.
   *
   * @param param the array, or null when the param is unset (always fits)
   * @param subject and {@code unit} say what the data has {@code expected} of: "column probability
   *     has", "classes"
   */
  public static void checkParamLength(String name, double[] param, int expected, String subject, String unit) {
    if (param != null && param.length != expected) {
      throw new io.github.lossdive.InvalidArgumentException("Param " + name + " has " + param.length + " entries but "
          + subject + " " + expected + " " + unit + ".");
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
    String s = value instanceof double[] a ? Arrays.toString(a) : String.valueOf(value);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
