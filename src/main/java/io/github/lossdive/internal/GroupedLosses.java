package io.github.lossdive.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Several jobs per group, by the faster of LossDive's two engines for the groups at hand: the
 * grouped pass ({@link GroupedLossPass}, one stage with no shuffle) while there are at most
 * {@link GroupedLossPass#MAX_GROUPS} groups, Spark's aggregation of one aggregate column of every
 * job ({@link LossAggregate}, which shuffles and spills) past that. The batch job's
 * {@code --group-by} and {@code LossFunctions.summarizeBy} take it.
 */
public final class GroupedLosses {
  private GroupedLosses() {}

  /**
   * Per group of {@code keys}: the key columns, {@code rows} (the group's row count), then each
   * job's result struct as column {@code j<i>}, in the order of {@code jobs}. Up to
   * {@link GroupedLossPass#MAX_GROUPS} groups come from the grouped pass, computed now and in key
   * order; more, without keys, and for a stream, from Spark's aggregation, unevaluated (a stream
   * keeps its groups' accumulators in Spark's state store, between micro-batches and across
   * restarts; the one-stage pass cannot).
   *
   * @throws IllegalArgumentException for bad input met by the grouped pass, as {@link LossPass#run}
   */
  public static Dataset<Row> of(Dataset<Row> df, List<String> keys, List<LossJob> jobs) {
    return keys.isEmpty() || df.isStreaming() ? aggregated(df, columns(keys), jobs)
        : GroupedLossPass.aggregated(df, keys, jobs).orElseGet(() -> aggregated(df, columns(keys), jobs));
  }

  /**
   * The rows of {@link #of} in the driver, ordered by the keys: the grouped pass's are already in
   * key order, Spark's aggregation is sorted.
   *
   * @throws IllegalArgumentException for bad input met by the grouped pass, as {@link LossPass#run}
   */
  public static List<Row> collectInKeyOrder(Dataset<Row> df, List<String> keys, List<LossJob> jobs) {
    LossPass.checkNotStreaming(df);
    return GroupedLossPass.aggregated(df, keys, jobs).map(Dataset::collectAsList)
        .orElseGet(() -> aggregated(df, columns(keys), jobs).orderBy(columns(keys).toArray(new Column[0]))
            .collectAsList());
  }

  private static List<Column> columns(List<String> names) {
    return names.stream().map(functions::col).toList();
  }

  /**
   * {@link #of}'s columns by Spark's aggregation of one aggregate column of every job, which reads
   * each column once per row whichever jobs read it; unevaluated. The keys are columns or named
   * expressions (a stream's event-time window), named in the result as Spark names them.
   */
  public static Dataset<Row> aggregated(Dataset<Row> df, List<Column> keys, List<LossJob> jobs) {
    Column rows = functions.count(functions.lit(1)).as("rows");
    Column all = LossAggregate.column(jobs).as("j");
    Dataset<Row> grouped = keys.isEmpty() ? df.agg(rows, all) : df.groupBy(keys.toArray(new Column[0])).agg(rows, all);
    List<Column> flat = new ArrayList<>();
    String[] named = grouped.columns();
    for (int k = 0; k < keys.size(); k++) {
      flat.add(functions.col(named[k]));
    }
    flat.add(functions.col("rows"));
    for (int i = 0; i < jobs.size(); i++) {
      flat.add((jobs.size() == 1 ? functions.col("j") : functions.col("j.j" + i)).as("j" + i));
    }
    return grouped.select(flat.toArray(new Column[0]));
  }
}
