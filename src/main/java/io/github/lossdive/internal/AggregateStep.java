package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.AggregateBase;
import io.github.lossdive.internal.compat.ExpressionBase;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.FalseLiteral$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * One step of {@link LossAggregate} as a Catalyst expression: fold a row into a group's buffer
 * ({@link Step#UPDATE}), fold one buffer into another ({@link Step#MERGE}), or turn a buffer into
 * the result struct ({@link Step#RESULT}). The first children are buffer fields (one buffer, two
 * for a merge), every job's accumulators in turn, each laid out as {@link LossAccumulator#fields};
 * an update's further children are the jobs' input columns, each once ({@link RowFold}). The new
 * buffer comes back as a struct (a {@link BufferRow}), whose fields are the aggregate's update and
 * merge expressions: Spark evaluates the step once per row and reads each field from it.
 *
 * <p>Generated code ({@link #doGenCode}) stores the buffer fields into this step's two arrays and
 * hands each input to a typed setter, with no boxing and no row: that is what lets Spark fuse the
 * aggregate with the scan before it (whole-stage code generation), so that a Parquet or cached
 * column is read where it lies. The arrays, accumulators and column readers are made once per task
 * (Spark runs its own copy of a plan's expressions in every task), and the step runs the jobs'
 * plain Java, writing the new buffer back into the same arrays.
 *
 * <p>Internal: public only because generated code and Catalyst's {@code makeCopy} call it.
 */
public final class AggregateStep extends ExpressionBase {
  private static final long serialVersionUID = 1L;

  /** What the step computes. */
  public enum Step {
    /** Folds a row into a buffer. */
    UPDATE,
    /** Folds a second buffer into the first. */
    MERGE,
    /** The job's result struct from a buffer. */
    RESULT
  }

  private final Step step;
  private final List<LossJob> jobs;
  private final List<Expression> children;
  /** The jobs' buffer fields: the struct an update or merge returns. */
  private final StructType buffer;
  /** How many children are buffer fields: one buffer's, or two for a merge. */
  private final int bufferFields;
  private transient State state;

  /**
   * @param children the buffer's fields (twice for a merge), then for an update the jobs' inputs,
   *     the columns of {@link RowFold#columnNames} in order
   */
  public AggregateStep(Step step, List<LossJob> jobs, List<Expression> children) {
    this.step = step;
    this.jobs = List.copyOf(jobs);
    this.children = List.copyOf(children);
    this.buffer = LossAggregate.bufferSchema(jobs);
    this.bufferFields = step == Step.MERGE ? 2 * buffer.length() : buffer.length();
  }

  @Override
  public DataType dataType() {
    return step == Step.RESULT ? LossAggregate.resultType(jobs) : buffer;
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public Object eval(InternalRow row) {
    State s = state();
    for (int i = 0; i < children.size(); i++) {
      Object v = children.get(i).eval(row);
      if (i < bufferFields) {
        if (v instanceof Double d) {
          s.doubles[i] = d;
        } else {
          s.longs[i] = (Long) v;
        }
      } else {
        input(i - bufferFields, v);
      }
    }
    return run();
  }

  /**
   * Generated code: the buffer's fields go straight into this step's arrays ({@link #doubles},
   * {@link #longs}, fetched once per row), each input through a typed setter, then {@link #run}.
   * Array stores rather than a call per field: Spark's generated methods are too large for the JIT
   * to inline a dozen small calls per loss and row.
   */
  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String self = ctx.addReferenceObj("lossStep", this, AggregateStep.class.getName());
    String doubles = ctx.freshName("lossDoubles");
    String longs = ctx.freshName("lossLongs");
    StringBuilder code = new StringBuilder()
        .append("double[] ").append(doubles).append(" = ").append(self).append(".doubles();\n")
        .append("long[] ").append(longs).append(" = ").append(self).append(".longs();\n");
    for (int i = 0; i < children.size(); i++) {
      Expression child = children.get(i);
      ExprCode c = child.genCode(ctx);
      code.append(c.code()).append('\n');
      DataType t = child.dataType();
      if (i < bufferFields) {
        code.append(t == DataTypes.DoubleType ? doubles : longs).append('[').append(i).append("] = ")
            .append(c.value()).append(";\n");
        continue;
      }
      int input = i - bufferFields;
      // A number goes in unboxed; a vector's struct or an array as the object Spark holds.
      // A long goes in as a long: a jackknife's id is hashed exactly, whatever its size.
      String value = t instanceof DecimalType ? c.value() + ".toDouble()"
          : t == DataTypes.LongType ? c.value().toString()
          : t instanceof NumericType ? "(double) " + c.value() : c.value().toString();
      code.append("if (").append(c.isNull()).append(") { ").append(self).append(".input(").append(input)
          .append(", (Object) null); } else { ").append(self).append(".input(").append(input).append(", ")
          .append(value).append("); }\n");
    }
    code.append("InternalRow ").append(ev.value()).append(" = ").append(self).append(".run();\n");
    return new ExprCode(AggregateBase.block(code.toString()), FalseLiteral$.MODULE$, ev.value());
  }

  // ---- called by generated code ----

  /** The double buffer fields' values by field number (other slots unused), filled by generated code. */
  public double[] doubles() {
    return state().doubles;
  }

  /** The long, int and boolean (0 or 1) buffer fields' values by field number, filled by generated code. */
  public long[] longs() {
    return state().longs;
  }

  /** Sets input {@code i} to a number. */
  public void input(int i, double v) {
    state().folder.set(i, v);
  }

  /** Sets input {@code i} to a long. */
  public void input(int i, long v) {
    state().folder.set(i, v);
  }

  /** Sets input {@code i} to a value as Spark holds it (null, a vector's struct, an array). */
  public void input(int i, Object v) {
    state().folder.set(i, v);
  }

  /** Runs the step on the values set: the new buffer (valid until the next row), or the result. */
  public InternalRow run() {
    State s = state();
    LossAccumulator[][] accs = LossAggregate.load(s.accs, s.doubles, s.longs, 0);
    switch (step) {
      case UPDATE -> s.folder.foldSet(accs);
      case MERGE -> RowFold.merge(accs, LossAggregate.load(s.other, s.doubles, s.longs, bufferFields / 2));
      case RESULT -> {
        return LossAggregate.result(jobs, accs);
      }
    }
    LossAggregate.store(accs, s.doubles, s.longs, 0);
    return s.result;
  }

  private State state() {
    if (state == null) {
      state = new State(this);
    }
    return state;
  }

  /** A task's work space, reused from row to row so that the inner loop allocates nothing. */
  private static final class State {
    /** The buffer fields set by the caller, by field number: one buffer, or the two of a merge. */
    final double[] doubles;
    final long[] longs;
    /** The new buffer, over the first fields of the same arrays. */
    final BufferRow result;
    /** The update's inputs, folded into every job (unused by a merge or a result). */
    final RowFold.Folder folder;
    final LossAccumulator[][] accs;
    final LossAccumulator[][] other;

    State(AggregateStep s) {
      doubles = new double[s.bufferFields];
      longs = new long[s.bufferFields];
      result = new BufferRow(s.buffer, doubles, longs);
      Expression[] inputs = s.children.subList(s.bufferFields, s.children.size()).toArray(new Expression[0]);
      folder = s.step == Step.UPDATE ? RowFold.of(s.jobs, inputs).folder() : null;
      accs = RowFold.empty(s.jobs);
      other = RowFold.empty(s.jobs);
    }
  }

  @Override
  protected List<Expression> childList() {
    return children;
  }

  @Override
  protected Expression withChildList(List<Expression> c) {
    return new AggregateStep(step, jobs, c);
  }

  @Override
  public String prettyName() {
    return "lossdive_" + step.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregateStep s && s.step == step && s.jobs.equals(jobs) && s.children.equals(children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, jobs, children);
  }

  @Override
  public int productArity() {
    return 3;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> step;
      case 1 -> jobs;
      case 2 -> children;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof AggregateStep;
  }
}
