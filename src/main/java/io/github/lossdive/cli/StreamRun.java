package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lossdive.InvalidInputException;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.functions.Evaluation;
import io.github.lossdive.functions.GroupResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's {@code --stream} mode: the batch job's losses, comparisons and gates per event-time
 * window and group, computed incrementally by Spark's streaming aggregation of LossDive's
 * aggregate columns (their accumulators live in the state store, so a restart from the checkpoint
 * resumes them) and written once per window and group, when the watermark passes the window's end.
 *
 * <p>Each micro-batch's closed windows are written to {@code OUTPUT/batch=<id>} (overwritten whole
 * if Spark runs the batch again after a restart, so each window and group is in the table once),
 * or to a Kafka topic as JSON rows. Gates are checked on each written window and group, their
 * p-values Holm-adjusted over the batch's checks; a failure is one stderr line and one JSON row in
 * {@code --alerts}. Each batch logs the rows it read and those later than the watermark
 * ({@link LateRows}).
 */
final class StreamRun {
  /** The window column while the stream is grouped. */
  static final String WINDOW = "window";

  private StreamRun() {}

  /**
   * Runs the stream: until it has processed what is there ({@code available-now}), or until it is
   * stopped.
   *
   * @return whether any gate failed
   */
  static boolean run(SparkSession spark, JobOptions o, List<LossSpec> losses, PrintStream out, PrintStream err)
      throws Exception {
    JobOptions.Streaming s = o.stream();
    // A Kafka message that is no JSON row fails the query, unless every loss skips bad rows.
    boolean skip = losses.stream().allMatch(l -> LossEvaluator.SKIP.equals(l.evaluator().getHandleInvalid()));
    Dataset<Row> rows = StreamInput.read(spark, o, !skip, Inputs.vectorColumns(losses));
    if (!List.of(rows.columns()).contains(s.timeCol())) {
      throw new InvalidInputException("--time-col column " + s.timeCol() + " does not exist. Available columns: "
          + String.join(", ", rows.columns()) + ".");
    }
    Column time = functions.col(s.timeCol()).cast(DataTypes.TimestampType);
    // Over the watermarked column itself, as Spark requires of an aggregation in append mode.
    Column event = functions.col(s.timeCol());
    Column window = s.slide() == null ? functions.window(event, s.window()) : functions.window(event, s.window(), s.slide());
    // A row without a readable event time (a Kafka message that is no JSON, under skip) has no
    // window: it is left out, and counted in the batch's log line. The others are counted per slot
    // of event time, for the batch's count of late rows.
    LongAccumulator untimed = spark.sparkContext().longAccumulator("lossdive rows without a time");
    LateRows lateRows = LateRows.of(s.window(), s.slide(), s.checkpoint()).register(spark.sparkContext());
    LateRows.Slots slots = lateRows.slots();
    UserDefinedFunction hasTime = functions.udf((UDF1<Long, Boolean>) micros -> {
      if (micros == null) {
        untimed.add(1);
        return false;
      }
      slots.add(micros);
      return true;
    }, DataTypes.BooleanType).asNondeterministic();
    Dataset<Row> timed = rows.withColumn(s.timeCol(), time)
        .where(hasTime.apply(functions.expr("unix_micros(`" + s.timeCol().replace("`", "``") + "`)")))
        .withWatermark(s.timeCol(), s.watermark());
    // Grouped by the window expression itself (a window column derived first would lose the
    // watermark), in Evaluation.toDF's layout: keys, rows, each loss's summary, each comparison.
    List<Column> groups = new ArrayList<>(List.of(window.as(WINDOW)));
    o.groupBy().forEach(k -> groups.add(functions.col(k)));
    Evaluation evaluation = LossSpec.evaluation(losses).groupBy(groups.toArray(new Column[0]));
    Dataset<Row> windows = evaluation.toDF(timed);
    JobResult shape = new JobResult(o.input(), o.confidence(), o.groupBy(), evaluation.names(),
        evaluation.comparedNames(), o.gating(), List.of());
    WindowWriter writer = new WindowWriter(evaluation, GroupColumns.of(shape), o.gating(), o.output(),
        o.tableFormat(), s.alerts(), rows.schema(), lateRows, err);
    DataStreamWriter<Row> stream = windows.writeStream().outputMode("append")
        .option("checkpointLocation", s.checkpoint()).foreachBatch(writer);
    stream = s.processingTime() == null ? stream.trigger(Trigger.AvailableNow())
        : stream.trigger(Trigger.ProcessingTime(s.processingTime()));
    BatchLog log = new BatchLog(err, untimed, lateRows);
    spark.streams().addListener(log);
    try {
      StreamingQuery query = stream.start();
      log.follow(query.id().toString());
      query.awaitTermination();
      log.awaitBatch(query.lastProgress() == null ? -1 : query.lastProgress().batchId());
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("input", o.input());
      summary.put("output", o.output());
      summary.put("batches", log.batches.get());
      summary.put("rows", log.rows.get());
      summary.put("lateRows", log.late.get());
      summary.put("windowsWritten", writer.written.get());
      summary.put("rowsWithoutTime", untimed.value());
      ObjectNode skipped = summary.putObject("skipped");
      writer.skipped.forEach((loss, n) -> skipped.put(loss, n.get()));
      summary.put("failedGates", writer.failed.get());
      out.println(summary.toPrettyString());
      return writer.failed.get() > 0;
    } catch (StreamingQueryException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("MALFORMED_RECORD") || message.contains("Malformed records")) {
        throw new InvalidInputException("A row of " + o.input() + " is not a JSON row of --schema (under"
            + " handleInvalid=skip on every loss such rows are skipped and counted): " + LossDiveJob.firstLine(message));
      }
      throw e;
    } finally {
      spark.streams().removeListener(log);
    }
  }

  /**
   * Writes each micro-batch's closed windows: the table's rows, the gates' stderr lines and the
   * alerts. Runs in the driver; a batch holds one row per window and group it closes.
   */
  static final class WindowWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    private final Evaluation evaluation;
    private final GroupColumns columns;
    private final Gates gates;
    private final String output;
    private final String format;
    private final String alerts;
    private final StructType schema;
    private final transient LateRows lateRows;
    private final transient PrintStream err;
    final AtomicLong written = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Rows each loss skipped as invalid, over the written windows. */
    final Map<String, AtomicLong> skipped = new java.util.concurrent.ConcurrentHashMap<>();

    WindowWriter(Evaluation evaluation, GroupColumns columns, Gates gates, String output, String format,
        String alerts, StructType input, LateRows lateRows, PrintStream err) {
      this.evaluation = evaluation;
      this.columns = columns;
      this.gates = gates;
      this.output = output;
      this.format = format;
      this.alerts = alerts;
      this.schema = new StructType().add("window_start", DataTypes.TimestampType)
          .add("window_end", DataTypes.TimestampType).merge(columns.schema(input), false);
      this.lateRows = lateRows;
      this.err = err;
    }

    @Override
    public void call(Dataset<Row> batch, Long id) throws Exception {
      List<Row> closed = batch.collectAsList();
      // The batch's tasks are done: its rows are all counted.
      lateRows.batchDone(batch.sparkSession().sparkContext().hadoopConfiguration(), id);
      if (closed.isEmpty()) {
        return;
      }
      List<Row> windows = new ArrayList<>();
      List<JobResult.Group> measured = new ArrayList<>();
      Function<Row, GroupResult> reader = evaluation.resultReader();
      for (Row r : closed) {
        GroupResult g = reader.call(r);
        Map<String, Object> key = new LinkedHashMap<>(g.key());
        windows.add((Row) key.remove(WINDOW));
        measured.add(gates.measure(new GroupResult(key, g.rows(), g.summaries(), g.comparisons())));
      }
      List<JobResult.Group> decided = gates.decide(measured);
      List<Row> table = new ArrayList<>();
      List<String> alertRows = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < decided.size(); i++) {
        Row w = windows.get(i);
        List<Object> values = new ArrayList<>(List.of(w.get(0), w.get(1)));
        values.addAll(columns.values(decided.get(i)));
        table.add(RowFactory.create(values.toArray()));
        for (Gate.Check c : decided.get(i).gates()) {
          if (!c.passed()) {
            failed.incrementAndGet();
            String window = "window [" + w.get(0) + ", " + w.get(1) + ")";
            err.println("lossdive: gate failed: " + window + ": " + c.failure());
            alertRows.add(alert(json, w, c, window).toString());
          }
        }
      }
      SparkSession spark = batch.sparkSession();
      write(spark.createDataFrame(table, schema), output, format, id);
      if (alerts != null && !alertRows.isEmpty()) {
        write(spark.createDataset(alertRows, Encoders.STRING()).toDF("value"), alerts, "text", id);
      }
      written.addAndGet(table.size());
      StringBuilder invalid = new StringBuilder();
      for (String loss : evaluation.names()) {
        long n = decided.stream().mapToLong(g -> g.result().summaries().get(loss).skipped()).sum();
        skipped.computeIfAbsent(loss, k -> new AtomicLong()).addAndGet(n);
        if (n > 0) {
          invalid.append(invalid.length() == 0 ? "; rows skipped as invalid: " : ", ").append(loss).append(' ').append(n);
        }
      }
      err.println("lossdive: batch " + id + ": " + table.size() + " window" + (table.size() == 1 ? "" : "s")
          + " x groups written" + invalid);
    }

    /** A failed check as an alert: the gate entry of the JSON report, plus the window. */
    private static ObjectNode alert(ObjectMapper json, Row w, Gate.Check c, String window) {
      ObjectNode a = json.createObjectNode();
      a.put("window_start", String.valueOf(w.get(0)));
      a.put("window_end", String.valueOf(w.get(1)));
      ObjectNode group = a.putObject("group");
      c.group().forEach((k, v) -> group.put(k, String.valueOf(v)));
      a.put("loss", c.gate().loss());
      a.put("kind", c.gate().kind().json);
      a.put("limit", c.gate().limit());
      a.put("value", c.value());
      a.put("rule", c.rule().text());
      a.put("standardError", c.standardError());
      a.put("pValue", c.pValue());
      a.put("adjustedPValue", c.adjustedPValue());
      a.put("passed", false);
      a.put("message", window + ": " + c.failure());
      return a;
    }

    /**
     * Writes a batch's rows: to {@code location/batch=<id>}, replaced whole when Spark runs the
     * batch again; or to a Kafka topic, one JSON object per row.
     */
    private static void write(Dataset<Row> rows, String location, String format, long id) {
      if (KafkaTopic.is(location)) {
        KafkaTopic topic = KafkaTopic.parse("--output", location);
        Dataset<Row> values = "text".equals(format) ? rows : rows.select(functions.to_json(functions.struct(
            java.util.Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new))).as("value"));
        values.write().format("kafka").option("kafka.bootstrap.servers", topic.servers())
            .option("topic", topic.topic()).save();
        return;
      }
      rows.write().mode(SaveMode.Overwrite).format(format).option("header", "true")
          .save(location.replaceAll("/+$", "") + "/batch=" + id);
    }
  }

  /**
   * Logs each batch of the query: the rows read, and the rows later than the watermark that it
   * left out, counted exactly by {@link LateRows}. Should the checkpoint's offset log not say which
   * watermark the batch used, it logs Spark's own count instead, as the lower bound it is.
   */
  static final class BatchLog extends StreamingQueryListener {
    private final PrintStream err;
    private volatile String queryId;
    private volatile long lastBatch = -1;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong late = new AtomicLong();

    private final LongAccumulator untimed;
    private long untimedLogged;
    private final LateRows lateRows;

    BatchLog(PrintStream err, LongAccumulator untimed, LateRows lateRows) {
      this.err = err;
      this.untimed = untimed;
      this.lateRows = lateRows;
    }

    void follow(String id) {
      queryId = id;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      StreamingQueryProgress p = event.progress();
      if (!p.id().toString().equals(queryId)) {
        return;
      }
      String lateText;
      long dropped;
      try {
        dropped = lateRows.late(p.batchId());
        lateText = String.valueOf(dropped);
      } catch (IOException e) {
        dropped = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
          dropped += s.numRowsDroppedByWatermark();
        }
        lateText = "at least " + dropped + " (Spark's count after pre-aggregating each task's rows per window and"
            + " group; the exact count needs the watermark from the checkpoint's offset log: " + e.getMessage() + ")";
      }
      batches.incrementAndGet();
      rows.addAndGet(p.numInputRows());
      late.addAndGet(dropped);
      long noTime = untimed.value() - untimedLogged;
      untimedLogged += noTime;
      err.println("lossdive: batch " + p.batchId() + ": " + p.numInputRows() + " rows read; late rows left out: "
          + lateText + (noTime > 0 ? "; rows without a readable time left out: " + noTime : ""));
      lastBatch = p.batchId();
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}

    /** Waits (up to 10 s) until the listener, which Spark calls asynchronously, has logged batch {@code id}. */
    void awaitBatch(long id) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lastBatch < id && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
  }
}
