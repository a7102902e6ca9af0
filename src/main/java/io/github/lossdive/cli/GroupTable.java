package io.github.lossdive.cli;

import io.github.lossdive.internal.GroupedLossPass;
import io.github.lossdive.internal.GroupedLosses;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.Normal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The job's result as a table with one row per group, written by Spark, for
 * {@code --output PATH.parquet} and the other table formats. Up to
 * {@link GroupedLossPass#MAX_GROUPS} groups come from one pass whose per-group results the driver
 * merges (a few MB); more come from Spark's aggregation and go straight to the files: a million
 * groups are a million rows of a file, not a million objects in the driver's heap.
 *
 * <p>Columns: the group keys, {@code rows}, and per loss {@code <loss>}, {@code <loss>_stdError},
 * {@code <loss>_ciLow}, {@code <loss>_ciHigh}, and with a baseline {@code <loss>_baseline},
 * {@code <loss>_difference}, {@code <loss>_differenceStdError}, {@code <loss>_pValue}. A loss's
 * name is its report name with characters other than letters, digits and {@code _} replaced by
 * {@code _}, which every table format accepts.
 */
final class GroupTable {
  private GroupTable() {}

  /** The table of groups, unevaluated. */
  static Dataset<Row> of(Dataset<Row> df, List<String> keys, List<LossSpec> losses, List<String> names,
      double confidence) {
    Dataset<Row> grouped = GroupedLosses.of(df, keys, LossSpec.jobs(losses, false));
    double z = Normal.twoSidedQuantile(confidence);
    List<Column> flat = new ArrayList<>();
    for (String k : keys) {
      flat.add(functions.col(k));
    }
    flat.add(functions.col("rows"));
    int comparison = losses.size();
    for (int i = 0; i < losses.size(); i++) {
      String n = columnName(names.get(i));
      Column loss = functions.col("j" + i + ".loss");
      Column se = functions.col("j" + i + ".stdError");
      flat.add(loss.as(n));
      flat.add(se.as(n + "_stdError"));
      flat.add(loss.minus(se.multiply(z)).as(n + "_ciLow"));
      flat.add(loss.plus(se.multiply(z)).as(n + "_ciHigh"));
      if (losses.get(i).baselineCol() != null) {
        String c = "j" + comparison++;
        flat.add(functions.col(c + ".baseline").as(n + "_baseline"));
        flat.add(functions.col(c + ".difference").as(n + "_difference"));
        flat.add(functions.col(c + ".stdError").as(n + "_differenceStdError"));
        flat.add(functions.col(c + ".pValue").as(n + "_pValue"));
      }
    }
    return grouped.select(flat.toArray(new Column[0]));
  }

  /** The table column of a loss's report name. */
  static String columnName(String reportName) {
    return reportName.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The table column a gate reads: the loss, or its difference from the baseline. */
  static String gateColumn(Gate g) {
    return columnName(g.loss()) + (Gate.MAX.equals(g.kind()) ? "" : "_difference");
  }
}
