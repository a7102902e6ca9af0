package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.SparkCompat;
import io.github.lossdive.internal.compat.TypedAggregateBase;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * The Catalyst driver of a {@link LossJob}'s accumulators: a Spark SQL aggregate function, so that
 * a loss (or a comparison) is a column of {@code agg} and {@code groupBy}. For each row it reads the
 * job's columns straight from Spark's internal format (a {@link ColumnReader} per input, chosen from
 * the input's resolved type) and folds them through {@link LossJob#update}; partial accumulators are
 * merged across partitions and only the final struct reaches the driver.
 *
 * <p>Internal: public only because Catalyst copies tree nodes through their public constructor
 * ({@code makeCopy}). Users get it through {@code LossFunctions.aggregate}, {@code summary} and
 * {@code comparison}.
 */
public final class LossAggregate extends TypedAggregateBase<LossAccumulator[]> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One input per column the job reads, in the order of its {@link LossJob#columns()}, unread ones left out. */
  private final List<Expression> inputs;
  private final LossJob job;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient RowReader reader;

  /**
   * The aggregate of {@code job} over {@code inputs}. Spark copies tree nodes through this
   * constructor: its parameters mirror {@link #productElement}.
   */
  public LossAggregate(List<Expression> inputs, LossJob job, int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.inputs = List.copyOf(inputs);
    this.job = job;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** The aggregate column of {@code job} over its columns (an unread weight column left out). */
  public static Column column(LossJob job) {
    List<Expression> inputs = new ArrayList<>();
    for (String c : job.columns()) {
      if (c != null) {
        inputs.add(SparkCompat.expression(functions.col(c)));
      }
    }
    return SparkCompat.column(new LossAggregate(inputs, job).toAggregateExpression());
  }

  /** A new aggregate, before Spark places its buffer. */
  public LossAggregate(List<Expression> inputs, LossJob job) {
    this(inputs, job, 0, 0);
  }

  @Override
  public LossAccumulator[] createAggregationBuffer() {
    return job.newAccumulators();
  }

  @Override
  public LossAccumulator[] update(LossAccumulator[] accs, InternalRow input) {
    RowReader r = reader();
    try {
      for (ColumnReader c : r.readers) {
        c.read(input);
      }
    } catch (InvalidValueException e) {
      job.reject(accs, e);
      return accs;
    }
    job.update(accs, r.values, r.scratch);
    return accs;
  }

  /** This task's column readers and terms, made on first use (Spark runs one copy of a plan per task). */
  private RowReader reader() {
    if (reader == null) {
      reader = new RowReader(this);
    }
    return reader;
  }

  /** The work space of {@link #update}: reused from row to row so the inner loop allocates nothing. */
  private static final class RowReader {
    final ColumnReader[] readers;
    /** The job's values, in the order of its columns: a reader's value, or null for an unread column. */
    final ColumnValue[] values;
    final LossTerm[] scratch = {new LossTerm(), new LossTerm()};

    RowReader(LossAggregate a) {
      String[] columns = a.job.columns();
      readers = new ColumnReader[a.inputs.size()];
      values = new ColumnValue[columns.length];
      int next = 0;
      for (int c = 0; c < columns.length; c++) {
        if (columns[c] != null) {
          readers[next] = new ColumnReader(a.inputs.get(next), columns[c]);
          values[c] = readers[next++].value();
        }
      }
    }
  }

  @Override
  public LossAccumulator[] merge(LossAccumulator[] accs, LossAccumulator[] other) {
    for (int i = 0; i < accs.length; i++) {
      accs[i].merge(other[i]);
    }
    return accs;
  }

  @Override
  public Object eval(LossAccumulator[] accs) {
    return job.result(accs);
  }

  @Override
  public byte[] serialize(LossAccumulator[] accs) {
    int size = 0;
    for (LossAccumulator a : accs) {
      size += a.byteSize();
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    for (LossAccumulator a : accs) {
      a.write(b);
    }
    return b.array();
  }

  @Override
  public LossAccumulator[] deserialize(byte[] bytes) {
    LossAccumulator[] accs = job.newAccumulators();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    for (int i = 0; i < accs.length; i++) {
      accs[i] = accs[i].read(b);
    }
    return accs;
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public DataType dataType() {
    return job.resultType();
  }

  @Override
  protected List<Expression> childList() {
    return inputs;
  }

  @Override
  protected Expression withChildList(List<Expression> c) {
    return new LossAggregate(c, job, mutableAggBufferOffset, inputAggBufferOffset);
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
    return new LossAggregate(inputs, job, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(inputs, job, mutableAggBufferOffset, offset);
  }

  @Override
  public String prettyName() {
    return "lossdive_" + job.name();
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> inputs;
      case 1 -> job;
      case 2 -> mutableAggBufferOffset;
      case 3 -> inputAggBufferOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossAggregate;
  }
}
