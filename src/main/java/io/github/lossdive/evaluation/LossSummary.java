package io.github.lossdive.evaluation;

import io.github.lossdive.internal.LossAggregate;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The result of one loss over a dataset or a group: the reduced loss and how many rows went into
 * it.
 *
 * @param loss the reduced loss (mean or sum, as the evaluator's {@code reduction} says)
 * @param rows rows that contributed
 * @param skipped rows left out as invalid under {@code handleInvalid=skip}
 * @param ignored rows left out because their target was {@code ignoreIndex}
 * @param weightSum the mean's denominator: Σ sample weight × the row's share (class weight, or
 *     number of elements for element means)
 */
public record LossSummary(double loss, long rows, long skipped, long ignored, double weightSum)
    implements Serializable {

  /** The Spark type of {@code LossFunctions.summary}'s struct column. */
  public static final StructType SCHEMA = LossAggregate.RESULT_TYPE;

  /** Reads a summary from a row of {@link #SCHEMA}. */
  public static LossSummary fromRow(Row r) {
    return new LossSummary(r.getDouble(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4));
  }
}
