package io.github.lossdive.internal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
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
 * exchange between them and, for an object-typed buffer, outside whole-stage code generation; on
 * 2M rows × 10 classes that planning and scheduling alone cost as much as the loss itself (see
 * README, Performance). Grouped losses take the aggregate ({@link LossAggregate}).
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
    Map<String, Integer> ordinals = new LinkedHashMap<>();
    int[][] inputs = new int[jobs.size()][];
    for (int i = 0; i < inputs.length; i++) {
      String[] columns = jobs.get(i).columns();
      inputs[i] = new int[columns.length];
      for (int c = 0; c < columns.length; c++) {
        inputs[i][c] = columns[c] == null ? -1 : ordinals.computeIfAbsent(columns[c], k -> ordinals.size());
      }
    }
    String[] names = ordinals.keySet().toArray(new String[0]);
    Dataset<Row> selected = dataset.select(Arrays.stream(names).map(functions::col).toArray(Column[]::new));
    try {
      // As Dataset's own actions do: jobs carry the execution id, start and end events are posted.
      return SQLExecution.withNewExecutionId(selected.queryExecution(), Option.apply(EXECUTION_NAME),
          () -> fold(selected, jobs.toArray(new LossJob[0]), inputs));
    } catch (Exception e) {
      throw UserErrors.unwrap(e);
    }
  }

  private static List<LossAccumulator[]> fold(Dataset<Row> selected, LossJob[] jobs, int[][] inputs) {
    InternalRows rows = InternalRows.of(selected);
    StructField[] fields = selected.schema().fields();
    BoundReference[] columns = new BoundReference[fields.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = new BoundReference(rows.ordinal(c), fields[c].dataType(), fields[c].nullable());
    }
    Pass pass = new Pass(jobs, inputs, columns, Arrays.stream(fields).map(StructField::name).toArray(String[]::new));
    List<LossAccumulator[][]> parts = rows
        .mapPartitions((Iterator<InternalRow> part) -> List.<LossAccumulator[][]>of(pass.fold(part)).iterator())
        .collect();
    LossAccumulator[][] total = pass.empty();
    for (LossAccumulator[][] part : parts) {
      for (int i = 0; i < total.length; i++) {
        for (int j = 0; j < total[i].length; j++) {
          total[i][j].merge(part[i][j]);
        }
      }
    }
    return List.of(total);
  }

  /**
   * What a task needs: the jobs, the column numbers each reads ({@code inputs[i]}, in the order of
   * its {@link LossJob#columns()}, −1 for an unread column), and the columns bound to the rows. Each
   * column is read once per row, however many jobs read it.
   */
  private record Pass(LossJob[] jobs, int[][] inputs, BoundReference[] columns, String[] names)
      implements Serializable {

    /** One partition: every row into every job's accumulators, each column decoded once. */
    LossAccumulator[][] fold(Iterator<InternalRow> rows) {
      ColumnReader[] readers = new ColumnReader[columns.length];
      for (int c = 0; c < readers.length; c++) {
        readers[c] = new ColumnReader(columns[c], names[c]);
      }
      // A job's values are the same reused objects for every row: wire them once.
      ColumnValue[][] values = new ColumnValue[jobs.length][];
      for (int i = 0; i < jobs.length; i++) {
        values[i] = new ColumnValue[inputs[i].length];
        for (int c = 0; c < inputs[i].length; c++) {
          values[i][c] = inputs[i][c] < 0 ? null : readers[inputs[i][c]].value();
        }
      }
      InvalidValueException[] errors = new InvalidValueException[columns.length];
      LossTerm[] scratch = {new LossTerm(), new LossTerm()};
      LossAccumulator[][] accs = empty();
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        boolean failed = false;
        for (int c = 0; c < readers.length; c++) {
          try {
            readers[c].read(row);
            errors[c] = null;
          } catch (InvalidValueException e) {
            errors[c] = e;
            failed = true;
          }
        }
        for (int i = 0; i < jobs.length; i++) {
          InvalidValueException error = failed ? firstError(errors, inputs[i]) : null;
          if (error != null) {
            jobs[i].reject(accs[i], error);
          } else {
            jobs[i].update(accs[i], values[i], scratch);
          }
        }
      }
      return accs;
    }

    /** The error of a job's first unreadable column, in the order of its columns. */
    private static InvalidValueException firstError(InvalidValueException[] errors, int[] in) {
      for (int c : in) {
        if (c >= 0 && errors[c] != null) {
          return errors[c];
        }
      }
      return null;
    }

    /** Empty accumulators for every job. */
    LossAccumulator[][] empty() {
      LossAccumulator[][] accs = new LossAccumulator[jobs.length][];
      for (int i = 0; i < accs.length; i++) {
        accs[i] = jobs[i].newAccumulators();
      }
      return accs;
    }
  }
}
