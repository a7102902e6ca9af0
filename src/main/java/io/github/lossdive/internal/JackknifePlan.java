package io.github.lossdive.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A job whose standard error is the delete-a-group jackknife's, in the same pass: for any metric,
 * the calibration error's bins included. Each row falls in bucket {@code pmod(xxhash64(id), G)}
 * exactly as Spark SQL computes it, so buckets do not depend on partitioning or row order; the
 * inner job keeps one set of accumulators per bucket. The id is an id column, or else the inner
 * job's own inputs ({@link #hashing}), hashed here from the values the pass decodes anyway (a
 * vector as its dense values, as Spark hashes an {@code array<double>}, a long as a long, any other
 * type by Spark's own hash function): a hash column computed by Spark SQL would copy every row
 * into a new one first, and cost more than the loss.
 *
 * <p>θ is the inner job's metric over all rows; θ_(g) the same metric over every row outside
 * bucket g, for each of the G′ non-empty buckets; with θ̄ their mean,
 * {@code SE = sqrt((G′−1)/G′ · Σ_g (θ_(g) − θ̄)²)}, and intervals and p-values take Student's t
 * with G′ − 1 degrees of freedom (the result's {@code degreesOfFreedom} field). G′ < 2: SE NaN.
 * For a comparison ({@link PairedPlan}, {@link PairedBinnedPlan}) θ is the difference, and its p-value is
 * {@code 2·(1 − T(|difference|/SE))} (1 when the difference and SE are both 0).
 *
 * @param inner the job whose metric is resampled
 * @param bucketColumn a column that holds each row's bucket number (reduced modulo G), or null
 *     when the buckets are hashed
 * @param idColumns the columns hashed that the inner job does not read, appended to its columns
 * @param hashedInputs the positions in {@link #columns()} of the columns hashed, in order
 * @param buckets {@code pmod} by G, the number of buckets
 */
public record JackknifePlan(LossJob inner, String bucketColumn, String[] idColumns, int[] hashedInputs, Pmod buckets)
    implements LossJob {
  /** Spark SQL's seed of {@code xxhash64}. */
  private static final long SEED = 42L;

  /** The jackknife of {@code inner} whose bucket numbers are given by {@code bucketColumn}. */
  public JackknifePlan(LossJob inner, String bucketColumn, int groups) {
    this(inner, bucketColumn, new String[0], new int[0], Pmod.of(groups));
  }

  /** G, the number of buckets. */
  public int groups() {
    return buckets.divisor();
  }

  /**
   * The jackknife of {@code inner} whose buckets hash the columns {@code ids}, in that order:
   * an id column, or the inner job's own inputs.
   */
  public static JackknifePlan hashing(LossJob inner, List<String> ids, int groups) {
    List<String> columns = new ArrayList<>(Arrays.asList(inner.columns()));
    int read = columns.size();
    int[] positions = new int[ids.size()];
    for (int i = 0; i < positions.length; i++) {
      int at = columns.indexOf(ids.get(i));
      if (at < 0) {
        at = columns.size();
        columns.add(ids.get(i));
      }
      positions[i] = at;
    }
    return new JackknifePlan(inner, null, columns.subList(read, columns.size()).toArray(new String[0]), positions,
        Pmod.of(groups));
  }

  /**
   * This job with one bucket: the same metric and result fields, its standard error and p-value
   * NaN, its state that of the inner job alone.
   */
  public JackknifePlan withoutResampling() {
    return new JackknifePlan(inner, bucketColumn, idColumns, hashedInputs, Pmod.of(1));
  }

  @Override
  public LossJob withHistogram() {
    return new JackknifePlan(inner.withHistogram(), bucketColumn, idColumns, hashedInputs, buckets);
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
    String[] extra = bucketColumn == null ? idColumns : new String[] {bucketColumn};
    String[] out = Arrays.copyOf(in, in.length + extra.length);
    System.arraycopy(extra, 0, out, in.length, extra.length);
    return out;
  }

  @Override
  public LossAccumulator[] newAccumulators() {
    int k = inner.newAccumulators().length;
    LossAccumulator[] accs = new LossAccumulator[groups() * k];
    for (int g = 0; g < groups(); g++) {
      System.arraycopy(inner.newAccumulators(), 0, accs, g * k, k);
    }
    return accs;
  }

  @Override
  public int accumulatorCount() {
    return groups() * inner.accumulatorCount();
  }

  @Override
  public void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch) {
    if (groups() == 1) {
      // One bucket (withoutResampling, where Spark's aggregation cannot hold them all): nothing to hash.
      inner.update(accs, at, values, scratch);
      return;
    }
    update(accs, at, values, scratch, bucketColumn == null ? hash(values) : (long) values[values.length - 1].scalar());
  }

  /** {@link #update} of a row whose hash (or bucket column's value) is {@code hash}. */
  void update(LossAccumulator[] accs, int at, ColumnValue[] values, LossTerm[] scratch, long hash) {
    // The inner job reads its own columns by position; the columns appended are not among them.
    inner.update(accs, at + buckets.apply(hash) * inner.accumulatorCount(), values, scratch);
  }

  /** Whether the buckets are hashed from the rows' values (not given by a column, and more than one). */
  boolean hashes() {
    return bucketColumn == null && groups() > 1;
  }

  /**
   * The hashes of two rows, {@code a}'s into {@code out[0]} and {@code b}'s into {@code out[1]},
   * computed side by side ({@link ColumnValue#xxhash64(ColumnValue, ColumnValue, long[])}): the
   * pass reads rows two at a time for this, and a vector's hash is most of the jackknife's cost.
   */
  void hash(ColumnValue[] a, ColumnValue[] b, long[] out) {
    out[0] = SEED;
    out[1] = SEED;
    for (int p : hashedInputs) {
      ColumnValue.xxhash64(a[p], b[p], out);
    }
  }

  /** The row's {@code xxhash64(inputs...)}, whose {@code pmod} by G is its bucket. */
  private long hash(ColumnValue[] values) {
    long hash = SEED;
    for (int p : hashedInputs) {
      hash = values[p].xxhash64(hash);
    }
    return hash;
  }

  @Override
  public void reject(LossAccumulator[] accs, int at, InvalidValueException e) {
    // Counted (or thrown) once, in the first bucket: a skipped row adds to no metric.
    inner.reject(accs, at, e);
  }

  @Override
  public StructType resultType() {
    return inner.resultType().add("degreesOfFreedom", DataTypes.DoubleType, false);
  }

  @Override
  public InternalRow result(LossAccumulator[] accs) {
    int k = accs.length / groups();
    InternalRow all = inner.result(merged(accs, k, -1));
    int metric = paired() ? 2 : 0;
    int seField = paired() ? 3 : 5;
    List<Integer> nonEmpty = new ArrayList<>();
    for (int g = 0; g < groups(); g++) {
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
    for (int g = 0; g < groups(); g++) {
      if (g != without) {
        for (int j = 0; j < k; j++) {
          out[j].merge(accs[g * k + j]);
        }
      }
    }
    return out;
  }
}
