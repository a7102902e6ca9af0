package io.github.lossdive.internal.compat;

import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
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

  /** The Catalyst expression of a Column. */
  public static Expression expression(Column c) {
    return c.expr();
  }
}
