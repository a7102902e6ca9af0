package io.github.lossdive.functions;

import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.NumericType;

/**
 * Reads a column's value straight from Spark's internal row format, without building
 * {@code Vector} or {@code Row} objects: a vector or array becomes one {@code double[]}, a number a
 * boxed {@code Double}. {@link RowValues} then validates it as for any other input.
 */
final class InternalValues {
  /** Field positions of {@code VectorUDT}'s internal struct (type, size, indices, values). */
  private static final int TYPE = 0;
  private static final int SIZE = 1;
  private static final int INDICES = 2;
  private static final int VALUES = 3;
  private static final byte SPARSE = 0;

  private InternalValues() {}

  /**
   * The value of {@code type} at its internal form {@code v}, as RowValues takes it; null stays null.
   *
   * @throws IllegalArgumentException for a type LossDive does not read
   */
  static Object decode(Object v, DataType type, String column) {
    if (v == null) {
      return null;
    }
    if (type instanceof VectorUDT) {
      return vector((InternalRow) v);
    }
    if (type instanceof ArrayType a) {
      return array((ArrayData) v, a.elementType(), column);
    }
    if (type instanceof NumericType) {
      return v instanceof Decimal d ? d.toDouble() : ((Number) v).doubleValue();
    }
    throw new IllegalArgumentException("Column " + column + " must be of type numeric or vector (Vector,"
        + " array<double> or array<float>) but was actually " + type.simpleString() + ".");
  }

  private static double[] vector(InternalRow v) {
    ArrayData values = v.getArray(VALUES);
    if (v.getByte(TYPE) != SPARSE) {
      return values.toDoubleArray();
    }
    double[] dense = new double[v.getInt(SIZE)];
    ArrayData indices = v.getArray(INDICES);
    for (int i = 0; i < values.numElements(); i++) {
      dense[indices.getInt(i)] = values.getDouble(i);
    }
    return dense;
  }

  /** The array's elements as text, nulls included, for a message. */
  private static String render(ArrayData a, boolean isFloat) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < a.numElements() && sb.length() < 120; i++) {
      sb.append(i == 0 ? "" : ", ").append(a.isNullAt(i) ? "null" : isFloat ? a.getFloat(i) : a.getDouble(i));
    }
    return sb.append(']').toString();
  }

  private static Object array(ArrayData a, DataType element, String column) {
    int n = a.numElements();
    double[] out = new double[n];
    boolean isFloat = element == DataTypes.FloatType;
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        throw RowValues.invalid(column, render(a, isFloat), "element " + i + " is null");
      }
      out[i] = isFloat ? a.getFloat(i) : a.getDouble(i);
    }
    return out;
  }
}
