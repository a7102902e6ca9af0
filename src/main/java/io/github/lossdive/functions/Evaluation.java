package io.github.lossdive.functions;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.InvalidInputException;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.internal.Engine;
import io.github.lossdive.internal.GroupedLosses;
import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.LossPass;
import io.github.lossdive.internal.compat.SparkCompat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Several named losses, each optionally compared with a baseline model, per group of some
 * columns, from one pass over the data: what the batch job runs, for any Java or Scala caller.
 *
 * <pre>{@code
 * List<GroupResult> r = Evaluation.create()
 *     .loss("crossEntropy", ce)
 *     .loss("hinge", hinge, "baselineScore")   // also compared with the baseline's column
 *     .groupBy("segment")
 *     .collect(df);
 * }</pre>
 *
 * <p>Immutable: every method returns a new evaluation. Without {@code groupBy} the result is one
 * group over the whole dataset, from the single pass of {@link LossEvaluator#evaluate}; with it,
 * up to 16,384 groups come from one pass with no shuffle, more from Spark's aggregation, and the
 * numbers are the same either way.
 */
public final class Evaluation {
  /** One named loss and its baseline column, or null without a comparison. */
  private record Entry(String name, LossEvaluator<?> evaluator, String baselineCol) {}

  /** A group key: its name, its column or expression, and whether it is a column of the input. */
  private record Key(String name, Column column, boolean isInputColumn) {}

  private final List<Entry> losses;
  private final List<Key> keys;
  private final List<String> groupBy;
  private final boolean histograms;

  private Evaluation(List<Entry> losses, List<Key> keys, boolean histograms) {
    this.losses = List.copyOf(losses);
    this.keys = List.copyOf(keys);
    this.groupBy = keys.stream().map(Key::name).toList();
    this.histograms = histograms;
  }

  /** An evaluation of no loss yet, over the whole dataset. */
  public static Evaluation create() {
    return new Evaluation(List.of(), List.of(), false);
  }

  /**
   * Adds a loss under {@code name}.
   *
   * @throws InvalidArgumentException when the name is empty or already taken
   */
  public Evaluation loss(String name, LossEvaluator<?> evaluator) {
    return loss(name, evaluator, null);
  }

  /**
   * Adds a loss under {@code name}, compared with a baseline model's output of the same kind in
   * {@code baselineCol} over the same rows ({@link LossEvaluator#compare}); no comparison when
   * {@code baselineCol} is null.
   *
   * @throws InvalidArgumentException when the name is empty or already taken
   */
  public Evaluation loss(String name, LossEvaluator<?> evaluator, String baselineCol) {
    if (name == null || name.isEmpty() || names().contains(name)) {
      throw new InvalidArgumentException("A loss needs a name of its own, but got " + name + " after " + names() + ".");
    }
    List<Entry> more = new ArrayList<>(losses);
    more.add(new Entry(name, evaluator.copy(ParamMap.empty()), baselineCol));
    return new Evaluation(more, keys, histograms);
  }

  /** One result per distinct value of these columns (null is a value); none: the whole dataset. */
  public Evaluation groupBy(List<String> columns) {
    return new Evaluation(losses, columns.stream().map(c -> new Key(c, functions.col(c), true)).toList(), histograms);
  }

  /**
   * One result per distinct value of these columns or named expressions, as
   * {@code Dataset.groupBy(Column...)} groups: over a watermarked stream, an event-time window
   * ({@code window(col("ts"), "1 hour").as("window")}) and key columns, which {@link #toDF}
   * aggregates in Spark's state store. An expression needs a name ({@code .as(name)}): it names
   * the key in the results.
   *
   * @throws InvalidArgumentException for an expression without a name
   */
  public Evaluation groupBy(Column... columns) {
    List<Key> named = new ArrayList<>();
    for (Column c : columns) {
      String column = SparkCompat.columnName(c);
      String alias = SparkCompat.alias(c);
      if (column != null) {
        named.add(new Key(column, c, true));
      } else if (alias != null) {
        named.add(new Key(alias, c, false));
      } else {
        throw new InvalidArgumentException("A group key " + c + " needs a name: give it one with .as(name).");
      }
    }
    return new Evaluation(losses, named, histograms);
  }

  /** {@link #groupBy(List)}. */
  public Evaluation groupBy(String... columns) {
    return groupBy(List.of(columns));
  }

  /**
   * Whether each summary keeps a histogram of its row losses ({@link LossSummary#histogram()}),
   * as the HTML report draws it. Off by default: it costs a little per row. A loss that is not a
   * mean of row losses (the calibration error) has none.
   */
  public Evaluation withHistograms(boolean keep) {
    return new Evaluation(losses, keys, keep);
  }

  /** The losses' names, in the order they were added. */
  public List<String> names() {
    return losses.stream().map(Entry::name).toList();
  }

  /** The {@code groupBy} columns. */
  public List<String> groupByColumns() {
    return groupBy;
  }

  /** The names of the losses compared with a baseline. */
  public List<String> comparedNames() {
    return losses.stream().filter(e -> e.baselineCol() != null).map(Entry::name).toList();
  }

  /**
   * Checks that every column the losses, their baselines and the groups read exists with a type
   * they accept.
   *
   * @throws InvalidInputException naming the column, and the accepted types or the available columns
   * @throws InvalidArgumentException when no loss was added
   */
  public void validate(StructType schema) {
    if (losses.isEmpty()) {
      throw new InvalidArgumentException("An evaluation needs at least one loss.");
    }
    for (Entry e : losses) {
      e.evaluator().validateSchema(schema);
    }
    Set<String> columns = Set.of(schema.fieldNames());
    for (Key k : keys) {
      if (k.isInputColumn() && !columns.contains(k.name())) {
        throw new InvalidInputException("Group column " + k.name() + " does not exist. Available columns: "
            + String.join(", ", schema.fieldNames()) + ".");
      }
    }
    for (Entry e : losses) {
      if (e.baselineCol() != null) {
        e.evaluator().copy(ParamMap.empty()).setPredictionCol(e.baselineCol()).validateSchema(schema);
      }
    }
  }

  /**
   * Every group's results, computed now and held by the driver, in the order of the group keys
   * (Spark's ordering: nulls first).
   *
   * @throws io.github.lossdive.LossDiveException for bad input, with the message of
   *     {@link LossEvaluator#summarize}
   */
  public List<GroupResult> collect(Dataset<?> dataset) {
    validate(dataset.schema());
    List<LossJob> jobs = jobs();
    if (groupBy.isEmpty()) {
      List<LossAccumulator[]> accs = LossPass.run(dataset, jobs);
      List<Row> results = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        results.add(jobs.get(i).resultRow(accs.get(i)));
      }
      // Every row is counted, skipped or ignored by each loss: any loss's three counts add up.
      LossSummary first = LossSummary.fromRow(results.get(0));
      return List.of(reader().group(Map.of(), first.rows() + first.skipped() + first.ignored(), results));
    }
    Reader reader = reader();
    List<GroupResult> out = new ArrayList<>();
    for (Row r : GroupedLosses.collectInKeyOrder(withKeys(dataset), groupBy, jobs)) {
      out.add(reader.call(r));
    }
    return out;
  }

  /**
   * The results as a DataFrame with one row per group: the {@code groupBy} columns, {@code rows},
   * each loss's {@link LossFunctions#summary} struct under its name, then each comparison's
   * {@link LossFunctions#comparison} struct under {@code <name>_comparison}. Up to 16,384 groups
   * are computed now, by one pass; more are left to Spark's aggregation, unevaluated, so that a
   * million groups can go straight to files. {@link #resultOf} reads one row back.
   */
  public Dataset<Row> toDF(Dataset<?> dataset) {
    validate(dataset.schema());
    List<Column> named = new ArrayList<>();
    groupBy.forEach(k -> named.add(functions.col(k)));
    named.add(functions.col("rows"));
    int j = 0;
    for (Entry e : losses) {
      named.add(functions.col("j" + j++).as(e.name()));
    }
    for (Entry e : losses) {
      if (e.baselineCol() != null) {
        named.add(functions.col("j" + j++).as(e.name() + "_comparison"));
      }
    }
    Dataset<Row> grouped = dataset.isStreaming() || keys.isEmpty()
        ? GroupedLosses.aggregated(dataset.toDF(), keys.stream().map(Key::column).toList(), jobs())
        : GroupedLosses.of(withKeys(dataset), groupBy, jobs());
    return grouped.select(named.toArray(new Column[0]));
  }

  /**
   * The dataset with each key expression as a column of its name, for the drivers that group by
   * columns. Not for a stream's aggregation: a window computed first would lose the watermark.
   */
  private Dataset<Row> withKeys(Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    for (Key k : keys) {
      if (!k.isInputColumn()) {
        df = df.withColumn(k.name(), k.column());
      }
    }
    return df;
  }

  /** One row of {@link #toDF} as a typed result. */
  public GroupResult resultOf(Row row) {
    return reader().call(row);
  }

  /**
   * {@link #resultOf} as a serializable function, for Spark to apply to {@link #toDF}'s rows on
   * executors ({@code toDF(df).javaRDD().map(resultReader())}): the evaluators themselves are
   * not serializable, the reader holds only names.
   */
  public Function<Row, GroupResult> resultReader() {
    return reader();
  }

  private Reader reader() {
    return new Reader(groupBy, names(), losses.stream().map(e -> e.baselineCol() != null).toList());
  }

  /** Reads a row of {@link #toDF}: each loss's summary, then each comparison, by position. */
  private record Reader(List<String> groupBy, List<String> names, List<Boolean> compared)
      implements Function<Row, GroupResult> {
    @Override
    public GroupResult call(Row row) {
      Map<String, Object> key = new LinkedHashMap<>();
      for (int k = 0; k < groupBy.size(); k++) {
        key.put(groupBy.get(k), row.get(k));
      }
      List<Row> results = new ArrayList<>();
      for (int i = groupBy.size() + 1; i < row.size(); i++) {
        results.add(row.getStruct(i));
      }
      return group(key, row.getLong(groupBy.size()), results);
    }

    /** A group from its result structs in job order: each loss's summary, then each comparison. */
    GroupResult group(Map<String, Object> key, long rows, List<Row> results) {
      Map<String, LossSummary> summaries = new LinkedHashMap<>();
      Map<String, LossComparison> comparisons = new LinkedHashMap<>();
      int next = names.size();
      for (int i = 0; i < names.size(); i++) {
        summaries.put(names.get(i), LossSummary.fromRow(results.get(i)));
        if (compared.get(i)) {
          comparisons.put(names.get(i), LossComparison.fromRow(results.get(next++)));
        }
      }
      return new GroupResult(key, rows, summaries, comparisons);
    }
  }

  /** The engine's jobs: each loss (with its histogram when asked), then each comparison. */
  private List<LossJob> jobs() {
    List<LossJob> jobs = new ArrayList<>();
    for (Entry e : losses) {
      LossJob job = Engine.job(e.evaluator());
      jobs.add(histograms ? job.withHistogram() : job);
    }
    for (Entry e : losses) {
      if (e.baselineCol() != null) {
        jobs.add(Engine.comparison(e.evaluator(), e.baselineCol()));
      }
    }
    return jobs;
  }
}
