package io.github.lossdive.internal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * Several jobs' per-row folding, as every driver runs it: over a whole partition ({@link LossPass}),
 * into per-group accumulators ({@link GroupedLossPass}), or in Spark's aggregation buffer
 * ({@link AggregateStep}). Each column is decoded once per row, however many jobs read it, and a
 * row with an unreadable column is rejected by each job that reads that column
 * ({@link LossJob#reject}) and folded normally by the others.
 *
 * @param jobs what to fold
 * @param inputs the column numbers each job reads ({@code inputs[i]}, in the order of its
 *     {@link LossJob#columns()}, −1 for an unread column)
 * @param columns the columns' expressions: bound to the rows {@link Folder#fold} reads, or only
 *     typed, for values handed over by {@link Folder#set}
 * @param names the columns' names, for messages
 */
record RowFold(LossJob[] jobs, int[][] inputs, Expression[] columns, String[] names) implements Serializable {

  /** The columns that {@code jobs} read, each once, in the order a pass binds them. */
  static String[] columnNames(List<? extends LossJob> jobs) {
    return ordinals(jobs).keySet().toArray(new String[0]);
  }

  /** The fold of {@code jobs} over {@code columns}, the expressions of {@link #columnNames} in order. */
  static RowFold of(List<? extends LossJob> jobs, Expression[] columns) {
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
    return empty(List.of(jobs));
  }

  /** Empty accumulators for every job of {@code jobs}, {@code [i]} for job {@code i}. */
  static LossAccumulator[][] empty(List<? extends LossJob> jobs) {
    LossAccumulator[][] accs = new LossAccumulator[jobs.size()][];
    for (int i = 0; i < accs.length; i++) {
      accs[i] = jobs.get(i).newAccumulators();
    }
    return accs;
  }

  /** Folds each of {@code other}'s accumulators into the matching one of {@code into}; {@code other} is unchanged. */
  static void merge(LossAccumulator[][] into, LossAccumulator[][] other) {
    for (int i = 0; i < into.length; i++) {
      for (int j = 0; j < into[i].length; j++) {
        into[i][j].merge(other[i][j]);
      }
    }
  }

  /** A task's folder: its column readers and scratch space, reused from row to row. */
  Folder folder() {
    return new Folder();
  }

  /** A task's reader of rows two at a time, for a jackknife that hashes its buckets. */
  Pairs pairs() {
    return new Pairs();
  }

  /**
   * Rows folded two at a time ({@link Folder#foldPair}), each into its own accumulators (a
   * group's, in the grouped pass): a row is decoded into the first folder and held until the next
   * one is decoded into the second, then both are folded in order. The same as {@link Folder#fold}
   * on each row in turn once {@link #flush} has folded a partition's last odd row. Not thread-safe.
   */
  final class Pairs {
    private final Folder first = new Folder();
    private final Folder second = new Folder();
    /** The accumulators of the row held in {@link #first}, or null when none is held. */
    private LossAccumulator[][] held;

    /** Reads {@code row}, to be folded into {@code accs}; folds the pair once it has two rows. */
    void add(InternalRow row, LossAccumulator[][] accs) {
      if (held == null) {
        first.read(row);
        held = accs;
      } else {
        second.read(row);
        first.foldPair(held, second, accs);
        held = null;
      }
    }

    /** Folds the row held, if any: a partition's last. */
    void flush() {
      if (held != null) {
        first.foldSet(held);
        held = null;
      }
    }
  }

  /** Folds rows for one task; not thread-safe. */
  final class Folder {
    private final ColumnReader[] readers = new ColumnReader[columns.length];
    /** A job's values are the same reused objects for every row: wired once. */
    private final ColumnValue[][] values = new ColumnValue[jobs.length][];
    private final InvalidValueException[] errors = new InvalidValueException[columns.length];
    /** Whether a column of the current row could not be read. */
    private boolean failed;
    private final LossTerm[] scratch = {new LossTerm(), new LossTerm()};
    /** The jackknife jobs whose buckets hash their rows, by job number (null for other jobs). */
    private final JackknifePlan[] hashing = new JackknifePlan[jobs.length];
    /** A pair of rows' hashes for each hashing job, the first row's at [i][0]. */
    private final long[][] pairHashes = new long[jobs.length][2];

    private Folder() {
      for (int i = 0; i < jobs.length; i++) {
        hashing[i] = jobs[i] instanceof JackknifePlan jack && jack.hashes() ? jack : null;
      }
      for (int c = 0; c < readers.length; c++) {
        readers[c] = new ColumnReader(columns[c], names[c], onlyHashed(c));
      }
      for (int i = 0; i < jobs.length; i++) {
        values[i] = new ColumnValue[inputs[i].length];
        for (int c = 0; c < inputs[i].length; c++) {
          values[i][c] = inputs[i][c] < 0 ? null : readers[inputs[i][c]].value();
        }
      }
    }

    /**
     * Whether column {@code c} is read only to be hashed, as a jackknife's id column, which may
     * be of any type; a column any loss reads must hold numbers or vectors.
     */
    private boolean onlyHashed(int c) {
      for (int i = 0; i < jobs.length; i++) {
        for (int k = 0; k < inputs[i].length; k++) {
          boolean id = jobs[i] instanceof JackknifePlan jack && jack.bucketColumn() == null
              && k >= jack.inner().columns().length;
          if (inputs[i][k] == c && !id) {
            return false;
          }
        }
      }
      return true;
    }

    /** Folds {@code row} into every job's accumulators, {@code accs[i]} for job {@code i}. */
    void fold(InternalRow row, LossAccumulator[][] accs) {
      read(row);
      foldSet(accs);
    }

    /** Decodes {@code row}'s columns into this folder, to be folded by {@link #foldSet} or {@link #foldPair} ({@link Pairs}). */
    void read(InternalRow row) {
      for (int c = 0; c < readers.length; c++) {
        try {
          readers[c].read(row);
          errors[c] = null;
        } catch (InvalidValueException e) {
          fail(c, e);
        }
      }
    }

    /** Whether some job hashes its rows' jackknife buckets, which {@link #foldPair} speeds up. */
    boolean hashesBuckets() {
      return Arrays.stream(hashing).anyMatch(Objects::nonNull);
    }

    /**
     * Folds the row this folder {@link #read} into {@code accs}, then the one {@code next} read
     * into {@code nextAccs} (the same accumulators, or another group's): the same as
     * {@link #foldSet} on each in turn, with each hashing jackknife's two hashes computed side by
     * side first ({@link JackknifePlan#hash(ColumnValue[], ColumnValue[], long[])}). Rows with an
     * unreadable column take the one-row path, whose jobs reject them.
     */
    void foldPair(LossAccumulator[][] accs, Folder next, LossAccumulator[][] nextAccs) {
      if (failed || next.failed) {
        foldSet(accs);
        next.foldSet(nextAccs);
        return;
      }
      for (int i = 0; i < jobs.length; i++) {
        if (hashing[i] != null) {
          hashing[i].hash(values[i], next.values[i], pairHashes[i]);
        }
      }
      foldHashed(accs, pairHashes, 0);
      next.foldHashed(nextAccs, pairHashes, 1);
    }

    /** Folds a readable row, each hashing jackknife's hash given as {@code hashes[i][k]}. */
    private void foldHashed(LossAccumulator[][] accs, long[][] hashes, int k) {
      for (int i = 0; i < jobs.length; i++) {
        if (hashing[i] != null) {
          hashing[i].update(accs[i], 0, values[i], scratch, hashes[i][k]);
        } else {
          jobs[i].update(accs[i], values[i], scratch);
        }
      }
    }

    /** Sets column {@code c} of the current row to a value as Spark holds it (null, a vector's struct, an array). */
    void set(int c, Object v) {
      try {
        readers[c].set(v);
        errors[c] = null;
      } catch (InvalidValueException e) {
        fail(c, e);
      }
    }

    /** Sets column {@code c} of the current row to a number. */
    void set(int c, double v) {
      readers[c].set(v);
      errors[c] = null;
    }

    /** Sets column {@code c} of the current row to a long, kept exact for hashing. */
    void set(int c, long v) {
      readers[c].set(v);
      errors[c] = null;
    }

    private void fail(int c, InvalidValueException e) {
      errors[c] = e;
      failed = true;
    }

    /** Folds the row whose every column was {@link #set} into every job's accumulators. */
    void foldSet(LossAccumulator[][] accs) {
      for (int i = 0; i < jobs.length; i++) {
        InvalidValueException error = failed ? firstError(inputs[i]) : null;
        if (error != null) {
          jobs[i].reject(accs[i], error);
        } else {
          jobs[i].update(accs[i], values[i], scratch);
        }
      }
      failed = false;
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
