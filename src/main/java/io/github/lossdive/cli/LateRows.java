package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.InvalidArgumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Counts, exactly, the rows a micro-batch's windowed aggregation leaves out as later than the
 * watermark. Spark's own figure ({@code numRowsDroppedByWatermark}) counts what reaches its state
 * store, after each task has pre-aggregated its rows per window and group, so many late rows of one
 * window count once there.
 *
 * <p>The query observes ({@code Dataset.observe}) how many rows of each micro-batch fall in each
 * slot of event time, a slot being as long as the greatest common divisor of the window's length
 * and slide: every window boundary is a multiple of it, so all rows of a slot are in the same
 * windows. Spark drops a row from a window when the window ends at or before the watermark it
 * filters late rows with: the watermark of the previous batch, as its offset log records it
 * (the batch's own for the first). Once the batch has run, this class reads that watermark from the
 * checkpoint and counts the rows, or, for sliding windows, the row-window pairs, it left out.
 */
final class LateRows {
  /** The name of the observed metric. */
  static final String METRIC = "lossdive_rows_per_time_slot";

  private final long size;
  private final long slide;
  private final long slot;
  private final String checkpoint;

  private LateRows(long size, long slide, String checkpoint) {
    this.size = size;
    this.slide = slide;
    this.slot = gcd(size, slide);
    this.checkpoint = checkpoint;
  }

  /**
   * The counter of a query's windows.
   *
   * @param window {@code --window}, as Spark's {@code window} takes it
   * @param slide {@code --slide}, or null for tumbling windows
   * @param checkpoint the query's checkpoint location
   * @throws InvalidArgumentException when a duration is not one Spark's {@code window} takes
   */
  static LateRows of(String window, String slide, String checkpoint) {
    long size = micros("--window", window);
    return new LateRows(size, slide == null ? size : micros("--slide", slide), checkpoint);
  }

  /** {@code rows}, observed: per micro-batch, how many of its rows fall in each slot of {@code time}. */
  Dataset<Row> observe(Dataset<Row> rows, String time) {
    return rows.observe(METRIC, slotCounts(time));
  }

  /** The aggregate of how many rows fall in each slot of {@code time}, as {@link SlotCounts#parse} reads it. */
  Column slotCounts(String time) {
    Column micros = functions.expr("unix_micros(`" + time.replace("`", "``") + "`)");
    return functions.udaf(new SlotCounts(slot), Encoders.LONG()).apply(micros).as("slots");
  }

  /**
   * The late rows (row-window pairs for sliding windows) of micro-batch {@code batch}, from its
   * observed metric ({@code null} when the batch read no rows).
   *
   * @throws IOException when the checkpoint's offset log cannot be read
   */
  long late(Configuration conf, long batch, Row observed) throws IOException {
    if (observed == null || observed.isNullAt(0)) {
      return 0;
    }
    OptionalLong watermark = batch > 0 ? watermarkMs(conf, batch - 1) : OptionalLong.empty();
    if (watermark.isEmpty()) {
      watermark = watermarkMs(conf, batch);
    }
    if (watermark.isEmpty()) {
      throw new IOException("the offset log has no batch " + batch + " under " + checkpoint);
    }
    return late(SlotCounts.parse(observed.getString(0)), watermark.getAsLong() * 1000);
  }

  /** The row-window pairs of {@code counts} (rows per slot) whose window ends at or before {@code watermark} (µs). */
  long late(Map<Long, Long> counts, long watermark) {
    long late = 0;
    for (Map.Entry<Long, Long> c : counts.entrySet()) {
      late += c.getValue() * closedWindows(c.getKey() * slot, watermark);
    }
    return late;
  }

  /**
   * How many windows {@code [j·slide, j·slide + size)} hold the slot starting at {@code t} and end
   * at or before {@code watermark}: those with {@code t − size < j·slide ≤ min(t, watermark − size)}.
   */
  long closedWindows(long t, long watermark) {
    long last = Math.min(Math.floorDiv(t, slide), Math.floorDiv(watermark - size, slide));
    return Math.max(0, last - Math.floorDiv(t - size, slide));
  }

  /** The watermark (ms) the offset log records for {@code batch}, or empty when it has no such batch. */
  private OptionalLong watermarkMs(Configuration conf, long batch) throws IOException {
    Path path = new Path(new Path(checkpoint, "offsets"), Long.toString(batch));
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      return OptionalLong.empty();
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
      r.readLine(); // the log's version
      String metadata = r.readLine();
      JsonNode watermark = metadata == null ? null : new ObjectMapper().readTree(metadata).get("batchWatermarkMs");
      if (watermark == null || !watermark.canConvertToLong()) {
        throw new IOException(path + " records no batchWatermarkMs");
      }
      return OptionalLong.of(watermark.asLong());
    }
  }

  private static long micros(String option, String duration) {
    CalendarInterval interval;
    try {
      interval = IntervalUtils.stringToInterval(UTF8String.fromString(duration));
    } catch (RuntimeException e) {
      throw new InvalidArgumentException(option + " " + duration + " is not a duration (such as \"1 hour\"): "
          + LossDiveJob.firstLine(String.valueOf(e.getMessage())));
    }
    long micros = interval.days * 86_400_000_000L + interval.microseconds;
    if (interval.months != 0 || micros <= 0) {
      throw new InvalidArgumentException(option + " " + duration + " must be a positive duration without months or"
          + " years, as Spark's window takes it.");
    }
    return micros;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * Rows per slot of event time, as text ({@code slot:rows,...}): the observed metric's value,
   * which reaches the driver in the batch's progress.
   */
  static final class SlotCounts extends Aggregator<Long, TreeMap<Long, Long>, String> {
    private static final long serialVersionUID = 1L;
    private final long slot;

    SlotCounts(long slot) {
      this.slot = slot;
    }

    @Override
    public TreeMap<Long, Long> zero() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<Long, Long> reduce(TreeMap<Long, Long> counts, Long micros) {
      if (micros != null) {
        counts.merge(Math.floorDiv(micros, slot), 1L, Long::sum);
      }
      return counts;
    }

    @Override
    public TreeMap<Long, Long> merge(TreeMap<Long, Long> a, TreeMap<Long, Long> b) {
      b.forEach((k, n) -> a.merge(k, n, Long::sum));
      return a;
    }

    @Override
    public String finish(TreeMap<Long, Long> counts) {
      StringBuilder s = new StringBuilder();
      counts.forEach((k, n) -> s.append(s.length() == 0 ? "" : ",").append(k).append(':').append(n));
      return s.toString();
    }

    static Map<Long, Long> parse(String text) {
      Map<Long, Long> counts = new TreeMap<>();
      if (!text.isEmpty()) {
        for (String pair : text.split(",")) {
          int colon = pair.indexOf(':');
          counts.put(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
        }
      }
      return counts;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Encoder<TreeMap<Long, Long>> bufferEncoder() {
      return Encoders.javaSerialization((Class<TreeMap<Long, Long>>) (Class<?>) TreeMap.class);
    }

    @Override
    public Encoder<String> outputEncoder() {
      return Encoders.STRING();
    }
  }
}
