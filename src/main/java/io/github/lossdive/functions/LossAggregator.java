package io.github.lossdive.functions;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's typed aggregation of row terms (from {@link TermFunction}) into a {@link LossSummary}.
 * Partial buffers are combined across partitions with compensated sums, and only the final
 * summary reaches the driver.
 */
final class LossAggregator extends Aggregator<Row, LossBuffer, Row> {
  private static final long serialVersionUID = 1L;

  /** The struct that {@link TermFunction} returns per row. */
  static final StructType TERM =
      new StructType()
          .add("loss", DataTypes.DoubleType, false)
          .add("weight", DataTypes.DoubleType, false)
          .add("width", DataTypes.IntegerType, false)
          .add("status", DataTypes.ByteType, false);

  static final byte CONTRIBUTES = 0;
  static final byte SKIPPED = 1;
  static final byte IGNORED = 2;

  /** The aggregator's input: one column holding the {@link #TERM} struct. */
  static final StructType INPUT = new StructType().add("term", TERM, false);

  private final boolean sum;
  private final String predictionCol;
  private final String handleInvalid;

  LossAggregator(boolean sum, String predictionCol, String handleInvalid) {
    this.sum = sum;
    this.predictionCol = predictionCol;
    this.handleInvalid = handleInvalid;
  }

  @Override
  public LossBuffer zero() {
    return new LossBuffer();
  }

  @Override
  public LossBuffer reduce(LossBuffer b, Row input) {
    Row term = input.getStruct(0);
    switch (term.getByte(3)) {
      case SKIPPED -> b.skipped++;
      case IGNORED -> b.ignored++;
      default -> b.add(term.getDouble(0), term.getDouble(1), term.getInt(2), predictionCol);
    }
    return b;
  }

  @Override
  public LossBuffer merge(LossBuffer a, LossBuffer b) {
    return a.merge(b, predictionCol);
  }

  /**
   * The reduced loss. Fails, rather than return NaN, when no row contributed (empty input, or every
   * row skipped or ignored) or when the weights sum to zero under {@code mean}.
   */
  @Override
  public Row finish(LossBuffer b) {
    if (b.rows == 0) {
      long total = b.skipped + b.ignored;
      throw new IllegalArgumentException(
          total == 0
              ? "Cannot evaluate a loss on an empty dataset."
              : "No rows to evaluate: all "
                  + total
                  + " rows were left out ("
                  + b.skipped
                  + " skipped as invalid under handleInvalid="
                  + handleInvalid
                  + ", "
                  + b.ignored
                  + " with the target ignoreIndex).");
    }
    double weights = b.weightSum.value();
    double total = b.lossSum.value();
    if (!sum && weights == 0.0) {
      throw new IllegalArgumentException(
          "Cannot take the mean of the loss: the weights of all " + b.rows + " rows sum to zero.");
    }
    return new LossSummary(sum ? total : total / weights, b.rows, b.skipped, b.ignored, weights)
        .toRow();
  }

  @Override
  public Encoder<LossBuffer> bufferEncoder() {
    return Encoders.javaSerialization(LossBuffer.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(LossSummary.SCHEMA);
  }
}
