package io.github.lossdive.functions;

import io.github.lossdive.evaluation.LossEvaluator;
import java.io.Serializable;
import java.util.ArrayList;
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
  /** Positions in a loss's {@code inputs}: the column numbers of its weight (−1 if none), label, prediction. */
  private static final int WEIGHT = 0;
  private static final int LABEL = 1;
  private static final int PREDICTION = 2;

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
    String[] names = ordinals.keySet().toArray(new String[0]);
    Dataset<Row> selected = dataset.select(Arrays.stream(names).map(functions::col).toArray(Column[]::new));
    InternalRows rows = InternalRows.of(selected);
    StructField[] fields = selected.schema().fields();
    Expression[] columns = new Expression[names.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = new BoundReference(rows.ordinal(c), fields[c].dataType(), fields[c].nullable());
    }
    LossAggregate[] aggregates = new LossAggregate[evaluators.size()];
    int[][] inputs = new int[aggregates.length][];
    for (int i = 0; i < aggregates.length; i++) {
      LossEvaluator<?> e = evaluators.get(i);
      int weight = e.hasWeightCol() ? ordinals.get(e.getWeightCol()) : -1;
      inputs[i] = new int[] {weight, ordinals.get(e.getLabelCol()), ordinals.get(e.getPredictionCol())};
      aggregates[i] = LossAggregate.of(e, columns[inputs[i][LABEL]], columns[inputs[i][PREDICTION]],
          weight < 0 ? Literal.create(1.0, DataTypes.DoubleType) : columns[weight]);
    }
    Pass pass = new Pass(aggregates, inputs, columns, names);
    try {
      LossBuffer[] total = rows
          .mapPartitions((Iterator<InternalRow> part) -> List.<LossBuffer[]>of(pass.fold(part)).iterator())
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

  /**
   * What a task needs: the losses, the column numbers each reads ({@code inputs}), and the columns
   * bound to the rows. Each column is read once per row, however many losses read it; so losses
   * share the decoded values, which {@link RowLoss} promises not to modify.
   */
  private record Pass(LossAggregate[] aggregates, int[][] inputs, Expression[] columns, String[] names)
      implements Serializable {

    /** One partition: every row into every loss's buffer, each column decoded once. */
    LossBuffer[] fold(Iterator<InternalRow> rows) {
      if (aggregates.length == 1) {
        // Nothing to share: the aggregate's own update keeps the row's values out of the heap.
        LossBuffer buffer = new LossBuffer();
        while (rows.hasNext()) {
          aggregates[0].update(buffer, rows.next());
        }
        return new LossBuffer[] {buffer};
      }
      InternalValues[] readers = new InternalValues[columns.length];
      for (int c = 0; c < readers.length; c++) {
        readers[c] = new InternalValues(columns[c], names[c]);
      }
      Object[] values = new Object[columns.length];
      InvalidValueException[] errors = new InvalidValueException[columns.length];
      LossTerm term = new LossTerm();
      LossBuffer[] buffers = empty(aggregates.length);
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        boolean failed = false;
        for (int c = 0; c < readers.length; c++) {
          try {
            values[c] = readers[c].read(row);
            errors[c] = null;
          } catch (InvalidValueException e) {
            values[c] = null;
            errors[c] = e;
            failed = true;
          }
        }
        for (int i = 0; i < aggregates.length; i++) {
          int[] in = inputs[i];
          InvalidValueException error = failed ? firstError(errors, in) : null;
          if (error != null) {
            aggregates[i].reject(buffers[i], error);
          } else {
            aggregates[i].accumulate(buffers[i], values[in[LABEL]], values[in[PREDICTION]],
                in[WEIGHT] < 0 ? null : values[in[WEIGHT]], term);
          }
        }
      }
      return buffers;
    }

    /** The error of a loss's first unreadable column, in the order {@code update} reads them. */
    private static InvalidValueException firstError(InvalidValueException[] errors, int[] in) {
      for (int c : in) {
        if (c >= 0 && errors[c] != null) {
          return errors[c];
        }
      }
      return null;
    }
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
}
