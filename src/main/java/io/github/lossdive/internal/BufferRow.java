package io.github.lossdive.internal;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A step's buffer as a row, over the same two arrays the step reads its input buffer from (a
 * double field's value in {@code doubles}, a long's in {@code longs}, by field number): an update
 * or merge writes its new buffer back in place and Spark reads the fields from here, with no copy
 * into a row format in between.
 *
 * <p>Read-only and reused from row to row: valid until the step runs again, as Spark expects of an
 * expression's struct value ({@link #copy} detaches it). Every accessor, typed or generic, reads the
 * arrays; the parent's own value array is never used.
 */
final class BufferRow extends GenericInternalRow {
  private static final long serialVersionUID = 1L;

  private final DataType[] types;
  private final double[] doubles;
  private final long[] longs;

  BufferRow(StructType schema, double[] doubles, long[] longs) {
    super(schema.length());
    this.types = Arrays.stream(schema.fields()).map(StructField::dataType).toArray(DataType[]::new);
    this.doubles = doubles;
    this.longs = longs;
  }

  @Override
  public int numFields() {
    return types.length;
  }

  @Override
  public boolean isNullAt(int i) {
    return false;
  }

  @Override
  public double getDouble(int i) {
    return doubles[i];
  }

  @Override
  public long getLong(int i) {
    return longs[i];
  }


  @Override
  public Object genericGet(int i) {
    return types[i] == DataTypes.DoubleType ? (Object) doubles[i] : (Object) longs[i];
  }

  @Override
  public Object get(int i, DataType dataType) {
    return genericGet(i);
  }

  /** The fields' values, boxed, in a new array: what {@code toSeq} and generic readers of a row see. */
  @Override
  public Object[] values() {
    Object[] values = new Object[types.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = genericGet(i);
    }
    return values;
  }

  @Override
  public GenericInternalRow copy() {
    return new GenericInternalRow(values());
  }
}
