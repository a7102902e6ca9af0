package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.testing.ChildJvm;
import io.github.lossdive.testing.KafkaBroker;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The job's {@code --stream} mode on a real Kafka broker (Kafka 4, KRaft, in a child JVM) through
 * Spark's own Kafka source: run with {@code processing-time} in a child JVM as {@code spark-submit}
 * would run it, killed mid-stream ({@code kill -9}) and restarted on its checkpoint (here, in this
 * JVM with {@code available-now}, as a scheduler would catch up), it writes every closed window
 * and group exactly once, with the batch numbers over the same rows, late rows left out; broken
 * messages are skipped and counted under {@code handleInvalid=skip} and fail the query with words
 * under {@code error}; windows and alerts go to Kafka topics. The two cases run side by side: the
 * second while the first waits on its child JVM.
 */
class KafkaStreamIT extends SparkTestBase {
  static final double TOLERANCE = 1e-12;
  static final String SCHEMA = "ts TIMESTAMP, segment STRING, label DOUBLE, probability ARRAY<DOUBLE>,"
      + " baseline ARRAY<DOUBLE>";
  static final long START = 1796083200L; // 2026-12-01T00:00:00Z
  KafkaBroker broker;

  @BeforeAll
  void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /** A prediction row as a JSON message: event time {@code seconds} after the start, 3 classes. */
  static String message(long id, long seconds) {
    double a = 1.0 + Math.sin(id);
    double c = 1.0 + Math.cos(id);
    double sum = a + 1.5 + c;
    return String.format(Locale.ROOT, "{\"ts\":\"%s\",\"segment\":\"%s\",\"label\":%d.0,"
        + "\"probability\":[%s,%s,%s],\"baseline\":[0.3,0.3,0.4]}", java.time.Instant.ofEpochSecond(START + seconds),
        id % 2 == 0 ? "a" : "b", Math.floorMod(id * 7, 3), Double.toString(a / sum), Double.toString(1.5 / sum),
        Double.toString(c / sum));
  }

  /** Rows {@code from} to {@code to}, out of order over {@code span} seconds from {@code offset}. */
  static List<String> messages(long from, long to, long offset, long span) {
    List<String> out = new ArrayList<>();
    for (long id = from; id < to; id++) {
      out.add(message(id, offset + Math.floorMod(id * 7919, span)));
    }
    return out;
  }

  /** The messages as the job reads them: parsed by Spark's JSON reader with the same schema. */
  Dataset<Row> rows(List<String> messages) {
    return spark.read().schema(StructType.fromDDL(SCHEMA)).json(spark.createDataset(messages, Encoders.STRING()));
  }

  /** The job's command line in a child JVM: the library jar on the runtime classpath, as the launcher runs it. */
  static List<String> job(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(
        ChildJvm.withClasspath(ChildJvm.jar().toString(), "2g", true, LossDiveJob.class.getName(), args));
    // As spark-submit --conf would: a stream's state is kept in this many partitions (Spark's 200
    // would make each micro-batch of a two-core machine open 200 state stores).
    cmd.add(1, "-Dspark.sql.shuffle.partitions=2");
    cmd.add(1, "-Dspark.master=local[2]");
    // A short-lived job: no UI, and the quick compiler alone (starts and first batches in about
    // two thirds of the time).
    cmd.add(1, "-Dspark.ui.enabled=false");
    cmd.add(1, "-XX:TieredStopAtLevel=1");
    return cmd;
  }

  List<String> job(String topic, Path dir, String trigger, String... more) {
    List<String> args = new ArrayList<>(List.of("--stream", "--input", "kafka:" + broker.bootstrap() + "/" + topic,
        "--schema", SCHEMA, "--baseline-col", "baseline", "--group-by", "segment",
        "--time-col", "ts", "--window", "1 hour", "--watermark", "10 minutes",
        "--checkpoint", dir.resolve("checkpoint").toString(), "--output", dir.resolve("out").toString(),
        "--output-format", "parquet", "--trigger", trigger));
    args.addAll(List.of(more));
    return args;
  }

