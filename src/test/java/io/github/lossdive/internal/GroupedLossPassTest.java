package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.github.lossdive.testing.Structs.assertSameStruct;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.KLDivergenceEvaluator;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupedLossPass}, the batch job's {@code --group-by} for up to 16384 groups: every group's
 * row count and every job's result struct equal Spark's own {@code groupBy} aggregation of the same
 * jobs' aggregate columns ({@link LossAggregate}, itself checked against the goldens), keys grouped
 * as Spark groups them; and past its bounds it answers "too many groups" instead of holding them.
 */
class GroupedLossPassTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";
  static final String WIDE = "sample-data/iris-comparison.parquet";

  @Test
  void everyGroupEqualsSparksAggregationOfTheSameJobs() {
    // Keys: a string, and a number that is null for some rows; on 3 partitions.
    Dataset<Row> df = spark.read().parquet(IRIS).repartition(3)
        .withColumn("bucket", functions.expr("CASE WHEN id % 8 = 7 THEN NULL ELSE id % 8 END"));
    List<LossJob> jobs = List.of(
        Engine.job(new CrossEntropyEvaluator()),
        Engine.job(new CrossEntropyEvaluator().setPredictionType("logits").setPredictionCol("rawPrediction").setWeightCol("id")),
        Engine.job(new NegativeLogLikelihoodEvaluator().setPredictionCol("logProbability").setReduction("sum")),
        Engine.job(new HingeLossEvaluator().setPredictionCol("rawPrediction")),
        Engine.job(new KLDivergenceEvaluator().setLabelCol("teacherProbability").setPredictionCol("logProbability")
            .setPredictionType("logProbabilities")));
    assertEquals(df.select("model", "bucket").distinct().count(),
        assertSameAsSparksGroupBy(df, List.of("model", "bucket"), jobs));
    // A comparison against a baseline model, per model.
    Dataset<Row> wide = spark.read().parquet(WIDE).repartition(2);
    assertEquals(3, assertSameAsSparksGroupBy(wide, List.of("label"),
        List.of(new PairedPlan(Engine.plan(new CrossEntropyEvaluator()), "baselineProbability"))));
  }

  @Test
  void invalidRowsAreSkippedAndCountedInTheirGroupOrFailWithTheAggregatesMessage() {
    // The rows of id 3 (one per model) get label 7, not one of the 3 classes.
    Dataset<Row> df = spark.read().parquet(IRIS).withColumn("label",
        functions.when(functions.col("id").equalTo(3), 7.0).otherwise(functions.col("label")));
    assertEquals(2, df.where("label = 7").select("model").distinct().count());
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator().setHandleInvalid("skip");
    assertSameAsSparksGroupBy(df, List.of("model"), List.of(Engine.job(ce), Engine.job(new HingeLossEvaluator()
        .setPredictionCol("rawPrediction").setHandleInvalid("skip"))));
    for (Row g : GroupedLossPass.aggregated(df, List.of("model"), List.of(Engine.job(ce))).orElseThrow().collectAsList()) {
      assertEquals(1, g.getStruct(g.fieldIndex("j0")).<Long>getAs("skipped"), "one row skipped in " + g.get(0));
    }

    List<LossJob> strict = List.of(Engine.job(new CrossEntropyEvaluator()));
    IllegalArgumentException pass = assertThrows(IllegalArgumentException.class,
        () -> GroupedLossPass.aggregated(df, List.of("model"), strict));
    Exception failed = assertThrows(Exception.class, () -> sparksGroupBy(df, List.of("model"), strict).collectAsList());
    IllegalArgumentException aggregate = io.github.lossdive.LossDiveException.in(failed).orElseThrow();
    assertEquals(aggregate.getMessage(), pass.getMessage());
    assertTrue(pass.getMessage().contains("label") && pass.getMessage().contains("7"), pass.getMessage());
  }

  @Test
  void floatingPointKeysGroupAsSparkGroupsThem() {
    // -0.0 and 0.0 are one group for Spark, and so are NaNs of any bit pattern.
    Dataset<Row> df = spark.read().parquet(IRIS).withColumn("x", functions.expr(
        "CASE id % 4 WHEN 0 THEN CAST(0.0 AS DOUBLE) WHEN 1 THEN CAST(-0.0 AS DOUBLE) "
            + "WHEN 2 THEN CAST('NaN' AS DOUBLE) ELSE 1.5 END"));
    assertEquals(3, assertSameAsSparksGroupBy(df, List.of("x"), List.of(Engine.job(new CrossEntropyEvaluator()))));
  }

  @Test
  void tooManyGroupsInATaskOrInAllIsAnAnswerNotAMemoryProblem() {
    List<LossJob> ce = List.of(Engine.job(new CrossEntropyEvaluator()));
    // Two models of the same 56 ids: in one partition, 56 distinct ids.
    Dataset<Row> df = spark.read().parquet(IRIS);
    assertEquals(56, df.select("id").distinct().count());
    Dataset<Row> one = df.coalesce(1);
    assertFalse(GroupedLossPass.aggregated(one, List.of("id"), ce, 55).isPresent(), "56 groups in a task");
    assertTrue(GroupedLossPass.aggregated(one, List.of("id"), ce, 56).isPresent());
    // Two partitions of 100 distinct ids each: 100 groups in each task, 200 merged.
    Dataset<Row> two = spark.range(0, 200, 1, 2).selectExpr("id", "CAST(id % 3 AS DOUBLE) AS label",
        "array(0.2D, 0.3D, 0.5D) AS probability");
    assertEquals(2, two.rdd().getNumPartitions());
    assertFalse(GroupedLossPass.aggregated(two, List.of("id"), ce, 199).isPresent(), "200 merged");
    assertEquals(200, GroupedLossPass.aggregated(two, List.of("id"), ce, 200).orElseThrow().count());
    // Task results limited to what 100 groups of one key and one accumulator take in each of the two
    // tasks (by the pass's own estimate per group), then one byte less: 99 groups per task.
    long hundred = 2 * 100 * (GroupedLossPass.KEY_BYTES + GroupedLossPass.ACCUMULATOR_BYTES);
    assertTrue(GroupedLossPass.aggregated(two, List.of("id"), ce, 1000, hundred).isPresent());
    assertFalse(GroupedLossPass.aggregated(two, List.of("id"), ce, 1000, hundred - 1).isPresent(), "result size");
  }

  @Test
  void aTaskWhoseFirstRowsAreMostlyNewGroupsGivesUpEarly() {
    List<LossJob> ce = List.of(Engine.job(new CrossEntropyEvaluator()));
    int probe = GroupedLossPass.PROBE_ROWS;
    Dataset<Row> rows = spark.range(0, 2L * probe, 1, 1).selectExpr("id", "CAST(id % 3 AS DOUBLE) AS label",
        "array(0.2D, 0.3D, 0.5D) AS probability");
    // Keys id % m, m <= probe: exactly m groups in the first probe rows. 90% of 16384 is 14745.6.
    int kept = probe * 9 / 10;
    assertEquals(14745, kept);
    Optional<Dataset<Row>> most = GroupedLossPass.aggregated(rows.withColumn("k", functions.col("id").mod(kept)),
        List.of("k"), ce, GroupedLossPass.MAX_GROUPS);
    assertTrue(most.isPresent());
    assertEquals(kept, most.get().count());
    // One more: more than 90% of the first rows started a group, given up though the bound is far.
    assertFalse(GroupedLossPass.aggregated(rows.withColumn("k", functions.col("id").mod(kept + 1)),
        List.of("k"), ce, GroupedLossPass.MAX_GROUPS).isPresent());
    // 15,000 keys in random order (ManyGroupsIT's mid-size case): 1 - e^(-16384/15000) = 66% of them,
    // 9,967 or 61% of the first rows, start a group: the pass is kept.
    Dataset<Row> random = spark.range(0, 300_000, 1, 4).selectExpr("pmod(hash(id), 15000) AS k",
        "CAST(id % 3 AS DOUBLE) AS label", "array(0.2D, 0.3D, 0.5D) AS probability");
    assertEquals(15000, GroupedLossPass.aggregated(random, List.of("k"), ce).orElseThrow().count());
  }

  @Test
  void theResultSizeEstimateBoundsWhatATaskSends() throws Exception {
    // A thousand filled accumulators with histograms, Java-serialized as a task result is.
    LossAccumulator[] accs = new LossAccumulator[1000];
    for (int i = 0; i < accs.length; i++) {
      accs[i] = new LossAccumulator("probability", false, true);
      for (int row = 0; row < 40; row++) {
        accs[i].add(0.5 + row, 1.0, 1.0 + i, 3);
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(accs);
    }
    assertTrue(bytes.size() / accs.length < GroupedLossPass.ACCUMULATOR_BYTES, bytes.size() / accs.length + " bytes");
  }

  /** Spark's groupBy of each job's aggregate column, with the row count, as the batch job lays it out. */
  private static Dataset<Row> sparksGroupBy(Dataset<Row> df, List<String> keys, List<LossJob> jobs) {
    Column[] columns = new Column[jobs.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = LossAggregate.column(jobs.get(i)).as("j" + i);
    }
    return df.groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
        .agg(functions.count(functions.lit(1)).as("rows"), columns);
  }

  /**
   * The grouped pass gives every group Spark's groupBy gives, with the same row count and, field by
   * field, the same result structs (counts exactly, sums within 1e-13 relative), in the order
   * Spark's {@code orderBy} of the keys gives: the number of groups.
   */
  private long assertSameAsSparksGroupBy(Dataset<Row> df, List<String> keys, List<LossJob> jobs) {
    Dataset<Row> pass = GroupedLossPass.aggregated(df, keys, jobs).orElseThrow();
    Dataset<Row> spark = sparksGroupBy(df, keys, jobs);
    assertEquals(spark.schema().size(), pass.schema().size());
    for (int i = 0; i < keys.size(); i++) {
      StructField f = pass.schema().fields()[i];
      assertEquals(spark.schema().fields()[i].dataType(), f.dataType(), f.name());
    }
    // In the order of orderBy(keys): ascending, nulls first.
    Column[] order = keys.stream().map(functions::col).toArray(Column[]::new);
    assertEquals(keysOf(spark.orderBy(order), keys.size()), keysOf(pass, keys.size()), "key order");
    Map<List<Object>, Row> expected = byKey(spark, keys.size());
    Map<List<Object>, Row> got = byKey(pass, keys.size());
    assertEquals(expected.keySet(), got.keySet());
    for (Map.Entry<List<Object>, Row> e : expected.entrySet()) {
      Row want = e.getValue();
      Row have = got.get(e.getKey());
      assertEquals(want.getLong(keys.size()), have.getLong(keys.size()), "rows of " + e.getKey());
      for (int j = keys.size() + 1; j < want.size(); j++) {
        assertSameStruct(want.getStruct(j), have.getStruct(j), e.getKey() + " j" + (j - keys.size() - 1));
      }
    }
    return expected.size();
  }

  private static List<List<Object>> keysOf(Dataset<Row> df, int keys) {
    return df.collectAsList().stream().map(r -> key(r, keys)).toList();
  }

  private static Map<List<Object>, Row> byKey(Dataset<Row> df, int keys) {
    Map<List<Object>, Row> out = new HashMap<>();
    for (Row r : df.collectAsList()) {
      assertEquals(null, out.put(key(r, keys), r), "key " + key(r, keys) + " twice");
    }
    return out;
  }

  /** A row's first {@code keys} values. */
  private static List<Object> key(Row r, int keys) {
    List<Object> key = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      key.add(r.get(k));
    }
    return key;
  }

}
