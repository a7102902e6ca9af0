package io.github.lossdive.internal;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.expressions.XxHash64Function;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ShortType;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * One column's value in the current row, as a {@link RowLoss} reads it: a number, a vector, or
 * null. The engine keeps one per column and refills it for every row through the
 * {@link ColumnReader} chosen for the column's type when the pass or aggregate was built, so a
 * loss asks {@link #isVector()} (a field, fixed per column) instead of testing types row by row.
 *
 * <p>Each accessor validates and, on a bad value, throws an {@link IllegalArgumentException} that
 * names this column, the value and the reason, in the one wording of {@link RowValues#invalid}.
 * A vector returned here is the engine's reused array: valid until the next row, never modified by
 * a loss (several losses may read it).
 */
public final class ColumnValue {
  private final String column;
  private boolean vector;
  private boolean isNull;
  private double scalar;
  private double[] values;
  /** The long of a {@code bigint} column, hashed exactly (its double may round). */
  private long longValue;
  /** A value of any other type, read only to be hashed; null while the value is a number or vector. */
  private Object other;
  /** The type Spark SQL hashes a number (or an array's element) of this column as. */
  private DataType hashType = DataTypes.DoubleType;

  /**
   * @param column the column's name, for messages
   * @param vector whether the column holds vectors or arrays (else numbers)
   */
  public ColumnValue(String column, boolean vector) {
    this.column = column;
    this.vector = vector;
  }

  /** The column's name. */
  public String column() {
    return column;
  }

  /** Whether the column holds vectors or arrays rather than numbers. */
  public boolean isVector() {
    return vector;
  }

  /** Whether the value in this row is null. */
  public boolean isNull() {
    return isNull;
  }

  // ---- filled by the engine ----

  /**
   * Sets the type of the column's numbers (of a number, or of an array's elements) as Spark SQL
   * stores them, for {@link #xxhash64}; a {@code Vector} hashes as {@code array<double>}.
   */
  void hashAs(DataType type) {
    hashType = type;
  }

  void setNull() {
    isNull = true;
  }

  void set(double v) {
    isNull = false;
    scalar = v;
  }

  void set(long v) {
    isNull = false;
    scalar = v;
    longValue = v;
  }

  void set(double[] v) {
    isNull = false;
    values = v;
  }

  /**
   * Sets a value that no loss reads as a number (a string id, say), to be hashed: a copy of it as
   * Spark holds it, since Spark's may point into a row buffer that the next row overwrites, and
   * the pass hashes a pair of rows after reading both ({@link RowFold.Pairs}).
   */
  void setOther(Object v) {
    isNull = false;
    other = InternalRow.copyValue(v);
    scalar = Double.NaN;
  }

  /**
   * Decodes a value as Spark passes it to a user-defined function (a {@code Number}, an ML
   * {@code Vector}, a Scala {@code Seq} of numbers, or null): the path of
   * {@code LossFunctions.perRow}, where the column type is not known in advance.
   */
  public ColumnValue setObject(Object value) {
    if (value == null) {
      isNull = true;
    } else if (value instanceof Number n) {
      vector = false;
      set(n.doubleValue());
    } else if (value instanceof Vector v) {
      vector = true;
      set(v.toArray());
    } else if (value instanceof Seq<?> seq) {
      vector = true;
      double[] out = new double[seq.size()];
      Iterator<?> it = seq.iterator();
      for (int i = 0; it.hasNext(); i++) {
        if (!(it.next() instanceof Number n)) {
          throw RowValues.invalid(column, seq.mkString("[", ", ", "]"), "element " + i + " is null");
        }
        out[i] = n.doubleValue();
      }
      set(out);
    } else {
      throw RowValues.invalid(column, value, "not a number, vector or array");
    }
    return this;
  }

  /**
   * Spark SQL's {@code xxhash64} of this value with {@code seed}, as {@code xxhash64(col)} chains
   * its columns: a number by its SQL type (−0.0 as 0.0), an array or vector element by element,
   * a null leaving the seed as it is.
   */
  long xxhash64(long seed) {
    if (isNull) {
      return seed;
    }
    if (other != null) {
      return XxHash64Function.hash(other, hashType, seed);
    }
    if (hashType == DataTypes.LongType) {
      return XXH64.hashLong(longValue, seed);
    }
    if (!vector) {
      return hash(scalar, seed);
    }
    long h = seed;
    if (hashType == DataTypes.DoubleType) {
      // The common case, without the type tests of hash() per element.
      for (double v : values) {
        h = hashDouble(v, h);
      }
      return h;
    }
    for (double v : values) {
      h = hash(v, h);
    }
    return h;
  }

  /**
   * {@link #xxhash64} of two rows' values of one column, {@code a} with {@code seeds[0]} and
   * {@code b} with {@code seeds[1]}, into {@code seeds}. The same numbers as two calls; for two
   * vectors of doubles of one length, element by element side by side: each hash chains its seed
   * through every element (about 19 cycles of latency each), so two chains written one after the
   * other leave the processor idle, and interleaved they take the time of one.
   */
  static void xxhash64(ColumnValue a, ColumnValue b, long[] seeds) {
    if (a.plainDoubles() && b.plainDoubles() && a.values.length == b.values.length) {
      double[] va = a.values;
      double[] vb = b.values;
      long ha = seeds[0];
      long hb = seeds[1];
      for (int i = 0; i < va.length; i++) {
        ha = hashDouble(va[i], ha);
        hb = hashDouble(vb[i], hb);
      }
      seeds[0] = ha;
      seeds[1] = hb;
    } else {
      seeds[0] = a.xxhash64(seeds[0]);
      seeds[1] = b.xxhash64(seeds[1]);
    }
  }

  /** Whether this row's value is a vector of doubles, hashed as {@code array<double>}. */
  private boolean plainDoubles() {
    return vector && !isNull && other == null && hashType == DataTypes.DoubleType;
  }

  /** Spark's hash of a double: its bits, −0.0 as 0.0. */
  private static long hashDouble(double v, long seed) {
    return XXH64.hashLong(Double.doubleToLongBits(v == 0.0 ? 0.0 : v), seed);
  }

  private long hash(double v, long seed) {
    if (hashType == DataTypes.DoubleType) {
      return hashDouble(v, seed);
    }
    if (hashType == DataTypes.FloatType) {
      float f = (float) v;
      return XXH64.hashInt(Float.floatToIntBits(f == 0.0f ? 0.0f : f), seed);
    }
    if (hashType instanceof IntegerType || hashType instanceof ShortType || hashType instanceof ByteType) {
      return XXH64.hashInt((int) v, seed);
    }
    if (hashType instanceof DecimalType d) {
      Decimal decimal = Decimal.apply(v);
      decimal.changePrecision(d.precision(), d.scale());
      return XxHash64Function.hash(decimal, d, seed);
    }
    return XxHash64Function.hash(v, hashType, seed);
  }

  // ---- read by losses ----

  /** The number in this row; rejects null and vectors. */
  public double scalar() {
    if (isNull || vector || other != null) {
      throw RowValues.invalid(column, shown(), isNull ? "a null value" : "not a number");
    }
    return scalar;
  }

  /** A finite number: rejects NaN and infinities too. */
  public double finiteScalar() {
    double v = scalar();
    if (!Double.isFinite(v)) {
      throw RowValues.invalid(column, v, "not finite");
    }
    return v;
  }

  /** A number in [0, 1]; {@code what} says what it should be, e.g. "a probability". */
  public double unitInterval(String what) {
    return RowValues.unitInterval(scalar(), column, what);
  }

  /**
   * Whether this prediction of class probabilities is binary: a number, or a vector of at most two
   * entries (exactly two are then required by {@link #positiveProbability()}).
   */
  public boolean isBinaryPrediction() {
    return !vector || vector().length <= 2;
  }

  /**
   * The positive class's probability of a binary prediction: the number, or element 1 of a
   * 2-entry distribution (Spark's {@code probability} column).
   */
  public double positiveProbability() {
    if (!vector) {
      return unitInterval("a probability");
    }
    double[] p = distribution();
    RowValues.checkLength(p, 2, column, "a binary prediction");
    return p[1];
  }

  /** The width of the value in this row: a vector's length, 0 for a number. */
  public int width() {
    return vector ? values.length : 0;
  }

  /** A binary outcome: 0 or 1 (any numeric type). */
  public double binaryLabel() {
    double y = scalar();
    if (y != 0.0 && y != 1.0) {
      throw RowValues.invalid(column, y, "not a binary label: expected 0 or 1");
    }
    return y;
  }

  /** A class index in [0, k): an integer (stored in any numeric type) within range. */
  public int classIndex(int k) {
    return RowValues.classIndex(scalar(), column, k);
  }

  /** A sample weight: finite and non-negative. */
  public double weight() {
    double v = scalar();
    if (!(v >= 0.0) || Double.isInfinite(v)) {
      throw RowValues.invalid(column, v, "not a weight: weights must be finite and non-negative");
    }
    return v;
  }

  /** The non-empty vector in this row; rejects null, numbers and empty vectors. */
  public double[] vector() {
    if (isNull || !vector) {
      throw RowValues.invalid(column, shown(), isNull ? "a null value" : "not a vector or array");
    }
    if (values.length == 0) {
      throw RowValues.invalid(column, values, "an empty vector");
    }
    return values;
  }

  /** A vector with only finite entries. */
  public double[] finiteVector() {
    return RowValues.finite(vector(), column);
  }

  /** A probability distribution: entries in [0, 1] summing to 1 within 1e-6. */
  public double[] distribution() {
    return RowValues.distribution(vector(), column);
  }

  /** A distribution given as log-probabilities: finite or −∞, with {@code Σ exp} equal to 1. */
  public double[] logDistribution() {
    return RowValues.logDistribution(vector(), column);
  }

  private Object shown() {
    return isNull ? null : vector ? values : (Object) scalar;
  }
}
