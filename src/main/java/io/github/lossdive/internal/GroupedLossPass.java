package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.AggregateBase;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters$;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.RowOrdering$;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.optimizer.NormalizeFloatingNumbers$;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Function2;
import scala.Option;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * Several jobs per group in one pass, when the groups are few: the batch job's {@code --group-by}
 * tries it first, and takes Spark's aggregation of the aggregate columns ({@link LossAggregate})
 * when there are too many groups.
 *
 * <p>One Spark stage, as {@link LossPass}: each task folds its rows (straight from columnar batches
 * where the source has them, each column decoded once for every job) into one set of accumulators
 * per group, in a hash map of the group keys, and returns the map; the driver merges the maps as
 * tasks finish. No shuffle and no second stage: on 1000 groups that is what made Spark's
 * aggregation cost 1.4–1.7 times the ungrouped pass (docs/design.md).
 *
 * <p>Bounded: a task stops as soon as it meets group number {@code maxGroups + 1}, or when more than
 * 90% of its first {@link #PROBE_ROWS} rows started a group, and the driver stops merging when the
 * merged groups exceed {@code maxGroups}; a task also holds no more groups than its share of half
 * of {@code spark.driver.maxResultSize} allows. Memory per task and in the driver is then a few
 * tens of MB at most, and the answer is "too many groups", mostly found out in each task's first
 * rows: Spark's aggregation, which shuffles and spills, takes over.
 */
public final class GroupedLossPass {
  /**
   * The default bound on groups, in a task and merged. Measured on 3M rows (docs/design.md):
   * the pass is faster than Spark's aggregation up to about 8,000 random keys, about as fast from
   * 16,000 to 32,000, and slower at 50,000, where a Java object per group and the tasks' maps sent
   * to the driver cost more than Spark's binary map.
   */
  public static final int MAX_GROUPS = 1 << 14;
  /**
   * A task's first rows, after which it gives up when more than 90% of them started a group: keys
   * that almost never repeat (a user id, a row id) would pass the bound later anyway, and finding
   * that out early costs 16384 rows per task instead of {@code maxGroups} new groups. Random keys
   * within the default bound stay under 90% there (63% at 16,384) and keep the pass.
   */
  static final int PROBE_ROWS = 1 << 14;
  /**
   * Upper estimates of a task's result per group, Java-serialized: per key column, and per
   * accumulator (measured: 135 bytes, 415 with a histogram).
   */
  static final long KEY_BYTES = 128;
  static final long ACCUMULATOR_BYTES = 450;

  private GroupedLossPass() {}

  /** {@link #aggregated(Dataset, List, List, int)} with at most {@link #MAX_GROUPS} groups. */
  public static Optional<Dataset<Row>> aggregated(Dataset<Row> dataset, List<String> keys,
      List<? extends LossJob> jobs) {
    return aggregated(dataset, keys, jobs, MAX_GROUPS);
  }

  /**
   * Per group of {@code keys}, in key order (ascending, nulls first, as {@code orderBy} gives
   * them): the key columns, {@code rows} (the group's row count), then each job's result struct as
   * column {@code j<i>}, in the order of {@code jobs}; or empty when there are more than
   * {@code maxGroups} groups. The pass runs now; the groups' results are a small local DataFrame,
   * which Spark collects, filters and writes without a job of its own.
   *
   * @throws IllegalArgumentException for bad input, as {@link LossPass#run}
   */
  public static Optional<Dataset<Row>> aggregated(Dataset<Row> dataset, List<String> keys,
      List<? extends LossJob> jobs, int maxGroups) {
    // Spark fails a job whose task results pass spark.driver.maxResultSize (0: no limit); use half.
    long limit = dataset.sparkSession().sparkContext().getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    return aggregated(dataset, keys, jobs, maxGroups, limit <= 0 ? Long.MAX_VALUE : limit / 2);
  }

  /**
   * {@link #aggregated(Dataset, List, List, int)} where all task results together may take
   * {@code resultBytes}: each task then holds at most as many groups as its share allows, by
   * {@link #KEY_BYTES} and {@link #ACCUMULATOR_BYTES}.
   */
  static Optional<Dataset<Row>> aggregated(Dataset<Row> dataset, List<String> keys,
      List<? extends LossJob> jobs, int maxGroups, long resultBytes) {
    List<Column> read = new ArrayList<>();
    keys.forEach(k -> read.add(functions.col(k)));
    Arrays.stream(RowFold.columnNames(jobs)).forEach(c -> read.add(functions.col(c)));
    Dataset<Row> selected = dataset.select(read.toArray(new Column[0]));
    Groups groups;
    try {
      groups = SQLExecution.withNewExecutionId(selected.queryExecution(), Option.apply(LossPass.EXECUTION_NAME),
          () -> fold(selected, keys.size(), jobs, maxGroups, resultBytes));
    } catch (Exception e) {
      throw UserErrors.unwrap(e);
    }
    if (groups.tooMany) {
      return Optional.empty();
    }
    List<StructField> keyFields = Arrays.asList(selected.schema().fields()).subList(0, keys.size());
    return Optional.of(dataset.sparkSession().createDataFrame(inKeyOrder(groups, keyFields, jobs),
        resultSchema(keyFields, jobs)));
  }

  /** The result's columns: the keys', {@code rows}, then {@code j<i>} per job. */
  private static StructType resultSchema(List<StructField> keyFields, List<? extends LossJob> jobs) {
    List<StructField> fields = new ArrayList<>(keyFields);
    fields.add(DataTypes.createStructField("rows", DataTypes.LongType, false));
    for (int i = 0; i < jobs.size(); i++) {
      fields.add(DataTypes.createStructField("j" + i, jobs.get(i).resultType(), false));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Every group's result row, sorted by its keys as Spark sorts them. */
  private static List<Row> inKeyOrder(Groups groups, List<StructField> keyFields, List<? extends LossJob> jobs) {
    List<DataType> keyTypes = keyFields.stream().map(StructField::dataType).toList();
    List<InternalRow> internal = new ArrayList<>(groups.map.size());
    groups.map.forEach((key, g) -> internal.add(g.result(key, keyTypes, jobs)));
    internal.sort(RowOrdering$.MODULE$.createNaturalAscendingOrdering(AggregateBase.scalaList(keyTypes)));
    Function1<Object, Object> toRow =
        CatalystTypeConverters$.MODULE$.createToScalaConverter(resultSchema(keyFields, jobs));
    List<Row> rows = new ArrayList<>(internal.size());
    internal.forEach(r -> rows.add((Row) toRow.apply(r)));
    return rows;
  }

  /** Runs the tasks and merges their groups as they finish. */
  private static Groups fold(Dataset<Row> selected, int keys, List<? extends LossJob> jobs, int maxGroups,
      long resultBytes) {
    InternalRows rows = InternalRows.of(selected);
    BoundReference[] columns = rows.columns();
    // As Spark's groupBy does: -0.0 and 0.0 are one key, and so are all NaNs.
    Expression[] keyColumns = Arrays.stream(columns, 0, keys)
        .map(NormalizeFloatingNumbers$.MODULE$::normalize).toArray(Expression[]::new);
    RowFold fold = RowFold.of(jobs, Arrays.copyOfRange(columns, keys, columns.length));
    long perGroup = KEY_BYTES * keys + ACCUMULATOR_BYTES * Arrays.stream(fold.empty()).mapToLong(a -> a.length).sum();
    int perTask = (int) Math.min(maxGroups, resultBytes / Math.max(1, rows.numPartitions()) / perGroup);
    if (perTask < 1) {
      return Groups.overflow();
    }
    Task task = new Task(fold, keyColumns, perTask);
    JavaRDD<Groups> parts = rows.mapPartitions(part -> List.of(task.run(part)).iterator());
    Groups total = new Groups();
    SparkContext sc = selected.sparkSession().sparkContext();
    Function1<scala.collection.Iterator<Groups>, Groups> only =
        (Function1<scala.collection.Iterator<Groups>, Groups> & Serializable) part -> part.next();
    // Spark hands each task's map to the handler as the task finishes, one at a time: the driver
    // never holds every task's map at once.
    Function2<Object, Groups, BoxedUnit> merge = (i, part) -> {
      total.merge(part, maxGroups);
      return BoxedUnit.UNIT;
    };
    sc.runJob(parts.rdd(), only, merge, ClassTag$.MODULE$.apply(Groups.class));
    return total;
  }

  /** What a task runs: its rows grouped by {@code keys}, folded by {@code fold}. */
  private record Task(RowFold fold, Expression[] keys, int maxGroups) implements Serializable {

    /**
     * The partition's groups, or {@link Groups#tooMany} as soon as there are more than
     * {@code maxGroups}, or more than 90% of the first {@link #PROBE_ROWS} rows started one.
     */
    Groups run(Iterator<InternalRow> rows) {
      RowFold.Folder folder = fold.folder();
      // With a jackknife that hashes its buckets, rows are folded two at a time, as LossPass does,
      // each into its own group's accumulators.
      RowFold.Pairs pairs = folder.hashesBuckets() ? fold.pairs() : null;
      UnsafeProjection keyOf = UnsafeProjection.create(AggregateBase.scalaList(Arrays.asList(keys)));
      Groups groups = new Groups();
      for (long read = 1; rows.hasNext(); read++) {
        InternalRow row = rows.next();
        UnsafeRow key = keyOf.apply(row);
        Group g = groups.map.get(key);
        if (g == null) {
          if (groups.map.size() == maxGroups) {
            return Groups.overflow();
          }
          g = new Group(fold.empty());
          groups.map.put(key.copy(), g);
        }
        g.rows++;
        if (pairs == null) {
          folder.fold(row, g.accs);
        } else {
          pairs.add(row, g.accs);
        }
        if (read == PROBE_ROWS && groups.map.size() * 10L > PROBE_ROWS * 9L) {
          return Groups.overflow();
        }
      }
      if (pairs != null) {
        pairs.flush();
      }
      return groups;
    }
  }

  /** Groups by their key (Spark's binary form, compared byte for byte), or too many to hold. */
  private static final class Groups implements Serializable {
    private static final long serialVersionUID = 1L;
    final Map<UnsafeRow, Group> map = new HashMap<>();
    boolean tooMany;

    static Groups overflow() {
      Groups g = new Groups();
      g.tooMany = true;
      return g;
    }

    /** Folds {@code other}'s groups into these; more than {@code max} in all is too many. */
    void merge(Groups other, int max) {
      if (tooMany || other.tooMany) {
        tooMany = true;
        map.clear();
        return;
      }
      for (Map.Entry<UnsafeRow, Group> e : other.map.entrySet()) {
        Group mine = map.putIfAbsent(e.getKey(), e.getValue());
        if (mine != null) {
          mine.merge(e.getValue());
        } else if (map.size() > max) {
          tooMany = true;
          map.clear();
          return;
        }
      }
    }
  }

  /** One group's row count and every job's accumulators. */
  private static final class Group implements Serializable {
    private static final long serialVersionUID = 1L;
    final LossAccumulator[][] accs;
    long rows;

    Group(LossAccumulator[][] accs) {
      this.accs = accs;
    }

    void merge(Group other) {
      rows += other.rows;
      RowFold.merge(accs, other.accs);
    }

    /** The group's row of the result: keys, row count, each job's result. */
    InternalRow result(UnsafeRow key, List<DataType> keyTypes, List<? extends LossJob> jobs) {
      int keys = key.numFields();
      Object[] values = new Object[keys + 1 + jobs.size()];
      for (int k = 0; k < keys; k++) {
        values[k] = key.isNullAt(k) ? null : key.get(k, keyTypes.get(k));
      }
      values[keys] = rows;
      for (int i = 0; i < jobs.size(); i++) {
        values[keys + 1 + i] = jobs.get(i).result(accs[i]);
      }
      return new GenericInternalRow(values);
    }
  }
}
