package io.github.lossdive.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small DataFrames for tests, written row by row: a {@code double[]} becomes an ML vector, a
 * {@code Double} a double, and the column types follow the first non-null value of each column.
 */
public final class Frames {
  private Frames() {}

  /** A frame with the given column names; each row is one {@code Object[]}. */
  public static Dataset<Row> of(SparkSession spark, String[] columns, Object[]... rows) {
    StructType schema = new StructType();
    for (int c = 0; c < columns.length; c++) {
      schema = schema.add(columns[c], typeOf(rows, c), true);
    }
    List<Row> data = new ArrayList<>();
    for (Object[] r : rows) {
      Object[] v = new Object[r.length];
      for (int c = 0; c < r.length; c++) {
        v[c] = r[c] instanceof double[] a ? Vectors.dense(a) : r[c];
      }
      data.add(RowFactory.create(v));
    }
    return spark.createDataFrame(data, schema);
  }

  /** Label and prediction columns named as given. */
  public static Dataset<Row> of(SparkSession spark, String label, String prediction, Object[]... rows) {
    return of(spark, new String[] {label, prediction}, rows);
  }

  /**
   * A double {@code label} column and an {@code array<double>} column {@code name} whose elements
   * may be null: each row is a label and the array's elements, null included.
   */
  public static Dataset<Row> withArray(SparkSession spark, String name, Object[]... rows) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add(name, DataTypes.createArrayType(DataTypes.DoubleType, true));
    List<Row> data = new ArrayList<>();
    for (Object[] r : rows) {
      data.add(RowFactory.create(r[0], Arrays.asList(Arrays.copyOfRange(r, 1, r.length))));
    }
    return spark.createDataFrame(data, schema);
  }

  /** The given rows, without the last one (the "bad" row in bad-input tests). */
  public static Object[][] allButLast(Object[][] rows) {
    return Arrays.copyOf(rows, rows.length - 1);
  }

  private static DataType typeOf(Object[][] rows, int c) {
    for (Object[] r : rows) {
      Object v = r[c];
      if (v instanceof double[]) {
        return SQLDataTypes.VectorType();
      }
      if (v instanceof Double) {
        return DataTypes.DoubleType;
      }
      if (v instanceof Integer) {
        return DataTypes.IntegerType;
      }
      if (v instanceof String) {
        return DataTypes.StringType;
      }
    }
    return DataTypes.DoubleType;
  }
}
