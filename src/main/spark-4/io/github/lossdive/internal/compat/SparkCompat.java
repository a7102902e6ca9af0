package io.github.lossdive.internal.compat;

import org.apache.spark.ml.param.Param;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * The few Spark APIs that differ between Spark 4.x (this file, {@code src/main/spark-4}) and 3.5
 * ({@code src/main/spark-3.5}); the Maven profile {@code spark-3.5} picks the other one.
 */
public final class SparkCompat {
  private SparkCompat() {}

  /** A string param; on Spark 4 it carries the {@code dataClass} Spark Connect needs. */
  public static Param<String> stringParam(String parent, String name, String doc, Function1<String, Object> valid) {
    return new Param<>(parent, name, doc, valid, String.class);
  }

  /** A Column for a Catalyst expression. */
  public static Column column(Expression e) {
    return ExpressionUtils.column(e);
  }

  /**
   * A DataFrame of rows already in Spark's internal format, as {@code schema} lays them out (Spark
   * checks neither types nor nullability).
   */
  public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows, schema, false);
  }

  /** The Catalyst expression of a Column. */
  public static Expression expression(Column c) {
    return ExpressionUtils.expression(c);
  }

  /** The column a Column refers to by name ({@code col("a")}), or null for any other expression. */
  public static String columnName(Column c) {
    return c.node() instanceof org.apache.spark.sql.internal.UnresolvedAttribute a ? a.nameParts().mkString(".") : null;
  }

  /** The name an expression was given with {@code as(name)}, or null. */
  public static String alias(Column c) {
    return c.node() instanceof org.apache.spark.sql.internal.Alias a && a.name().size() == 1 ? a.name().head() : null;
  }
}