  /** The windows written so far: every complete batch directory of the output. */
  List<Row> written(Path out) {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> batches = Files.list(out)) {
      List<String> done = batches.filter(b -> Files.exists(b.resolve("_SUCCESS"))).map(Path::toString).toList();
      return done.isEmpty() ? List.of() : spark.read().parquet(done.toArray(new String[0])).collectAsList();
    } catch (Exception e) {
      return List.of(); // a batch directory replaced while it was listed: read again
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void killedAndRestartedOnItsCheckpointEveryWindowIsWrittenOnceWithTheBatchNumbers(@TempDir Path dir)
      throws Exception {
    broker.createTopics(2, "predictions");
    // Part 1: hours 0-2. Part 2 (while the job is down): hours 3-4, 40 rows of hour 0 (later than
    // the watermark), and a row at hour 6 that closes every earlier window.
    List<String> first = messages(0, 600, 0, 3 * 3600);
    List<String> second = new ArrayList<>(messages(600, 1000, 3 * 3600, 2 * 3600));
    List<String> late = messages(1000, 1040, 0, 3000);
    second.addAll(late);
    second.add(message(2000, 6 * 3600));
    broker.produce("predictions", first);
    String[] args = job("predictions", dir, "processing-time=1 second", "--loss", "crossEntropy").toArray(new String[0]);
    Path out = dir.resolve("out");

    Process run = ChildJvm.start(job(args), dir.resolve("run1.log"));
    try {
      KafkaBroker.await(Duration.ofSeconds(90), () -> written(out).size() >= 4, "hours 0 and 1 of both segments",
          dir.resolve("run1.log"));
    } finally {
      run.destroyForcibly().waitFor(); // kill -9, mid-stream
    }
    broker.produce("predictions", second);
    List<String> again = new ArrayList<>(List.of(args));
    again.set(again.indexOf("--trigger") + 1, "available-now");
    JobRun restarted = JobRun.of(spark, again.toArray(new String[0]));
    assertEquals(0, restarted.status(), restarted.err());
    String log = restarted.err();

    List<Row> got = written(out);
    Map<String, Row> byWindow = new HashMap<>();
    for (Row g : got) {
      Row previous = byWindow.put(g.getAs("window_start") + "/" + g.getAs("segment"), g);
      assertTrue(previous == null, "written twice: " + g);
    }
    assertEquals(10, got.size(), got.toString());
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    List<String> kept = new ArrayList<>(first);
    kept.addAll(second.subList(0, 400));
    Dataset<Row> batch = rows(kept).withColumn("window", functions.window(functions.col("ts"), "1 hour"));
    List<Row> want = LossFunctions.summarizeBy(batch, List.of("window", "segment"), List.of(ce)).collectAsList();
    assertEquals(10, want.size());
    for (Row w : want) {
      Row g = byWindow.get(w.getStruct(0).get(0) + "/" + w.get(1));
      assertTrue(g != null, "window not written: " + w);
      assertEquals(w.getLong(2), (long) g.getAs("rows"), w.toString());
      double loss = w.getStruct(3).getDouble(0);
      assertEquals(loss, (double) g.getAs("crossEntropy"), TOLERANCE * loss);
      assertEquals(w.getStruct(3).getDouble(5), (double) g.getAs("crossEntropy_stdError"), TOLERANCE * loss);
    }
    // The 40 rows of hour 0 came after the watermark had passed 02:00 (hours 0 and 1 were written).
    assertEquals(40, restarted.json().get("lateRows").asLong(), log);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void brokenMessagesAreSkippedAndCountedUnderSkipAndFailTheQueryUnderError(@TempDir Path dir) throws Exception {
    broker.createTopics(1, "broken");
    List<String> good = messages(0, 200, 0, 3600);
    List<String> all = new ArrayList<>(good);
    all.add("this is not JSON");
    all.add(message(500, 100).replace("\"label\":2.0", "\"label\":\"two\"").replace("\"label\":1.0", "\"label\":\"one\"")
        .replace("\"label\":0.0", "\"label\":\"zero\""));
    all.add(message(501, 3 * 3600)); // closes hour 0
    broker.produce("broken", all);

    // In this JVM: Spark's Kafka source is on the test classpath too. The windows go to a Kafka
    // topic, one JSON object each, and every window's failed gate to an alerts topic.
    String servers = broker.bootstrap();
    List<String> toKafka = new ArrayList<>(job("broken", dir.resolve("skip"), "available-now",
        "--loss", "crossEntropy:handleInvalid=skip", "--max", "crossEntropy=0", "--alerts", "kafka:" + servers + "/alerts"));
    int at = toKafka.indexOf("--output");
    toKafka.set(at + 1, "kafka:" + servers + "/windows");
    toKafka.subList(at + 2, at + 4).clear(); // no --output-format
    JobRun skip = JobRun.of(spark, toKafka.toArray(new String[0]));
    assertEquals(3, skip.status(), skip.err());
    assertTrue(skip.err().contains("rows without a readable time left out: 1"), skip.err());
    assertTrue(skip.err().contains("rows skipped as invalid: crossEntropy 1"), skip.err());
    // Hour 0's windows hold the good rows' numbers; the message with a label of the wrong type is
    // counted in its window's rows and skipped by the loss.
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    Dataset<Row> batch = rows(good);
    Dataset<Row> windows = spark.read().format("kafka").option("kafka.bootstrap.servers", servers)
        .option("subscribe", "windows").load().selectExpr("CAST(value AS STRING) AS json")
        .selectExpr("get_json_object(json, '$.segment') AS segment",
            "CAST(get_json_object(json, '$.crossEntropy') AS DOUBLE) AS crossEntropy");
    assertEquals(2, windows.count());
    for (Row w : windows.collectAsList()) {
      double loss = ce.evaluate(batch.where("segment = '" + w.getString(0) + "'"));
      assertEquals(loss, w.getDouble(1), TOLERANCE * loss);
    }
    Dataset<Row> alerts = spark.read().format("kafka").option("kafka.bootstrap.servers", servers)
        .option("subscribe", "alerts").load().selectExpr("CAST(value AS STRING) AS json");
    assertEquals(2, alerts.where("get_json_object(json, '$.passed') = 'false'"
        + " AND get_json_object(json, '$.loss') = 'crossEntropy'").count());

    JobRun error = JobRun.of(spark,
        job("broken", dir.resolve("error"), "available-now", "--loss", "crossEntropy").toArray(new String[0]));
    assertEquals(2, error.status(), error.err());
    assertTrue(error.err().contains("lossdive: A row of kafka:" + broker.bootstrap() + "/broken is not a JSON row of"
        + " --schema"), error.err());
  }
}
