package io.github.lossdive.internal.compat;

import org.apache.spark.ml.param.Param;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * The few Spark APIs that differ between Spark 3.5 (this file, {@code src/main/spark-3.5}, profile
 * {@code spark-3.5}) and 4.x ({@code src/main/spark-4}).
 */
public final class SparkCompat {
  private SparkCompat() {}

  /** A string param (Spark 3.5 params have no {@code dataClass}). */
  public static Param<String> stringParam(String parent, String name, String doc, Function1<String, Object> valid) {
    return new Param<>(parent, name, doc, valid);
  }

  /** A Column for a Catalyst expression. */
  public static Column column(Expression e) {
    return new Column(e);
  }

  /**
   * A DataFrame of rows already in Spark's internal format, as {@code schema} lays them out (Spark
   * checks neither types nor nullability).
   */
  public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }

  /** The Catalyst expression of a Column. */
  public static Expression expression(Column c) {
    return c.expr();
  }

  /** The column a Column refers to by name ({@code col("a")}), or null for any other expression. */
  public static String columnName(Column c) {
    return c.expr() instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute a ? a.name() : null;
  }

  /** The name an expression was given with {@code as(name)}, or null. */
  public static String alias(Column c) {
    return c.expr() instanceof org.apache.spark.sql.catalyst.expressions.Alias a ? a.name() : null;
  }
}
