package io.github.lossdive.functions;

import io.github.lossdive.evaluation.LossEvaluator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Several losses over a whole dataset in one pass: the engine behind
 * {@link LossEvaluator#evaluate} and {@link LossEvaluator#summarize}.
 *
 * <p>It runs the very same per-row code as {@link LossFunctions#aggregate} ({@link LossAggregate}'s
 * update, merge and result, on {@link LossBuffer}s), but drives it itself: one Spark stage reads
 * each partition's rows once, in Spark's internal format with only the needed columns (straight
 * from columnar batches where the source has them, see {@link InternalRows}), folds every
 * loss into its own buffer, and returns the partition's buffers; the driver merges them. Per
 * partition the state is one buffer per loss, and nothing else reaches the driver.
 *
 * <p>Why not {@code df.select(aggregate(e))}: Spark plans an aggregate as two stages with an
 * exchange between them and, for an object-typed buffer, outside whole-stage code generation; on
 * 2M rows × 10 classes that planning and scheduling alone cost as much as the loss itself (see
 * README, Performance). For grouped losses use {@link LossFunctions#aggregate}.
 */
public final class LossPass {
  private LossPass() {}

  /**
   * The summaries of {@code evaluators} over {@code dataset}, in order, from one pass over the data.
   *
   * @throws IllegalArgumentException for a missing or ill-typed column, or bad input, with the
   *     message of {@link LossEvaluator#summarize}
   */
  public static List<LossSummary> summarize(Dataset<?> dataset, List<? extends LossEvaluator<?>> evaluators) {
    for (LossEvaluator<?> e : evaluators) {
      e.validateSchema(dataset.schema());
    }
    Map<String, Integer> ordinals = new LinkedHashMap<>();
    for (LossEvaluator<?> e : evaluators) {
      for (String c : columns(e)) {
        ordinals.putIfAbsent(c, ordinals.size());
      }
    }
    Dataset<Row> selected = dataset.select(ordinals.keySet().stream().map(functions::col).toArray(Column[]::new));
    InternalRows rows = InternalRows.of(selected);
    StructField[] fields = selected.schema().fields();
    LossAggregate[] aggregates = new LossAggregate[evaluators.size()];
    for (int i = 0; i < aggregates.length; i++) {
      LossEvaluator<?> e = evaluators.get(i);
      Expression weight = e.hasWeightCol()
          ? reference(fields, rows, ordinals.get(e.getWeightCol()))
          : Literal.create(1.0, DataTypes.DoubleType);
      aggregates[i] = LossAggregate.of(e, reference(fields, rows, ordinals.get(e.getLabelCol())),
          reference(fields, rows, ordinals.get(e.getPredictionCol())), weight);
    }
    try {
      LossBuffer[] total = rows
          .mapPartitions((Iterator<InternalRow> part) -> List.<LossBuffer[]>of(fold(aggregates, part)).iterator())
          .fold(empty(aggregates.length), (a, b) -> merge(aggregates, a, b));
      List<LossSummary> out = new ArrayList<>();
      for (int i = 0; i < aggregates.length; i++) {
        out.add(aggregates[i].summary(total[i]));
      }
      return out;
    } catch (Exception e) {
      throw UserErrors.unwrap(e);
    }
  }

  /** One partition: every row into every loss's buffer, read once. */
  private static LossBuffer[] fold(LossAggregate[] aggregates, Iterator<InternalRow> rows) {
    LossBuffer[] buffers = empty(aggregates.length);
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      for (int i = 0; i < aggregates.length; i++) {
        aggregates[i].update(buffers[i], row);
      }
    }
    return buffers;
  }

  private static LossBuffer[] merge(LossAggregate[] aggregates, LossBuffer[] a, LossBuffer[] b) {
    for (int i = 0; i < aggregates.length; i++) {
      aggregates[i].merge(a[i], b[i]);
    }
    return a;
  }

  private static LossBuffer[] empty(int n) {
    LossBuffer[] buffers = new LossBuffer[n];
    for (int i = 0; i < n; i++) {
      buffers[i] = new LossBuffer();
    }
    return buffers;
  }

  private static List<String> columns(LossEvaluator<?> e) {
    return e.hasWeightCol()
        ? List.of(e.getLabelCol(), e.getPredictionCol(), e.getWeightCol())
        : List.of(e.getLabelCol(), e.getPredictionCol());
  }

  /** The selected column number {@code column}, bound to its position in {@code rows}. */
  private static Expression reference(StructField[] fields, InternalRows rows, int column) {
    StructField f = fields[column];
    return new BoundReference(rows.ordinal(column), f.dataType(), f.nullable());
  }
}
