package io.github.lossdive.internal;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;

/**
 * Several jobs' per-row folding as a pass runs it, whether over a whole partition ({@link LossPass})
 * or into per-group accumulators ({@link GroupedLossPass}): each column is decoded once per row,
 * however many jobs read it, and a row with an unreadable column is rejected by each job that reads
 * that column ({@link LossJob#reject}) and folded normally by the others.
 *
 * @param jobs what to fold
 * @param inputs the column numbers each job reads ({@code inputs[i]}, in the order of its
 *     {@link LossJob#columns()}, −1 for an unread column)
 * @param columns the columns bound to the rows
 * @param names the columns' names, for messages
 */
record RowFold(LossJob[] jobs, int[][] inputs, BoundReference[] columns, String[] names) implements Serializable {

  /** The columns that {@code jobs} read, each once, in the order a pass binds them. */
  static String[] columnNames(List<? extends LossJob> jobs) {
    return ordinals(jobs).keySet().toArray(new String[0]);
  }

  /** The fold of {@code jobs} over rows where {@code columns} are {@link #columnNames}, bound. */
  static RowFold of(List<? extends LossJob> jobs, BoundReference[] columns) {
    Map<String, Integer> ordinals = ordinals(jobs);
    int[][] inputs = new int[jobs.size()][];
    for (int i = 0; i < inputs.length; i++) {
      String[] read = jobs.get(i).columns();
      inputs[i] = new int[read.length];
      for (int c = 0; c < read.length; c++) {
        inputs[i][c] = read[c] == null ? -1 : ordinals.get(read[c]);
      }
    }
    return new RowFold(jobs.toArray(new LossJob[0]), inputs, columns, ordinals.keySet().toArray(new String[0]));
  }

  private static Map<String, Integer> ordinals(List<? extends LossJob> jobs) {
    Map<String, Integer> ordinals = new LinkedHashMap<>();
    for (LossJob job : jobs) {
      for (String c : job.columns()) {
        if (c != null) {
          ordinals.computeIfAbsent(c, k -> ordinals.size());
        }
      }
    }
    return ordinals;
  }

  /** Empty accumulators for every job. */
  LossAccumulator[][] empty() {
    LossAccumulator[][] accs = new LossAccumulator[jobs.length][];
    for (int i = 0; i < accs.length; i++) {
      accs[i] = jobs[i].newAccumulators();
    }
    return accs;
  }

  /** A task's folder: its column readers and scratch space, reused from row to row. */
  Folder folder() {
    return new Folder();
  }

  /** Folds rows for one task; not thread-safe. */
  final class Folder {
    private final ColumnReader[] readers = new ColumnReader[columns.length];
    /** A job's values are the same reused objects for every row: wired once. */
    private final ColumnValue[][] values = new ColumnValue[jobs.length][];
    private final InvalidValueException[] errors = new InvalidValueException[columns.length];
    private final LossTerm[] scratch = {new LossTerm(), new LossTerm()};

    private Folder() {
      for (int c = 0; c < readers.length; c++) {
        readers[c] = new ColumnReader(columns[c], names[c]);
      }
      for (int i = 0; i < jobs.length; i++) {
        values[i] = new ColumnValue[inputs[i].length];
        for (int c = 0; c < inputs[i].length; c++) {
          values[i][c] = inputs[i][c] < 0 ? null : readers[inputs[i][c]].value();
        }
      }
    }

    /** Folds {@code row} into every job's accumulators, {@code accs[i]} for job {@code i}. */
    void fold(InternalRow row, LossAccumulator[][] accs) {
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
        InvalidValueException error = failed ? firstError(inputs[i]) : null;
        if (error != null) {
          jobs[i].reject(accs[i], error);
        } else {
          jobs[i].update(accs[i], values[i], scratch);
        }
      }
    }

    /** The error of a job's first unreadable column, in the order of its columns. */
    private InvalidValueException firstError(int[] in) {
      for (int c : in) {
        if (c >= 0 && errors[c] != null) {
          return errors[c];
        }
      }
      return null;
    }
  }
}
