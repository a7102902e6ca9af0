package io.github.lossdive.functions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import io.github.lossdive.compat.TypedAggregateBase;
import io.github.lossdive.evaluation.LossEvaluator;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.types.DataType;

/**
 * The loss aggregation as a Spark SQL aggregate function: for each row it reads label, prediction
 * and weight straight from Spark's internal format ({@link InternalValues}), runs the
 * {@link RowLoss}, and folds the weighted term into a {@link LossBuffer}; partial buffers are
 * merged across partitions and only the final {@link LossSummary} struct reaches the driver.
 *
 * <p>Being a Catalyst expression, it sees its inputs' resolved types when it runs, so one
 * {@link LossFunctions#aggregate} column works on vectors, arrays and numbers alike, with no
 * per-row conversion to {@code Vector} or {@code Row} objects.
 */
public final class LossAggregate extends TypedAggregateBase<LossBuffer> implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * What the aggregate needs of its evaluator, captured as plain values.
   *
   * @param name the loss's short name, for {@code explain}
   * @param loss the per-row loss
   * @param labelCol label column name, for messages
   * @param predictionCol prediction column name, for messages
   * @param weightCol weight column name, or null when rows are unweighted
   * @param skipInvalid whether invalid rows are skipped and counted
   * @param sum whether the reduction is a sum rather than a weighted mean
   */
  public record Settings(String name, RowLoss loss, String labelCol, String predictionCol, String weightCol,
      boolean skipInvalid, boolean sum) implements Serializable {

    /** The settings of {@code e}'s current params. */
    static Settings of(LossEvaluator<?> e) {
      return new Settings(e.lossName(), e.rowLoss(), e.getLabelCol(), e.getPredictionCol(),
          e.hasWeightCol() ? e.getWeightCol() : null, LossEvaluator.SKIP.equals(e.getHandleInvalid()),
          LossEvaluator.SUM.equals(e.getReduction()));
    }
  }

  /** The aggregate of {@code e} over the given input expressions ({@code weight} is 1.0 when unweighted). */
  static LossAggregate of(LossEvaluator<?> e, Expression label, Expression prediction, Expression weight) {
    return new LossAggregate(label, prediction, weight, Settings.of(e), 0, 0);
  }

  private final Expression label;
  private final Expression prediction;
  private final Expression weight;
  private final Settings settings;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient RowReader reader;

  /** Spark copies tree nodes through this constructor: its parameters mirror {@link #productElement}. */
  public LossAggregate(Expression label, Expression prediction, Expression weight, Settings settings,
      int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.label = label;
    this.prediction = prediction;
    this.weight = weight;
    this.settings = settings;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  @Override
  public LossBuffer createAggregationBuffer() {
    return new LossBuffer();
  }

  @Override
  public LossBuffer update(LossBuffer buffer, InternalRow input) {
    RowReader r = reader();
    Object w;
    Object label;
    Object prediction;
    try {
      w = settings.weightCol() == null ? null : r.weight.read(input);
      label = r.label.read(input);
      prediction = r.prediction.read(input);
    } catch (InvalidValueException e) {
      return reject(buffer, e);
    }
    return accumulate(buffer, label, prediction, w, r.term);
  }

  /**
   * Folds one row, given its values as {@link InternalValues} reads them, into {@code buffer}:
   * {@link #update} after reading, shared with {@link LossPass}, which reads each column once for
   * all its losses. {@code weight} is ignored when the loss is unweighted.
   *
   * @param term scratch space for the row's term, overwritten
   */
  LossBuffer accumulate(LossBuffer buffer, Object label, Object prediction, Object weight, LossTerm term) {
    Settings s = settings;
    double w;
    try {
      w = s.weightCol() == null ? 1.0 : RowValues.weight(weight, s.weightCol());
      s.loss().apply(label, prediction, term);
    } catch (InvalidValueException e) {
      return reject(buffer, e);
    }
    if (term.ignored()) {
      buffer.ignored++;
    } else {
      // A zero-weight row contributes nothing, even where its loss is infinite.
      buffer.add(w == 0.0 ? 0.0 : w * term.value(), w * term.weight(), term.width(), s.predictionCol());
    }
    return buffer;
  }

  /** An invalid row: counted as skipped under {@code handleInvalid=skip}, else the error. */
  LossBuffer reject(LossBuffer buffer, InvalidValueException e) {
    if (!settings.skipInvalid()) {
      throw e;
    }
    buffer.skipped++;
    return buffer;
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
    final InternalValues label;
    final InternalValues prediction;
    final InternalValues weight;
    final LossTerm term = new LossTerm();

    RowReader(LossAggregate a) {
      Settings s = a.settings;
      label = new InternalValues(a.label, s.labelCol());
      prediction = new InternalValues(a.prediction, s.predictionCol());
      weight = new InternalValues(a.weight, s.weightCol());
    }
  }

  @Override
  public LossBuffer merge(LossBuffer buffer, LossBuffer other) {
    return buffer.merge(other, settings.predictionCol());
  }

  /** The reduced loss of a complete buffer, with its counts. */
  LossSummary summary(LossBuffer buffer) {
    return buffer.summary(settings.sum(), settings.skipInvalid() ? "skip" : "error");
  }

  @Override
  public Object eval(LossBuffer buffer) {
    LossSummary s = summary(buffer);
    return new GenericInternalRow(new Object[] {s.loss(), s.rows(), s.skipped(), s.ignored(), s.weightSum()});
  }

  @Override
  public byte[] serialize(LossBuffer buffer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public LossBuffer deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (LossBuffer) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public DataType dataType() {
    return LossSummary.SCHEMA;
  }

  @Override
  protected List<Expression> childList() {
    return List.of(label, prediction, weight);
  }

  @Override
  protected Expression withChildList(List<Expression> c) {
    return new LossAggregate(c.get(0), c.get(1), c.get(2), settings, mutableAggBufferOffset,
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
    return new LossAggregate(label, prediction, weight, settings, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(label, prediction, weight, settings, mutableAggBufferOffset, offset);
  }

  @Override
  public String prettyName() {
    return "lossdive_" + settings.name();
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
      case 3 -> settings;
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
