package io.github.lossdive.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CalibrationErrorEvaluator;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.testing.SparkTestBase;
import io.github.lossdive.testing.Structs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The aggregate columns in Structured Streaming: a watermarked aggregation per event-time window
 * and segment, fed in three parts with a restart from the checkpoint before each, gives every
 * window the batch numbers over the same rows (the batch aggregation of the same columns is itself
 * held to {@code evaluate} and the goldens elsewhere), in append and update modes, with both state
 * store providers.
 */
class StreamingColumnsTest extends SparkTestBase {
  static final double TOLERANCE = 1e-12;
  static final StructType SCHEMA = StructType.fromDDL(
      "ts TIMESTAMP, segment INT, label DOUBLE, probability ARRAY<DOUBLE>, baseline ARRAY<DOUBLE>, id BIGINT");
  static final String HDFS = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
  static final String ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
  /** What each micro-batch wrote, by the test that runs: foreachBatch runs in the driver. */
  static final ConcurrentLinkedQueue<Row> WRITTEN = new ConcurrentLinkedQueue<>();

  /**
   * Part p's rows, out of order over the 84 minutes from 2026-12-01 00:00 plus p hours: each part
   * reaches 24 minutes into the next hour, and the next part starts after the watermark that
   * leaves (30 minutes behind the latest row), so no row is late and the stream sees every row.
   */
  Dataset<Row> part(int part) {
    return spark.range(part * 400L, part * 400L + 400L, 1, 2).selectExpr(
        "timestamp_seconds(1796083200 + " + part + " * 3600 + pmod(id * 7919, 5040)) AS ts", "CAST(id % 3 AS INT) AS segment",
        "CAST(pmod(id * 31, 4) AS DOUBLE) AS label",
        "transform(array(1.0D + sin(id), 1.5D + cos(id), 1.2D, 1.0D + sin(id * 3)),"
            + " x -> x / (4.7D + sin(id) + cos(id) + sin(id * 3))) AS probability",
        "array(0.25D, 0.25D, 0.25D, 0.25D) AS baseline", "id");
  }

  /** A last row far in the future: the watermark passes every earlier window's end. */
  Dataset<Row> closer() {
    return spark.range(10_000L, 10_001L, 1, 1).selectExpr("timestamp_seconds(1796083200 + 86400) AS ts",
        "0 AS segment", "0.0D AS label", "array(0.25D, 0.25D, 0.25D, 0.25D) AS probability",
        "array(0.25D, 0.25D, 0.25D, 0.25D) AS baseline", "id");
  }

  static List<Column> columns(LossEvaluator<?> ce, LossEvaluator<?> ece) {
    return List.of(functions.count(functions.lit(1)).as("rows"), LossFunctions.summary(ce).as("ce"),
        LossFunctions.comparison(ce, "baseline").as("cmp"), LossFunctions.aggregate(ece).as("ece"));
  }

  Dataset<Row> windows(Dataset<Row> df, LossEvaluator<?> ce, LossEvaluator<?> ece) {
    List<Column> c = columns(ce, ece);
    return df.groupBy(functions.window(functions.col("ts"), "1 hour"), functions.col("segment"))
        .agg(c.get(0), c.subList(1, c.size()).toArray(new Column[0]));
  }

  @ParameterizedTest(name = "{0} mode, {1}")
  @CsvSource({"append, " + HDFS, "update, " + ROCKSDB})
  void everyWindowEqualsTheBatchAggregationAcrossRestarts(String mode, String provider, @TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    CalibrationErrorEvaluator ece = new CalibrationErrorEvaluator().setNumBins(5).setIdCol("id");
    spark.conf().set("spark.sql.streaming.stateStore.providerClass", provider);
    WRITTEN.clear();
    List<Dataset<Row>> parts = List.of(part(0), part(1), part(2), closer());
    for (int p = 0; p < parts.size(); p++) {
      parts.get(p).write().json(input.resolve("part" + p).toString());
      Dataset<Row> stream = spark.readStream().schema(SCHEMA).json(input.resolve("*").toString())
          .withWatermark("ts", "30 minutes");
      // A restart from the checkpoint for each part: the windows' state is read back each time.
      StreamingQuery q = windows(stream, ce, ece).writeStream().outputMode(mode)
          .option("checkpointLocation", dir.resolve("checkpoint").toString())
          .trigger(Trigger.AvailableNow())
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> WRITTEN.addAll(batch.collectAsList()))
          .start();
      q.awaitTermination();
      assertTrue(q.exception().isEmpty(), () -> q.exception().get().toString());
    }
    Dataset<Row> all = parts.get(0).union(parts.get(1)).union(parts.get(2));
    Map<String, Row> batch = new HashMap<>();
    for (Row r : windows(all, ce, ece).collectAsList()) {
      batch.put(key(r), r);
    }
    // Update mode writes a window each time it changes: its last row is its result.
    Map<String, Row> streamed = new HashMap<>();
    Map<String, Integer> times = new HashMap<>();
    for (Row r : WRITTEN) {
      streamed.put(key(r), r);
      times.merge(key(r), 1, Integer::sum);
    }
    assertEquals(12, batch.size());
    for (Map.Entry<String, Row> e : batch.entrySet()) {
      Row s = streamed.get(e.getKey());
      assertTrue(s != null, "window " + e.getKey() + " was never written");
      if (mode.equals("append")) {
        assertEquals(1, times.get(e.getKey()), "append writes each closed window once: " + e.getKey());
      }
      assertEquals(e.getValue().getLong(2), s.getLong(2), e.getKey());
      Structs.assertSameStruct(e.getValue().getStruct(3), s.getStruct(3), e.getKey() + " ce");
      Structs.assertSameStruct(e.getValue().getStruct(4), s.getStruct(4), e.getKey() + " comparison");
      double calibration = e.getValue().getDouble(5);
      assertEquals(calibration, s.getDouble(5), TOLERANCE * calibration, e.getKey() + " ece");
    }
    if (mode.equals("append")) {
      // The closing row's own window is still open: append has not written it.
      assertFalse(streamed.keySet().stream().anyMatch(k -> k.startsWith("2026-12-02")), streamed.keySet().toString());
    }
  }

  private static String key(Row r) {
    return r.getStruct(0).get(0) + "/" + r.get(1);
  }

  @Test
  void aPassOnAStreamFailsWithWordsAndSummarizeByStreams(@TempDir Path dir) throws Exception {
    part(0).write().json(dir.resolve("in").toString());
    Dataset<Row> stream = spark.readStream().schema(SCHEMA).json(dir.resolve("in").toString());
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ce.evaluate(stream));
    assertTrue(e.getMessage().startsWith("This dataset is a stream") && e.getMessage().contains("LossFunctions.summary"),
        e.getMessage());
    // summarizeBy takes Spark's aggregation, which a stream's state store serves.
    Dataset<Row> grouped = LossFunctions.summarizeBy(stream, List.of("segment"), List.of(ce));
    assertTrue(grouped.isStreaming());
    WRITTEN.clear();
    StreamingQuery q = grouped.writeStream().outputMode("complete").trigger(Trigger.AvailableNow())
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> WRITTEN.addAll(batch.collectAsList()))
        .start();
    q.awaitTermination();
    List<Row> want = LossFunctions.summarizeBy(part(0), List.of("segment"), List.of(ce)).collectAsList();
    List<Row> got = new ArrayList<>(WRITTEN);
    got.sort((a, b) -> Integer.compare(a.getInt(0), b.getInt(0)));
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      Structs.assertSameStruct(want.get(i).getStruct(2), got.get(i).getStruct(2), "segment " + i);
    }
  }
}
