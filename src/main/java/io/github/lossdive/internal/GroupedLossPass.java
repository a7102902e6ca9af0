package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.AggregateBase;
import io.github.lossdive.internal.compat.SparkCompat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Several jobs per group, the engine behind the batch job's {@code --group-by}: the same results
 * as {@code groupBy(keys).agg(...)} of each job's {@link LossAggregate}, faster.
 *
 * <p>Each task folds its rows as {@link LossPass} does (straight from columnar batches where the
 * source has them, each column decoded once for every job), but into one set of accumulators per
 * group, kept in a hash map of the group keys. At most {@code maxGroups} groups are held at a time:
 * when the map is full, or the partition ends, its groups leave the task as partial rows (keys, row
 * count, every job's accumulators as the fields of {@link LossAggregate#bufferSchema}), and Spark's
 * own aggregation merges the partial rows of each group ({@link LossAggregate#merging}), shuffling
 * and spilling as for any {@code groupBy}. Nothing per group is held on the driver.
 *
 * <p>Why not the aggregate columns themselves: Spark's hash aggregation updates each group's buffer
 * in its binary map field by field, for every row, and an aggregate column's buffer has 14 fields.
 * That costs more than the loss; here a row updates plain Java accumulators, and the binary map
 * sees one partial row per group and flush.
 */
public final class GroupedLossPass {
  /**
   * The groups a task holds before it hands them on. Bounds a task's memory to a few tens of MB
   * (about 200 bytes per accumulator and 100 per key), whatever the number of groups.
   */
  static final int MAX_GROUPS = 1 << 16;
  /** The partial rows' column of row counts; a name no input column is expected to have. */
  private static final String ROWS = "lossdive$rows";

  private GroupedLossPass() {}

  /**
   * Per group of {@code keys}: the key columns, {@code rows} (the group's row count), then each
   * job's result struct as column {@code j<i>}, in the order of {@code jobs}. Unevaluated: Spark
   * runs it when the result is read or written. {@code keys} must not be empty.
   */
  public static Dataset<Row> aggregated(Dataset<Row> dataset, List<String> keys, List<? extends LossJob> jobs) {
    return aggregated(dataset, keys, jobs, MAX_GROUPS);
  }

  /** {@link #aggregated} holding at most {@code maxGroups} groups per task at a time. */
  static Dataset<Row> aggregated(Dataset<Row> dataset, List<String> keys, List<? extends LossJob> jobs,
      int maxGroups) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("A grouped pass needs at least one key column.");
    }
    List<Column> read = new ArrayList<>();
    keys.forEach(k -> read.add(functions.col(k)));
    Arrays.stream(RowFold.columnNames(jobs)).forEach(c -> read.add(functions.col(c)));
    Dataset<Row> selected = dataset.select(read.toArray(new Column[0]));
    InternalRows rows = InternalRows.of(selected);
    BoundReference[] columns = rows.columns();

    List<StructField> partial = new ArrayList<>(Arrays.asList(selected.schema().fields()).subList(0, keys.size()));
    partial.add(DataTypes.createStructField(ROWS, DataTypes.LongType, false));
    StructType[] buffers = new StructType[jobs.size()];
    List<Column> merged = new ArrayList<>();
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = LossAggregate.bufferSchema(jobs.get(i));
      List<Column> fields = new ArrayList<>();
      for (StructField f : buffers[i].fields()) {
        String name = "lossdive$j" + i + "_" + f.name();
        partial.add(DataTypes.createStructField(name, f.dataType(), false));
        fields.add(functions.col(name));
      }
      merged.add(LossAggregate.merging(jobs.get(i), fields).as("j" + i));
    }

    Partials task = new Partials(RowFold.of(jobs, Arrays.copyOfRange(columns, keys.size(), columns.length)),
        Arrays.copyOfRange(columns, 0, keys.size()), buffers, maxGroups);
    Dataset<Row> partials = SparkCompat.dataFrame(dataset.sparkSession(), rows.mapPartitions(task::of).rdd(),
        new StructType(partial.toArray(new StructField[0])));
    return partials.groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
        .agg(functions.sum(ROWS).as("rows"), merged.toArray(new Column[0]));
  }

  /**
   * A task's pre-aggregation: its rows grouped by {@code keys}, folded by {@code fold}, handed on
   * as partial rows every {@code maxGroups} groups and at the end.
   */
  private record Partials(RowFold fold, BoundReference[] keys, StructType[] buffers, int maxGroups)
      implements Serializable {

    Iterator<InternalRow> of(Iterator<InternalRow> rows) {
      return new Iterator<>() {
        private final RowFold.Folder folder = fold.folder();
        private final UnsafeProjection keyOf =
            UnsafeProjection.create(AggregateBase.scalaList(Arrays.<Expression>asList(keys)));
        private Iterator<InternalRow> out = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!out.hasNext() && rows.hasNext()) {
            out = fill(rows, folder, keyOf);
          }
          return out.hasNext();
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return out.next();
        }
      };
    }

    /** Reads rows until {@code maxGroups} groups are held or the rows end: those groups' partial rows. */
    private Iterator<InternalRow> fill(Iterator<InternalRow> rows, RowFold.Folder folder, UnsafeProjection keyOf) {
      Map<UnsafeRow, Group> groups = new HashMap<>();
      while (groups.size() < maxGroups && rows.hasNext()) {
        InternalRow row = rows.next();
        UnsafeRow key = keyOf.apply(row);
        Group g = groups.get(key);
        if (g == null) {
          g = new Group(fold.empty());
          groups.put(key.copy(), g);
        }
        g.rows++;
        folder.fold(row, g.accs);
      }
      List<InternalRow> out = new ArrayList<>(groups.size());
      groups.forEach((key, g) -> out.add(partial(key, g)));
      return out.iterator();
    }

    /** A group's partial row: its keys, its row count, every job's buffer fields. */
    private InternalRow partial(UnsafeRow key, Group g) {
      int width = keys.length + 1;
      for (StructType b : buffers) {
        width += b.length();
      }
      Object[] values = new Object[width];
      int at = 0;
      for (int k = 0; k < keys.length; k++, at++) {
        DataType t = keys[k].dataType();
        values[at] = key.isNullAt(k) ? null : key.get(k, t);
      }
      values[at++] = g.rows;
      for (int j = 0; j < buffers.length; j++) {
        double[] doubles = new double[buffers[j].length()];
        long[] longs = new long[buffers[j].length()];
        LossAggregate.store(g.accs[j], doubles, longs, 0);
        BufferRow buffer = new BufferRow(buffers[j], doubles, longs);
        for (int f = 0; f < buffers[j].length(); f++, at++) {
          values[at] = buffer.genericGet(f);
        }
      }
      return new GenericInternalRow(values);
    }
  }

  /** One group's state in a task. */
  private static final class Group {
    final LossAccumulator[][] accs;
    long rows;

    Group(LossAccumulator[][] accs) {
      this.accs = accs;
    }
  }
}
