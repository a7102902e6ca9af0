package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's {@code --stream} mode over a directory, with {@code --trigger available-now} as a
 * scheduler runs it: each written window and group equals the batch job's numbers over the same
 * rows (late rows left out and counted), a run with no new files writes nothing new, and gates
 * fail per window as stderr lines, alert rows and exit 3.
 */
class StreamJobTest extends SparkTestBase {
  static final double TOLERANCE = 1e-12;
  static final String SCHEMA = "ts TIMESTAMP, segment STRING, label DOUBLE, probability ARRAY<DOUBLE>,"
      + " baseline ARRAY<DOUBLE>";

  /** Rows of hours 0 to 3 of 2026-12-01 (out of order), in segments a and b; ids from {@code from}. */
  Dataset<Row> rows(long from, long to, String time) {
    return spark.range(from, to, 1, 2).selectExpr(time + " AS ts", "IF(id % 2 = 0, 'a', 'b') AS segment",
        "CAST(pmod(id * 7, 3) AS DOUBLE) AS label",
        "transform(array(1.0D + sin(id), 1.5D, 1.0D + cos(id)), x -> x / (3.5D + sin(id) + cos(id))) AS probability",
        "array(0.3D, 0.3D, 0.4D) AS baseline");
  }

  static final String IN_ORDER = "timestamp_seconds(1796083200 + pmod(id * 7919, 3 * 3600))";

  @Test
  void availableNowWritesEachClosedWindowOnceWithTheBatchNumbers(@TempDir Path dir) throws Exception {
    String format = "parquet";
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    String out = dir.resolve("out").toString();
    // Part 1: hours 0-2. Part 2: hour 3, and 40 rows of hour 0, later than the 10-minute watermark.
    Dataset<Row> first = rows(0, 600, IN_ORDER);
    Dataset<Row> later = rows(600, 1000, "timestamp_seconds(1796083200 + 3 * 3600 + pmod(id * 7919, 3600))");
    Dataset<Row> late = rows(1000, 1040, "timestamp_seconds(1796083200 + pmod(id * 13, 3000))");
    String[] args = {"--stream", "--input", in.toString(), "--format", format, "--schema", SCHEMA,
        "--loss", "crossEntropy", "--baseline-col", "baseline", "--group-by", "segment", "--time-col", "ts",
        "--window", "1 hour", "--watermark", "10 minutes", "--checkpoint", dir.resolve("cp").toString(),
        "--output", out, "--output-format", "parquet", "--trigger", "available-now"};
    drop(first, format, in, dir.resolve("staging1"));
    JobRun one = JobRun.of(spark, args);
    assertEquals(0, one.status(), one.err());
    drop(later.union(late), format, in, dir.resolve("staging2"));
    JobRun two = JobRun.of(spark, args);
    assertEquals(0, two.status(), two.err());
    // The 40 rows of hour 0 are late: run one's last watermark is 10 minutes before its latest row,
    // past 02:49. Spark's own count, after each task pre-aggregates them per window and group,
    // would be between 1 and 4.
    assertEquals(40, two.json().get("lateRows").asLong(), two.err());
    assertTrue(two.err().contains("rows read; late rows left out: 40"), two.err());
    long written = spark.read().parquet(out).count();
    JobRun three = JobRun.of(spark, args);
    assertEquals(0, three.status(), three.err());
    assertEquals(0, three.json().get("windowsWritten").asLong(), three.out());
    assertEquals(written, spark.read().parquet(out).count(), "a run with nothing new writes nothing");

    // Every window that the watermark closed (hours 0-2; hour 3 stays open), once, with the numbers
    // of the batch aggregation over the same rows: the late rows are not among them.
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    Dataset<Row> kept = first.union(later).withColumn("window", functions.window(functions.col("ts"), "1 hour"));
    Map<String, Row> want = new HashMap<>();
    for (Row r : LossFunctions.summarizeBy(kept.where("window.end <= timestamp_seconds(1796083200 + 3 * 3600)"),
        List.of("window", "segment"), List.of(ce)).collectAsList()) {
      want.put(r.getStruct(0).get(0) + "/" + r.get(1), r);
    }
    List<Row> got = spark.read().parquet(out).collectAsList();
    assertEquals(6, want.size());
    assertEquals(want.size(), got.size(), got.toString());
    for (Row g : got) {
      Row w = want.get(g.getAs("window_start") + "/" + g.getAs("segment"));
      assertTrue(w != null, g.toString());
      assertEquals(w.getLong(2), (long) g.getAs("rows"));
      Row summary = w.getStruct(3);
      assertEquals(summary.getDouble(0), (double) g.getAs("crossEntropy"), TOLERANCE * summary.getDouble(0));
      assertEquals(summary.getDouble(5), (double) g.getAs("crossEntropy_stdError"), TOLERANCE * summary.getDouble(5));
      double difference = ce.compare(kept.where(functions.col("window.start").equalTo(g.getAs("window_start"))
          .and(functions.col("segment").equalTo(g.getAs("segment")))), "baseline").difference();
      assertEquals(difference, (double) g.getAs("crossEntropy_difference"), TOLERANCE);
    }
  }

