package io.github.lossdive.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.functions;
import scala.Option;

/**
 * The single-stage driver of {@link LossAccumulator}s: several losses over a whole dataset in one
 * pass, the engine behind {@code evaluate}, {@code summarize}, {@code LossFunctions.summarize} and
 * the batch job without {@code --group-by}.
 *
 * <p>One Spark stage reads each partition's rows once, in Spark's internal format with only the
 * needed columns (straight from columnar batches where the source has them, see
 * {@link InternalRows}), decodes each column once per row with the {@link ColumnReader} chosen for
 * its type, folds every loss through its {@link LossPlan} into its own accumulator, and returns the
 * partition's accumulators; the driver merges them. The job runs as a SQL execution of the selected
 * columns' query, so it shows in the SQL tab of Spark's UI and {@code QueryExecutionListener}s see
 * it, like any action on a {@code Dataset}.
 *
 * <p>Why not {@code df.select(aggregate(e))}: Spark plans an aggregate as two stages with an
 * exchange between them; on 2M rows × 10 classes that planning and scheduling alone cost about as
 * much as the loss itself (docs/design.md, "One pass"). Groups take the grouped pass
 * ({@link GroupedLossPass}) or, past its bound, the aggregate ({@link LossAggregate}).
 */
public final class LossPass {
  /** The name under which the pass's SQL executions are reported to listeners. */
  public static final String EXECUTION_NAME = "lossdive";

  private LossPass() {}

  /**
   * The accumulators of {@code jobs} over {@code dataset}, in order, from one pass over the data.
   * The columns must exist with types the losses accept (the evaluators check that first).
   *
   * @throws IllegalArgumentException for bad input, with the message of the first invalid row
   *     (unwrapped from Spark's job failure)
   */
  public static List<LossAccumulator[]> run(Dataset<?> dataset, List<? extends LossJob> jobs) {
    checkNotStreaming(dataset);
    Dataset<Row> selected = dataset.select(
        Arrays.stream(RowFold.columnNames(jobs)).map(functions::col).toArray(Column[]::new));
    try {
      // As Dataset's own actions do: jobs carry the execution id, start and end events are posted.
      return SQLExecution.withNewExecutionId(selected.queryExecution(), Option.apply(EXECUTION_NAME),
          () -> fold(selected, jobs));
    } catch (Exception e) {
      throw UserErrors.unwrap(e);
    }
  }

  /**
   * Fails with words for a stream: a pass reads a finished dataset once, and has nowhere to keep
   * its accumulators between micro-batches.
   */
  static void checkNotStreaming(Dataset<?> dataset) {
    if (dataset.isStreaming()) {
      throw new io.github.lossdive.InvalidArgumentException("This dataset is a stream: evaluate, summarize,"
          + " compare and collect read a finished dataset once. For a stream, aggregate with"
          + " LossFunctions.summary, aggregate or comparison (or Evaluation.toDF) in a streaming query,"
          + " e.g. df.withWatermark(\"ts\", \"10 minutes\").groupBy(window(col(\"ts\"), \"1 hour\"))"
          + ".agg(summary(e)), and start it with writeStream.");
    }
  }

  private static List<LossAccumulator[]> fold(Dataset<Row> selected, List<? extends LossJob> jobs) {
    InternalRows rows = InternalRows.of(selected);
    RowFold fold = RowFold.of(jobs, rows.columns());
    List<LossAccumulator[][]> parts = rows
        .mapPartitions((Iterator<InternalRow> part) -> List.<LossAccumulator[][]>of(all(fold, part)).iterator())
        .collect();
    LossAccumulator[][] total = fold.empty();
    for (LossAccumulator[][] part : parts) {
      RowFold.merge(total, part);
    }
    return List.of(total);
  }

  /**
   * One partition: every row into every job's accumulators. With a jackknife that hashes its
   * buckets, two rows at a time, so that their hashes are computed side by side
   * ({@link RowFold.Pairs}): each row's values are decoded into a folder of their own before the
   * iterator moves on.
   */
  private static LossAccumulator[][] all(RowFold fold, Iterator<InternalRow> rows) {
    RowFold.Folder folder = fold.folder();
    LossAccumulator[][] accs = fold.empty();
    if (!folder.hashesBuckets()) {
      while (rows.hasNext()) {
        folder.fold(rows.next(), accs);
      }
      return accs;
    }
    RowFold.Pairs pairs = fold.pairs();
    while (rows.hasNext()) {
      pairs.add(rows.next(), accs);
    }
    pairs.flush();
    return accs;
  }
}
