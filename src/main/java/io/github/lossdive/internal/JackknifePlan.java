package io.github.lossdive.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A job whose standard error is the delete-a-group jackknife's, in the same pass: for any metric,
 * the calibration error's bins included. Each row falls in bucket {@code pmod(xxhash64(id), G)},
 * computed by Spark SQL from the id columns ({@link #bucketColumn}), so buckets do not depend on
 * partitioning or row order; the inner job keeps one set of accumulators per bucket.
 *
 * <p>θ is the inner job's metric over all rows; θ_(g) the same metric over every row outside
 * bucket g, for each of the G′ non-empty buckets; with θ̄ their mean,
 * {@code SE = sqrt((G′−1)/G′ · Σ_g (θ_(g) − θ̄)²)}, and intervals and p-values take Student's t
 * with G′ − 1 degrees of freedom (the result's {@code degreesOfFreedom} field). G′ < 2: SE NaN.
 * For a comparison ({@link PairedPlan}, {@link PairedBinnedPlan}) θ is the difference, and its p-value is
 * {@code 2·(1 − T(|difference|/SE))} (1 when the difference and SE are both 0).
 *
 * @param inner the job whose metric is resampled
 * @param bucketColumn the bucket column, as {@link #bucketColumn(int, List)} names it
 * @param groups G, the number of buckets
 */
public record JackknifePlan(LossJob inner, String bucketColumn, int groups) implements LossJob {
  /** Marks a bucket column's name: what follows is G, then the id columns, separated by it. */
  private static final String MARK = "\u0001";

  /** The name of the bucket column of {@code idColumns} into {@code groups} buckets. */
  public static String bucketColumn(int groups, List<String> idColumns) {
    return MARK + groups + MARK + String.join(MARK, idColumns);
  }

  /**
   * The column a job reads under {@code name}: the named column, or for a bucket column
   * Spark SQL's {@code pmod(xxhash64(id columns...), G)}.
   */
  static Column column(String name) {
    if (!name.startsWith(MARK)) {
      return functions.col(name);
    }
    String[] parts = name.substring(1).split(MARK);
    Column[] ids = Arrays.stream(parts, 1, parts.length).map(functions::col).toArray(Column[]::new);
    return functions.pmod(functions.xxhash64(ids), functions.lit(Long.parseLong(parts[0]))).as(name);
  }

  /**
   * This job with one bucket: the same metric and result fields, its standard error and p-value
   * NaN, its state that of the inner job alone.
   */
  public JackknifePlan withoutResampling() {
    String ids = bucketColumn.substring(bucketColumn.indexOf(MARK, 1));
    return new JackknifePlan(inner, MARK + 1 + ids, 1);
  }

  @Override
  public LossJob withHistogram() {
    return new JackknifePlan(inner.withHistogram(), bucketColumn, groups);
  }

  /** Whether the inner job is a comparison: its metric is the difference, and it has a p-value. */
  private boolean paired() {
    return inner instanceof PairedJob;
  }

  @Override
  public String name() {
    return inner.name() + "_jackknife";
  }

  @Override
  public String[] columns() {
    String[] in = inner.columns();
    String[] out = Arrays.copyOf(in, in.length + 1);
    out[in.length] = bucketColumn;
    return out;
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    int k = inner.newAccumulators().length;
    LossAccumulator[] accs = new LossAccumulator[groups * k];
    for (int g = 0; g < groups; g++) {
      System.arraycopy(inner.newAccumulators(), 0, accs, g * k, k);
    }
    return accs;
  }

  @Override
  public void update(LossAccumulator[] accs, ColumnValue[] values, LossTerm[] scratch) {
    int k = accs.length / groups;
    int bucket = (int) values[values.length - 1].scalar();
    // The inner job reads its own columns by position; the bucket, last, is not one of them.
    inner.update(k == 1 ? new LossAccumulator[] {accs[bucket]} : Arrays.copyOfRange(accs, bucket * k, bucket * k + k),
        values, scratch);
  }

  @Override
  public void reject(LossAccumulator[] accs, InvalidValueException e) {
    // Counted (or thrown) once, in the first bucket: a skipped row adds to no metric.
    inner.reject(Arrays.copyOfRange(accs, 0, accs.length / groups), e);
  }

  @Override
  public StructType resultType() {
    return inner.resultType().add("degreesOfFreedom", DataTypes.DoubleType, false);
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    int k = accs.length / groups;
    InternalRow all = inner.result(merged(accs, k, -1));
    int metric = paired() ? 2 : 0;
    int seField = paired() ? 3 : 5;
    List<Integer> nonEmpty = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      if (accs[g * k].rows() > 0) {
        nonEmpty.add(g);
      }
    }
    int n = nonEmpty.size();
    double se = Double.NaN;
    if (n >= 2) {
      double[] leaveOneOut = nonEmpty.stream()
          .mapToDouble(g -> inner.result(merged(accs, k, g)).getDouble(metric)).toArray();
      double mean = Arrays.stream(leaveOneOut).sum() / n;
      double squares = 0.0;
      for (double t : leaveOneOut) {
        squares += (t - mean) * (t - mean);
      }
      se = Math.sqrt((n - 1.0) / n * squares);
    }
    double df = n - 1.0;
    Object[] fields = new Object[resultType().size()];
    StructType type = inner.resultType();
    for (int i = 0; i < type.size(); i++) {
      fields[i] = all.get(i, type.fields()[i].dataType());
    }
    fields[seField] = se;
    if (paired()) {
      double difference = all.getDouble(metric);
      fields[4] = difference == 0.0 && se == 0.0 ? 1.0 : StudentT.twoSidedPValue(difference / se, df);
    }
    fields[type.size()] = df;
    return new GenericInternalRow(fields);
  }

  /** The buckets' accumulators merged into new ones, all but bucket {@code without} (−1: all). */
  private LossAccumulator[] merged(LossAccumulator[] accs, int k, int without) {
    LossAccumulator[] out = inner.newAccumulators();
    for (int g = 0; g < groups; g++) {
      if (g != without) {
        for (int j = 0; j < k; j++) {
          out[j].merge(accs[g * k + j]);
        }
      }
    }
    return out;
  }
}
