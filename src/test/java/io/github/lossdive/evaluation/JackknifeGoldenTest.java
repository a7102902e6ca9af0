package io.github.lossdive.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.SparkTestBase;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The delete-a-group jackknife against {@code src/test/python/make_jackknife_goldens.py} (numpy and
 * scipy, from the definitions): cross-entropy unweighted, weighted and with empty buckets, the
 * calibration error binary l1 and multiclass l2 weighted, and paired cross-entropy and calibration error. Each golden
 * row names its bucket; the row gets an {@code id} that Spark's {@code pmod(xxhash64(id), G)} puts
 * there, and the evaluator hashes {@code idCol=id}. Checked through {@code summarize} at 1, 8 and
 * 200 partitions, the aggregate columns (the calibration error's jackknife is too wide for them:
 * the metric alone), {@code summarizeBy} (the grouped pass) and {@code compare}; the metric also
 * through {@code evaluate} and {@code aggregate}, which leave the buckets out.
 */
class JackknifeGoldenTest extends SparkTestBase {
  static final double TOLERANCE = 1e-9;

  record Case(String name, JsonNode json) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws Exception {
    JsonNode root;
    try (InputStream in = JackknifeGoldenTest.class.getResourceAsStream("/golden/jackknife.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Case> out = new ArrayList<>();
    root.get("cases").forEach(c -> out.add(new Case(c.get("name").asText(), c)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithNumpyEverywhere(Case c) {
    JsonNode j = c.json();
    int groups = j.get("groups").asInt();
    LossEvaluator<?> e = evaluator(j);
    Dataset<Row> df = frame(j, groups);
    if (j.has("comparison")) {
      JsonNode want = j.get("comparison");
      for (int partitions : new int[] {1, 8, 200}) {
        LossComparison got = e.compare(df.repartition(partitions), "baseline");
        String at = c + " at " + partitions;
        assertClose(want.get("difference").asDouble(), got.difference(), at + ": difference");
        assertClose(want.get("stdError").asDouble(), got.standardError(), at + ": SE");
        assertClose(want.get("pValue").asDouble(), got.pValue(), at + ": p");
        assertEquals(want.get("degreesOfFreedom").asDouble(), got.degreesOfFreedom(), at);
      }
      LossComparison column = LossComparison.fromRow(df.repartition(8)
          .agg(LossFunctions.comparison(e, "baseline")).head().getStruct(0));
      assertClose(want.get("difference").asDouble(), column.difference(), c + ": comparison column");
      if (j.get("loss").asText().equals("ece")) {
        // Two models' bins in 20 buckets are too wide for Spark's aggregation buffer: no SE there.
        assertEquals(Double.NaN, column.standardError(), c + ": no SE from the comparison column");
      } else {
        assertClose(want.get("stdError").asDouble(), column.standardError(), c + ": comparison column SE");
      }
      return;
    }
    for (int partitions : new int[] {1, 8, 200}) {
      LossSummary s = e.summarize(df.repartition(partitions));
      check(j, s, c + " at " + partitions);
    }
    // evaluate and the aggregate column run the metric alone, without the buckets: the same metric.
    assertClose(j.get("expected").asDouble(), e.evaluate(df.repartition(8)), c + ": evaluate");
    assertClose(j.get("expected").asDouble(), df.repartition(8).agg(LossFunctions.aggregate(e)).head().getDouble(0),
        c + ": aggregate column");
    LossSummary column = LossSummary.fromRow(df.repartition(8).agg(LossFunctions.summary(e)).head().getStruct(0));
    if (j.get("loss").asText().equals("ece")) {
      // Too wide for Spark's aggregation buffer: the aggregate column gives the metric, no SE.
      assertClose(j.get("expected").asDouble(), column.loss(), c + ": summary column");
      assertEquals(Double.NaN, column.standardError(), c + ": no SE from the aggregate column");
    } else {
      check(j, column, c + ": summary column");
    }
    Row grouped = LossFunctions.summarizeBy(df.withColumn("all", functions.lit("x")), List.of("all"), List.of(e))
        .head();
    check(j, LossSummary.fromRow(grouped.getStruct(2)), c + ": summarizeBy");
  }

  private static void check(JsonNode j, LossSummary s, String what) {
    assertClose(j.get("expected").asDouble(), s.loss(), what + ": loss");
    assertClose(j.get("standardError").asDouble(), s.standardError(), what + ": SE");
    assertEquals(j.get("degreesOfFreedom").asDouble(), s.degreesOfFreedom(), what + ": df");
    double[] ci = s.confidenceInterval(0.95);
    assertClose(j.get("interval95").get(0).asDouble(), ci[0], what + ": low");
    assertClose(j.get("interval95").get(1).asDouble(), ci[1], what + ": high");
  }

  private static LossEvaluator<?> evaluator(JsonNode j) {
    LossEvaluator<?> e = LossRegistry.create(j.get("loss").asText());
    ParamMap map = new ParamMap();
    for (Iterator<Map.Entry<String, JsonNode>> it = j.get("params").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) e.getParam(p.getKey());
      map.put(param, param.jsonDecode(p.getValue().toString()));
    }
    e = e.copy(map).setIntervalMethod(LossEvaluator.JACKKNIFE).setJackknifeGroups(j.get("groups").asInt())
        .setIdCol("id");
    return j.get("weighted").asBoolean() ? e.setWeightCol("weight") : e;
  }

  /** The ids 0 to {@code count} − 1 by the bucket Spark's {@code pmod(xxhash64(id), groups)} puts them in. */
  static Map<Integer, Deque<Long>> idsByBucket(org.apache.spark.sql.SparkSession spark, int groups, long count) {
    Map<Integer, Deque<Long>> ids = new HashMap<>();
    for (Row r : spark.range(0, count).select(functions.col("id"),
        functions.pmod(functions.xxhash64(functions.col("id")), functions.lit(groups))).collectAsList()) {
      ids.computeIfAbsent((int) r.getLong(1), k -> new ArrayDeque<>()).add(r.getLong(0));
    }
    return ids;
  }

  /** The rows, each with an id whose Spark hash puts it in its golden bucket. */
  private Dataset<Row> frame(JsonNode j, int groups) {
    Map<Integer, Deque<Long>> ids = idsByBucket(spark, groups, 20_000);
    JsonNode rows = j.get("rows");
    boolean vector = rows.get(0).get("prediction").isArray();
    boolean weighted = j.get("weighted").asBoolean();
    boolean paired = rows.get(0).has("baseline");
    StructType schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.DoubleType)
        .add("probability", vector ? SQLDataTypes.VectorType() : DataTypes.DoubleType);
    if (weighted) {
      schema = schema.add("weight", DataTypes.DoubleType);
    }
    if (paired) {
      schema = schema.add("baseline", vector ? SQLDataTypes.VectorType() : DataTypes.DoubleType);
    }
    List<Row> data = new ArrayList<>();
    for (JsonNode r : rows) {
      List<Object> v = new ArrayList<>(List.of(ids.get(r.get("bucket").asInt()).poll(), r.get("label").asDouble(),
          vector ? Vectors.dense(doubles(r.get("prediction"))) : r.get("prediction").asDouble()));
      if (weighted) {
        v.add(r.get("weight").asDouble());
      }
      if (paired) {
        v.add(vector ? Vectors.dense(doubles(r.get("baseline"))) : r.get("baseline").asDouble());
      }
      data.add(RowFactory.create(v.toArray()));
    }
    Dataset<Row> df = spark.createDataFrame(data, schema);
    // The buckets are Spark's: every row where its golden case put it.
    assertEquals(rows.size(), df.where(functions.pmod(functions.xxhash64(functions.col("id")), functions.lit(groups))
        .geq(0)).count());
    return df;
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, TOLERANCE * Math.max(Math.abs(expected), 1e-300) + 1e-300, what);
  }
}
