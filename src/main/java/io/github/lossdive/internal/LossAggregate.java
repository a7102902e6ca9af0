package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.TypedAggregateBase;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Catalyst driver of a {@link LossAccumulator}: a Spark SQL aggregate function, so that a loss
 * is a column of {@code agg} and {@code groupBy}. For each row it reads label, prediction and weight
 * straight from Spark's internal format (a {@link ColumnReader} per input, chosen from the input's
 * resolved type) and folds them through {@link LossPlan#update}; partial accumulators are merged
 * across partitions and only the final struct reaches the driver.
 *
 * <p>Internal: public only because Catalyst copies tree nodes through their public constructor
 * ({@code makeCopy}). Users get it through {@code LossFunctions.aggregate} and {@code summary}.
 */
public final class LossAggregate extends TypedAggregateBase<LossAccumulator> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The struct every loss column returns; {@code LossSummary} reads it. */
  public static final StructType RESULT_TYPE =
      new StructType()
          .add("loss", DataTypes.DoubleType, false)
          .add("rows", DataTypes.LongType, false)
          .add("skipped", DataTypes.LongType, false)
          .add("ignored", DataTypes.LongType, false)
          .add("weightSum", DataTypes.DoubleType, false);

  private final Expression label;
  private final Expression prediction;
  private final Expression weight;
  private final LossPlan plan;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient RowReader reader;

  /**
   * The aggregate of {@code plan} over its input expressions ({@code weight} is not read when the
   * plan is unweighted). Spark copies tree nodes through this constructor: its parameters mirror
   * {@link #productElement}.
   */
  public LossAggregate(Expression label, Expression prediction, Expression weight, LossPlan plan,
      int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.label = label;
    this.prediction = prediction;
    this.weight = weight;
    this.plan = plan;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** A new aggregate, before Spark places its buffer. */
  public LossAggregate(Expression label, Expression prediction, Expression weight, LossPlan plan) {
    this(label, prediction, weight, plan, 0, 0);
  }

  @Override
  public LossAccumulator createAggregationBuffer() {
    return plan.newAccumulator();
  }

  @Override
  public LossAccumulator update(LossAccumulator acc, InternalRow input) {
    RowReader r = reader();
    try {
      if (plan.weightCol() != null) {
        r.weight.read(input);
      }
      r.label.read(input);
      r.prediction.read(input);
    } catch (InvalidValueException e) {
      plan.reject(acc, e);
      return acc;
    }
    plan.update(acc, r.label.value(), r.prediction.value(), r.weight.value(), r.term);
    return acc;
  }

  /** This task's column readers and term, made on first use (Spark runs one copy of a plan per task). */
  private RowReader reader() {
    if (reader == null) {
      reader = new RowReader(this);
    }
    return reader;
  }

  /** The work space of {@link #update}: reused from row to row so the inner loop allocates nothing. */
  private static final class RowReader {
    final ColumnReader label;
    final ColumnReader prediction;
    final ColumnReader weight;
    final LossTerm term = new LossTerm();

    RowReader(LossAggregate a) {
      LossPlan p = a.plan;
      label = new ColumnReader(a.label, p.labelCol());
      prediction = new ColumnReader(a.prediction, p.predictionCol());
      weight = new ColumnReader(a.weight, p.weightCol() == null ? "weight" : p.weightCol());
    }
  }

  @Override
  public LossAccumulator merge(LossAccumulator acc, LossAccumulator other) {
    return acc.merge(other);
  }

  @Override
  public Object eval(LossAccumulator acc) {
    return new GenericInternalRow(new Object[] {plan.loss(acc), acc.rows(), acc.skipped(), acc.ignored(),
        acc.weightSum()});
  }

  @Override
  public byte[] serialize(LossAccumulator acc) {
    return acc.toBytes();
  }

  @Override
  public LossAccumulator deserialize(byte[] bytes) {
    return LossAccumulator.fromBytes(bytes, plan.predictionCol());
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public DataType dataType() {
    return RESULT_TYPE;
  }

  @Override
  protected List<Expression> childList() {
    return List.of(label, prediction, weight);
  }

  @Override
  protected Expression withChildList(List<Expression> c) {
    return new LossAggregate(c.get(0), c.get(1), c.get(2), plan, mutableAggBufferOffset,
        inputAggBufferOffset);
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return new LossAggregate(label, prediction, weight, plan, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(label, prediction, weight, plan, mutableAggBufferOffset, offset);
  }

  @Override
  public String prettyName() {
    return "lossdive_" + plan.name();
  }

  @Override
  public int productArity() {
    return 6;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> label;
      case 1 -> prediction;
      case 2 -> weight;
      case 3 -> plan;
      case 4 -> mutableAggBufferOffset;
      case 5 -> inputAggBufferOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossAggregate;
  }
}
