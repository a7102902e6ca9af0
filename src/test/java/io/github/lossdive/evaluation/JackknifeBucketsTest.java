package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without {@code idCol}, a row's jackknife bucket is Spark SQL's
 * {@code pmod(xxhash64(label, prediction[, weight][, baseline]), G)}, a vector hashed as its dense
 * values ({@code vector_to_array}). The reference is Spark itself: each row also gets an
 * {@code id} that Spark's {@code pmod(xxhash64(id), G)} puts in the bucket Spark SQL computes from
 * the row's inputs, and the jackknife without {@code idCol} must equal the one with
 * {@code idCol=id} (loss, SE and degrees of freedom; a comparison's p-value too) for every label
 * type, every vector layout, −0.0 and weights.
 */
class JackknifeBucketsTest extends SparkTestBase {
  private static final int GROUPS = 7;
  private static final int ROWS = 300;
  private static final int CLASSES = 3;

  static Stream<Arguments> layouts() {
    List<Arguments> out = new ArrayList<>();
    for (DataType label : List.of(DataTypes.DoubleType, DataTypes.IntegerType, DataTypes.LongType,
        DataTypes.FloatType, DataTypes.ShortType, DataTypes.ByteType, DataTypes.createDecimalType(10, 2))) {
      out.add(Arguments.of(label.simpleString(), "vector"));
    }
    for (String prediction : List.of("sparse vector", "array<double>", "array<float>")) {
      out.add(Arguments.of("double", prediction));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "label {0}, prediction {1}")
  @MethodSource("layouts")
  void bucketsAreSparkSqlsHashOfTheInputs(String labelType, String prediction) {
    Dataset<Row> df = frame(prediction).withColumn("label", functions.col("label").cast(labelType));
    CrossEntropyEvaluator hashed = new CrossEntropyEvaluator().setWeightCol("weight")
        .setIntervalMethod(LossEvaluator.JACKKNIFE).setJackknifeGroups(GROUPS);
    CrossEntropyEvaluator byId = hashed.copy(new org.apache.spark.ml.param.ParamMap()).setIdCol("id");

    Dataset<Row> single = withIds(df, List.of("label", "probability", "weight"), prediction);
    LossSummary want = byId.summarize(single);
    LossSummary got = hashed.summarize(df.repartition(3));
    assertTrue(want.degreesOfFreedom() >= GROUPS - 2, "rows in most buckets");
    assertEquals(want.loss(), got.loss(), 1e-12);
    assertEquals(want.standardError(), got.standardError(), 1e-12);
    assertEquals(want.degreesOfFreedom(), got.degreesOfFreedom());

    Dataset<Row> paired = withIds(df, List.of("label", "probability", "weight", "baseline"), prediction);
    LossComparison wantPaired = byId.compare(paired, "baseline");
    LossComparison gotPaired = hashed.compare(df.repartition(2), "baseline");
    assertEquals(wantPaired.difference(), gotPaired.difference(), 1e-12);
    assertEquals(wantPaired.standardError(), gotPaired.standardError(), 1e-12);
    assertEquals(wantPaired.pValue(), gotPaired.pValue(), 1e-12);
  }

  /**
   * With {@code idCol}, the bucket is Spark's {@code pmod(xxhash64(id), G)} for an id of any type:
   * a string, and longs past 2^53 (which a double would round), through {@code summarize} and
   * the aggregate column.
   */
  @org.junit.jupiter.api.Test
  void anIdColumnOfAnyTypeIsHashedAsSparkSqlHashesIt() {
    Dataset<Row> df = frame("vector").withColumn("row", functions.monotonically_increasing_id())
        .withColumn("key", functions.concat(functions.lit("row-"), functions.col("row").cast("string")))
        .withColumn("big", functions.lit(1L << 60).plus(functions.col("row").multiply(7919L)))
        .drop("row");
    for (String idCol : List.of("key", "big")) {
      CrossEntropyEvaluator e = new CrossEntropyEvaluator().setWeightCol("weight")
          .setIntervalMethod(LossEvaluator.JACKKNIFE).setJackknifeGroups(GROUPS).setIdCol(idCol);
      Dataset<Row> reference = withIds(df, List.of(idCol), "vector");
      LossSummary want = e.copy(new org.apache.spark.ml.param.ParamMap()).setIdCol("id").summarize(reference);
      LossSummary got = e.summarize(df.repartition(3));
      assertTrue(want.degreesOfFreedom() >= GROUPS - 2, "rows in most buckets");
      assertEquals(want.standardError(), got.standardError(), 1e-12, idCol);
      LossSummary column = LossSummary.fromRow(df.repartition(2).agg(io.github.lossdive.functions.LossFunctions.summary(e))
          .head().getStruct(0));
      assertEquals(want.standardError(), column.standardError(), 1e-12, idCol + ", aggregate column");
    }
  }

  /**
   * The pass reads rows two at a time to hash them side by side, and a row with an unreadable
   * column takes the one-row path. With invalid rows skipped (a probability of 1.5, NaN,
   * probabilities summing to 1.3) in odd places and partitions of odd and even sizes, the hashed
   * jackknife still equals the one with Spark's own buckets ({@code idCol}), and counts the same
   * skipped rows.
   */
  @org.junit.jupiter.api.Test
  void rowsReadInPairsWithInvalidRowsAmongThemFallInSparksBuckets() {
    List<Row> rows = new ArrayList<>(frame("vector").collectAsList());
    Object[] bad = {Vectors.dense(1.5, -0.25, -0.25), Vectors.dense(Double.NaN, 0.5, 0.5),
        Vectors.dense(0.5, 0.6, 0.2)};
    for (int i = 0; i < 30; i++) {
      Row r = rows.get(i * 7 + i % 3);
      rows.set(i * 7 + i % 3, RowFactory.create(r.get(0), bad[i % 3], r.get(2), r.get(3)));
    }
    Dataset<Row> df = spark.createDataFrame(rows, frame("vector").schema());
    CrossEntropyEvaluator hashed = new CrossEntropyEvaluator().setWeightCol("weight").setHandleInvalid("skip")
        .setIntervalMethod(LossEvaluator.JACKKNIFE).setJackknifeGroups(GROUPS);
    CrossEntropyEvaluator byId = hashed.copy(new org.apache.spark.ml.param.ParamMap()).setIdCol("id");
    LossSummary want = byId.summarize(withIds(df, List.of("label", "probability", "weight"), "vector"));
    assertEquals(30, want.skipped());
    for (int partitions : new int[] {1, 3, 4}) {
      LossSummary got = hashed.summarize(df.repartition(partitions));
      assertEquals(want.loss(), got.loss(), 1e-12, partitions + " partitions");
      assertEquals(want.standardError(), got.standardError(), 1e-12, partitions + " partitions");
      assertEquals(want.degreesOfFreedom(), got.degreesOfFreedom());
      assertEquals(30, got.skipped());
    }
  }

  /**
   * Grouped, the pass folds a pair of rows into their own groups' buckets. {@code summarizeBy}
   * (the grouped pass, rows in pairs) equals Spark's aggregation of the summary column per group
   * (row by row) with Spark's own buckets ({@code idCol}), for groups of odd and even sizes, with
   * invalid rows skipped among them.
   */
  @org.junit.jupiter.api.Test
  void groupedRowsReadInPairsFallInSparksBuckets() {
    Dataset<Row> df = frame("vector").withColumn("g", functions.pmod(functions.monotonically_increasing_id(),
        functions.lit(5L))).withColumn("probability", functions.when(functions.rand(11).lt(0.05),
            functions.lit(null)).otherwise(functions.col("probability"))).cache();
    df.count();
    CrossEntropyEvaluator hashed = new CrossEntropyEvaluator().setWeightCol("weight").setHandleInvalid("skip")
        .setIntervalMethod(LossEvaluator.JACKKNIFE).setJackknifeGroups(GROUPS);
    CrossEntropyEvaluator byId = hashed.copy(new org.apache.spark.ml.param.ParamMap()).setIdCol("id");
    Dataset<Row> reference = withIds(df.where("probability IS NOT NULL"), List.of("label", "probability", "weight"),
        "vector").union(withIds(df.where("probability IS NULL"), List.of("label"), "vector"));
    Map<Long, Row> want = new java.util.HashMap<>();
    for (Row r : reference.groupBy("g").agg(io.github.lossdive.functions.LossFunctions.summary(byId)).collectAsList()) {
      want.put(r.getLong(0), r.getStruct(1));
    }
    List<Row> got = io.github.lossdive.functions.LossFunctions.summarizeBy(df.repartition(3), List.of("g"),
        List.of(hashed)).collectAsList();
    assertEquals(5, got.size());
    for (Row r : got) {
      LossSummary w = LossSummary.fromRow(want.get(r.getLong(0)));
      LossSummary g = LossSummary.fromRow(r.getStruct(2));
      assertTrue(w.skipped() > 0, "invalid rows in every group");
      assertEquals(w.loss(), g.loss(), 1e-12);
      assertEquals(w.standardError(), g.standardError(), 1e-12);
      assertEquals(w.degreesOfFreedom(), g.degreesOfFreedom());
      assertEquals(w.skipped(), g.skipped());
    }
  }

  /** Rows of 3-class probabilities (some with −0.0 entries), a weight and a baseline. */
  private Dataset<Row> frame(String prediction) {
    SplittableRandom random = new SplittableRandom(2027);
    boolean vector = prediction.endsWith("vector");
    DataType type = vector ? SQLDataTypes.VectorType()
        : DataTypes.createArrayType(prediction.equals("array<float>") ? DataTypes.FloatType : DataTypes.DoubleType, false);
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("probability", type)
        .add("weight", DataTypes.DoubleType).add("baseline", type);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(RowFactory.create((double) random.nextInt(CLASSES), probabilities(random, prediction),
          0.5 + random.nextInt(4) / 2.0, probabilities(random, prediction)));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Object probabilities(SplittableRandom random, String prediction) {
    double[] p = new double[CLASSES];
    // A quarter of the rows put nothing on the last class, as −0.0: hashed as 0.0.
    boolean zero = random.nextInt(4) == 0;
    double a = 0.05 + 0.9 * random.nextDouble();
    p[0] = zero ? a : a / 2;
    p[1] = 1 - p[0] - (zero ? 0 : a / 2);
    p[2] = zero ? -0.0 : a / 2;
    if (prediction.equals("array<float>")) {
      float[] f = {(float) p[0], (float) p[1], (float) p[2]};
      f[1] = 1f - f[0] - f[2];
      return List.of(f[0], f[1], f[2]);
    }
    return switch (prediction) {
      case "vector" -> Vectors.dense(p);
      case "sparse vector" -> Vectors.dense(p).toSparse();
      default -> List.of(p[0], p[1], p[2]);
    };
  }

  /** {@code df} with an {@code id} that Spark hashes into the bucket Spark SQL computes from {@code inputs}. */
  private Dataset<Row> withIds(Dataset<Row> df, List<String> inputs, String prediction) {
    Map<Integer, Deque<Long>> ids = JackknifeGoldenTest.idsByBucket(spark, GROUPS, 20L * ROWS);
    Column[] hashed = inputs.stream().map(c -> c.equals("probability") || c.equals("baseline")
        ? prediction.endsWith("vector") ? org.apache.spark.ml.functions.vector_to_array(functions.col(c), "float64")
        : functions.col(c) : functions.col(c)).toArray(Column[]::new);
    Dataset<Row> bucketed = df.withColumn("bucket", functions.pmod(functions.xxhash64(hashed), functions.lit(GROUPS)));
    List<Row> rows = new ArrayList<>();
    for (Row r : bucketed.collectAsList()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < r.size() - 1; i++) {
        v[i] = r.get(i);
      }
      v[r.size() - 1] = ids.get((int) r.getLong(r.size() - 1)).poll();
      rows.add(RowFactory.create(v));
    }
    StructType schema = new StructType(java.util.Arrays.copyOf(df.schema().fields(), df.schema().size()))
        .add("id", DataTypes.LongType);
    return spark.createDataFrame(rows, schema);
  }
}
