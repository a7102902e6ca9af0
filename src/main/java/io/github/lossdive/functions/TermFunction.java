package io.github.lossdive.functions;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;

/**
 * The per-row half of a loss aggregation: decodes the sample weight, runs the {@link RowLoss} and
 * returns the weighted {@link LossAggregator#TERM} struct, or a skipped marker for an invalid row
 * under {@code handleInvalid=skip}.
 *
 * <p>Registered as an untyped Java UDF, so Spark hands it each column's own value (a
 * {@code Vector}, a {@code Seq}, a boxed number) and one column of the aggregate works on any
 * accepted input type without knowing the schema in advance.
 */
final class TermFunction implements UDF3<Object, Object, Object, Row> {
  private static final long serialVersionUID = 1L;

  private static final Row SKIPPED_ROW = RowFactory.create(0.0, 0.0, 0, LossAggregator.SKIPPED);
  private static final Row IGNORED_ROW = RowFactory.create(0.0, 0.0, 0, LossAggregator.IGNORED);

  private final RowLoss loss;
  private final String weightCol;
  private final boolean skipInvalid;

  /** {@code weightCol} is null when rows are unweighted. */
  TermFunction(RowLoss loss, String weightCol, boolean skipInvalid) {
    this.loss = loss;
    this.weightCol = weightCol;
    this.skipInvalid = skipInvalid;
  }

  @Override
  public Row call(Object label, Object prediction, Object weight) {
    try {
      double w = weightCol == null ? 1.0 : RowValues.weight(weight, weightCol);
      LossTerm term = loss.apply(label, prediction);
      if (term.ignored()) {
        return IGNORED_ROW;
      }
      // A zero-weight row contributes nothing, even where its loss is infinite.
      double weighted = w == 0.0 ? 0.0 : w * term.value();
      return RowFactory.create(weighted, w * term.weight(), term.width(), LossAggregator.CONTRIBUTES);
    } catch (InvalidValueException e) {
      if (skipInvalid) {
        return SKIPPED_ROW;
      }
      throw e;
    }
  }
}