  @Test
  void gatesFailPerWindowWithAlertsAndExit3(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    drop(rows(0, 600, IN_ORDER).union(rows(600, 601, "timestamp_seconds(1796083200 + 5 * 3600)")), "json", in,
        dir.resolve("staging"));
    String alerts = dir.resolve("alerts").toString();
    // A limit between the windows' smallest and largest cross-entropy (the batch aggregation's).
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    Dataset<Row> first = rows(0, 600, IN_ORDER).withColumn("window", functions.window(functions.col("ts"), "1 hour"));
    double[] losses = LossFunctions.summarizeBy(first, List.of("window", "segment"), List.of(ce)).collectAsList()
        .stream().mapToDouble(w -> w.getStruct(3).getDouble(0)).sorted().toArray();
    double limit = (losses[2] + losses[3]) / 2;
    long above = java.util.Arrays.stream(losses).filter(l -> l > limit).count();
    JobRun r = JobRun.of(spark, "--stream", "--input", in.toString(), "--format", "json", "--schema", SCHEMA,
        "--loss", "crossEntropy", "--group-by", "segment", "--time-col", "ts", "--window", "1 hour",
        "--checkpoint", dir.resolve("cp").toString(), "--output", dir.resolve("out.parquet").toString(),
        "--max", "crossEntropy=" + limit, "--alerts", alerts);
    // The windows whose cross-entropy is above the limit: each a line, an alert row, and exit 3.
    assertEquals(3, above);
    assertEquals(3, r.status(), r.err());
    assertEquals(above, r.err().lines().filter(l -> l.startsWith("lossdive: gate failed: window [")).count(), r.err());
    Dataset<Row> alertRows = spark.read().json(alerts);
    assertEquals(above, alertRows.count());
    assertEquals(above, alertRows.where("loss = 'crossEntropy' AND kind = 'max' AND NOT passed AND rule = 'point'")
        .count());
  }

  /** Writes rows as a producer would: into a staging directory, then its data files moved into {@code in}. */
  void drop(Dataset<Row> rows, String format, Path in, Path staging) throws Exception {
    rows.write().format(format).save(staging.toString());
    try (java.util.stream.Stream<Path> files = Files.list(staging)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        Files.move(f, in.resolve(staging.getFileName() + "-" + f.getFileName()));
      }
    }
  }

  @Test
  void streamOptionsAreCheckedBeforeAnythingRuns() {
    assertMessage("--window needs --stream.", "--input", "x.parquet", "--loss", "bce", "--window", "1 hour");
    assertMessage("--stream needs --time-col. See --help.", "--stream", "--input", "x", "--loss", "bce");
    assertMessage("Unknown --trigger soon. Supported: available-now, processing-time=INTERVAL",
        "--stream", "--input", "x", "--loss", "bce", "--trigger", "soon");
    assertMessage("--stream writes a table or a Kafka topic", "--stream", "--input", "x", "--loss", "bce",
        "--time-col", "ts", "--window", "1 hour", "--checkpoint", "cp", "--output", "r.json");
    assertMessage("--input kafka:localhost:9092/t needs --schema", "--stream", "--input", "kafka:localhost:9092/t",
        "--loss", "bce", "--time-col", "ts", "--window", "1 hour", "--checkpoint", "cp", "--output", "o.parquet");
  }

  private void assertMessage(String start, String... args) {
    JobRun r = JobRun.of(spark, args);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("lossdive: " + start), r.err());
  }
}
