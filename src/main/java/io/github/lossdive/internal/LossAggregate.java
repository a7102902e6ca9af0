package io.github.lossdive.internal;

import io.github.lossdive.internal.compat.AggregateBase;
import io.github.lossdive.internal.compat.SparkCompat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The Catalyst driver of {@link LossJob}s' accumulators: a Spark SQL aggregate function, so that
 * a loss (or a comparison) is a column of {@code agg} and {@code groupBy}. For each row it reads the
 * jobs' columns straight from Spark's internal format (a {@link ColumnReader} per input, chosen from
 * the input's resolved type, each column once however many jobs read it) and folds them through
 * each {@link LossJob#update} ({@link RowFold}); partial accumulators are merged across partitions
 * and only the final struct reaches the driver. One job's result is its own struct; several jobs'
 * (the batch job's losses per group, in one aggregate column) are a struct of them, {@code j<i>}
 * for job {@code i}.
 *
 * <p>A declarative aggregate: the accumulators live in Spark's aggregation buffer as fixed-width
 * fields ({@link LossAccumulator#fields}), and each step is an {@link AggregateStep} expression with
 * generated code. Spark then plans its {@code HashAggregateExec} with whole-stage code generation:
 * the groups sit in Spark's own binary hash map, which spills to disk when memory runs short, and
 * the aggregate is fused with the scan before it, so columns are read where they lie instead of
 * being copied into rows first. (A typed aggregate of Java objects runs in
 * {@code ObjectHashAggregateExec}, without either, and sorts every input row after 128 groups.)
 *
 * <p>Internal: public only because Catalyst copies tree nodes through their public constructor
 * ({@code makeCopy}). Users get it through {@code LossFunctions.aggregate}, {@code summary} and
 * {@code comparison}.
 */
public final class LossAggregate extends AggregateBase {
  private static final long serialVersionUID = 1L;

  /** One input per column the jobs read, each once, in the order of {@link RowFold#columnNames}. */
  private final List<Expression> inputs;
  private final List<LossJob> jobs;
  /** The buffer's attributes, made once per instance (Spark matches them by identity). */
  private final List<AttributeReference> buffer;

  /**
   * The aggregate of {@code jobs} over {@code inputs}, the columns of
   * {@link RowFold#columnNames}. Spark copies tree nodes through this constructor: its parameters
   * mirror {@link #productElement}.
   */
  public LossAggregate(List<Expression> inputs, List<LossJob> jobs) {
    this.inputs = List.copyOf(inputs);
    this.jobs = List.copyOf(jobs);
    this.buffer = Arrays.stream(bufferSchema(jobs).fields()).map(AggregateBase::attribute).toList();
  }

  /** The aggregate column of {@code job} over its columns (an unread weight column left out). */
  public static Column column(LossJob job) {
    return column(List.of(job));
  }

  /**
   * Buffer fields one job may take in Spark's aggregation. A jackknife keeps its inner job's
   * accumulators once per bucket: a mean loss's 12 fields × 20 buckets fit; a comparison's three
   * accumulators, or the calibration error's 2·bins + 1, per bucket do not: Spark's generated
   * aggregation code outgrows the JVM's 64 KB per method, and the interpreted fallback takes a
   * minute where the pass takes a second.
   */
  static final int MAX_JOB_FIELDS = 256;

  /**
   * The aggregate column of {@code jobs}, each column read once: a struct of {@code j<i>} for
   * several. A jackknife wider than {@link #MAX_JOB_FIELDS} runs with one bucket: the metric is
   * the same, its standard error NaN (the passes, {@link LossPass} and {@link GroupedLossPass},
   * give it).
   */
  public static Column column(List<LossJob> jobs) {
    jobs = jobs.stream().map(j -> j instanceof JackknifePlan jack && bufferSchema(List.of(j)).size() > MAX_JOB_FIELDS
        ? jack.withoutResampling() : j).toList();
    List<Expression> inputs = new ArrayList<>();
    for (String c : RowFold.columnNames(jobs)) {
      inputs.add(SparkCompat.expression(functions.col(c)));
    }
    return SparkCompat.column(new LossAggregate(inputs, jobs).toAggregateExpression());
  }

  /** The result of {@code jobs}: one job's own struct, or a struct of {@code j<i>} for several. */
  static DataType resultType(List<LossJob> jobs) {
    if (jobs.size() == 1) {
      return jobs.get(0).resultType();
    }
    StructField[] fields = new StructField[jobs.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = DataTypes.createStructField("j" + i, jobs.get(i).resultType(), false);
    }
    return new StructType(fields);
  }

  /** The value of {@link #resultType} from complete accumulators, {@code accs[i]} for job {@code i}. */
  static InternalRow result(List<LossJob> jobs, LossAccumulator[][] accs) {
    if (jobs.size() == 1) {
      return jobs.get(0).result(accs[0]);
    }
    Object[] results = new Object[jobs.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = jobs.get(i).result(accs[i]);
    }
    return new GenericInternalRow(results);
  }

  /**
   * The buffer of {@code jobs}: each job's accumulators' fields in turn, named {@code a<i>_<field>}.
   */
  static StructType bufferSchema(List<LossJob> jobs) {
    List<StructField> fields = new ArrayList<>();
    int i = 0;
    for (LossAccumulator[] accs : RowFold.empty(jobs)) {
      for (LossAccumulator a : accs) {
        fields.addAll(List.of(a.fields("a" + i++ + "_")));
      }
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** Loads {@code accs} from their fields' values, from field {@code at} on ({@link LossAccumulator#load}). */
  static LossAccumulator[][] load(LossAccumulator[][] accs, double[] doubles, long[] longs, int at) {
    for (LossAccumulator[] job : accs) {
      for (LossAccumulator a : job) {
        a.load(doubles, longs, at);
        at += a.width();
      }
    }
    return accs;
  }

  /** Stores {@code accs} as their fields' values, from field {@code at} on ({@link LossAccumulator#store}). */
  static void store(LossAccumulator[][] accs, double[] doubles, long[] longs, int at) {
    for (LossAccumulator[] job : accs) {
      for (LossAccumulator a : job) {
        a.store(doubles, longs, at);
        at += a.width();
      }
    }
  }

  @Override
  protected List<AttributeReference> bufferAttributeList() {
    return buffer;
  }

  @Override
  protected List<Expression> initialValueList() {
    double[] doubles = new double[buffer.size()];
    long[] longs = new long[buffer.size()];
    store(RowFold.empty(jobs), doubles, longs, 0);
    BufferRow empty = new BufferRow(aggBufferSchema(), doubles, longs);
    List<Expression> values = new ArrayList<>();
    for (int i = 0; i < buffer.size(); i++) {
      DataType t = buffer.get(i).dataType();
      values.add(Literal.create(empty.genericGet(i), t));
    }
    return values;
  }

  @Override
  protected List<Expression> updateList() {
    List<Expression> children = new ArrayList<>(buffer);
    children.addAll(inputs);
    return fields(new AggregateStep(AggregateStep.Step.UPDATE, jobs, children));
  }

  @Override
  protected List<Expression> mergeList() {
    List<Expression> children = new ArrayList<>(buffer);
    children.addAll(inputBufferAttributeList());
    return fields(new AggregateStep(AggregateStep.Step.MERGE, jobs, children));
  }

  /** Each buffer field of a step's struct: one step per row, however many fields read it. */
  private List<Expression> fields(AggregateStep step) {
    List<Expression> fields = new ArrayList<>();
    for (int i = 0; i < buffer.size(); i++) {
      fields.add(new GetStructField(step, i, Option.empty()));
    }
    return fields;
  }

  @Override
  public Expression evaluateExpression() {
    return new AggregateStep(AggregateStep.Step.RESULT, jobs, new ArrayList<>(buffer));
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public DataType dataType() {
    return resultType(jobs);
  }

  @Override
  protected List<Expression> childList() {
    return inputs;
  }

  @Override
  protected Expression withChildList(List<Expression> c) {
    return new LossAggregate(c, jobs);
  }

  @Override
  public String prettyName() {
    return "lossdive_" + String.join("_", jobs.stream().map(LossJob::name).toList());
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> inputs;
      case 1 -> jobs;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossAggregate;
  }
}
