package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link BufferRow}, the view through which Spark reads a step's new buffer: the typed getters, the
 * generic ones, {@code toSeq} and a detached copy all give the values the accumulator stored.
 */
class BufferRowTest {

  @Test
  void everyAccessorReadsTheStoredState() {
    LossAccumulator a = new LossAccumulator("p", false);
    a.add(0.25, 1.0, 2.0, 3);
    a.add(1.5, 1.0, 1.0, 3);
    a.skip();
    StructType schema = new StructType(a.fields("x_"));
    double[] doubles = new double[schema.length()];
    long[] longs = new long[schema.length()];
    a.store(doubles, longs, 0);
    BufferRow row = new BufferRow(schema, doubles, longs);
    // By hand: A = 2·0.25 + 1.5 = 2, B = 3, two rows, one skipped; width 3 and the losses differ,
    // so the shape is 2·3 + 1.
    assertEquals(2.0, row.getDouble(0));
    assertEquals(3.0, row.getDouble(2));
    assertEquals(2L, row.getLong(8));
    assertEquals(1L, row.getLong(9));
    assertEquals(7L, row.getLong(11));
    InternalRow copy = row.copy();
    Object seq = row.toSeq(schema);
    for (int i = 0; i < schema.length(); i++) {
      DataType t = schema.fields()[i].dataType();
      Object typed = t == DataTypes.DoubleType ? (Object) row.getDouble(i) : (Object) row.getLong(i);
      String field = schema.fields()[i].name();
      assertEquals(typed, row.get(i, t), field);
      assertEquals(typed, copy.get(i, t), field + " in a copy");
      assertEquals(typed, ((scala.collection.Seq<?>) seq).apply(i), field + " in toSeq");
    }
    // The copy is detached: the next row's values do not reach it.
    doubles[0] = 99.0;
    assertEquals(2.0, copy.getDouble(0));
    assertEquals(99.0, row.getDouble(0));
  }
}
