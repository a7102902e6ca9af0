package io.github.lossdive.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.Seq;

/**
 * A dataset's rows in Spark's internal format, one iterator per partition, for a pass that reads
 * each row once.
 *
 * <p>Where the physical plan reads a source that yields columnar batches (the in-memory cache of
 * primitive columns, vectorized Parquet or ORC) and only picks columns from it, the rows are views
 * into those batches: Spark then need not copy every value into an {@code UnsafeRow} first, which on
 * scalar columns costs more than the loss itself. Otherwise the plan's own rows are read. Either
 * way, {@link #ordinal} says where each of the dataset's columns sits in the rows.
 */
final class InternalRows {
  private final Dataset<Row> dataset;
  /** The columnar source, or null to read the plan's rows. */
  private final SparkPlan columnar;
  private final int[] ordinals;

  private InternalRows(Dataset<Row> dataset, SparkPlan columnar, int[] ordinals) {
    this.dataset = dataset;
    this.columnar = columnar;
    this.ordinals = ordinals;
  }

  /** The rows of {@code dataset}, columnar where its plan allows. */
  static InternalRows of(Dataset<Row> dataset) {
    SparkPlan plan = dataset.queryExecution().executedPlan();
    Seq<Attribute> wanted = plan.output();
    int[] identity = new int[wanted.length()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    SparkPlan source = columnarSource(plan);
    if (source == null) {
      return new InternalRows(dataset, null, identity);
    }
    Seq<Attribute> have = source.output();
    int[] ordinals = new int[wanted.length()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = indexOf(have, wanted.apply(i));
      if (ordinals[i] < 0) {
        return new InternalRows(dataset, null, identity);
      }
    }
    return new InternalRows(dataset, source, ordinals);
  }

  /** Whether the rows are read from columnar batches. */
  boolean isColumnar() {
    return columnar != null;
  }

  /** The position in the rows of the dataset's column number {@code column}. */
  int ordinal(int column) {
    return ordinals[column];
  }

  /** The dataset's columns, in order, bound to where they sit in the rows. */
  BoundReference[] columns() {
    StructField[] fields = dataset.schema().fields();
    BoundReference[] columns = new BoundReference[fields.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = new BoundReference(ordinals[c], fields[c].dataType(), fields[c].nullable());
    }
    return columns;
  }

  /** How many partitions {@link #mapPartitions} runs over. */
  int numPartitions() {
    return columnar == null ? dataset.queryExecution().toRdd().getNumPartitions()
        : columnar.executeColumnar().getNumPartitions();
  }

  /** {@code f} over each partition's rows; a row is valid only until the iterator moves on. */
  <T> JavaRDD<T> mapPartitions(FlatMapFunction<Iterator<InternalRow>, T> f) {
    if (columnar == null) {
      return dataset.queryExecution().toRdd().toJavaRDD().mapPartitions(f);
    }
    return columnar.executeColumnar().toJavaRDD()
        .mapPartitions((Iterator<ColumnarBatch> batches) -> f.call(new BatchRows(batches)));
  }

  /**
   * The plan's columnar source when the plan above it only converts batches to rows and picks
   * columns, else null.
   */
  private static SparkPlan columnarSource(SparkPlan plan) {
    SparkPlan p = plan;
    while (!p.supportsColumnar()) {
      if (p instanceof WholeStageCodegenExec w) {
        p = w.child();
      } else if (p instanceof ColumnarToRowExec c) {
        p = c.child();
      } else if (p instanceof ProjectExec project && onlyColumns(project.projectList())) {
        p = project.child();
      } else {
        return null;
      }
    }
    return p;
  }

  private static boolean onlyColumns(Seq<NamedExpression> projectList) {
    for (int i = 0; i < projectList.length(); i++) {
      if (!(projectList.apply(i) instanceof Attribute)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(Seq<Attribute> attributes, Attribute a) {
    for (int i = 0; i < attributes.length(); i++) {
      if (attributes.apply(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    return -1;
  }

  /** The rows of a partition's batches, one batch after the other. */
  private static final class BatchRows implements Iterator<InternalRow> {
    private final Iterator<ColumnarBatch> batches;
    private Iterator<InternalRow> rows = Collections.emptyIterator();

    BatchRows(Iterator<ColumnarBatch> batches) {
      this.batches = batches;
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext() && batches.hasNext()) {
        rows = batches.next().rowIterator();
      }
      return rows.hasNext();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return rows.next();
    }
  }
}
