package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.InvalidArgumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts, exactly, the rows a micro-batch's windowed aggregation leaves out as later than the
 * watermark. Spark's own figure ({@code numRowsDroppedByWatermark}) counts what reaches its state
 * store, after each task has pre-aggregated its rows per window and group, so many late rows of one
 * window count once there.
 *
 * <p>As the query reads its rows, its tasks count them per slot of event time ({@link Slots}), a
 * slot being as long as the greatest common divisor of the window's length and slide: every window
 * boundary is a multiple of it, so all rows of a slot are in the same windows. Spark drops a row
 * from a window when the window ends at or before the watermark it filters late rows with: the
 * previous batch's, as the checkpoint's offset log records it (the batch's own for the first). Once
 * a batch has run, {@link #batchDone} reads that watermark and counts the rows (row-window pairs,
 * for sliding windows) it left out.
 */
final class LateRows {
  private final long size;
  private final long slide;
  private final long slot;
  private final String checkpoint;
  private final Slots slots;
  /** Each finished batch's count, or why there is none. */
  private final Map<Long, Count> counted = new ConcurrentHashMap<>();

  /** A batch's late rows, or (with {@code failure} set) why they could not be counted. */
  private record Count(long rows, String failure) {}

  private LateRows(long size, long slide, String checkpoint) {
    this.size = size;
    this.slide = slide;
    this.slot = gcd(size, slide);
    this.checkpoint = checkpoint;
    this.slots = new Slots(slot);
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

  /** Registers the per-slot row counts with {@code sc}, so that tasks can add to them. */
  LateRows register(SparkContext sc) {
    sc.register(slots, "lossdive rows per slot of event time");
    return this;
  }

  /** The accumulator a task adds each row's event time (µs since the epoch) to. */
  Slots slots() {
    return slots;
  }

  /**
   * Counts the late rows of micro-batch {@code batch}, once all its tasks are done: from the row
   * counts added since the previous batch, and the watermark its offset log records.
   */
  void batchDone(Configuration conf, long batch) {
    Map<Long, Long> counts = slots.drain();
    try {
      OptionalLong watermark = batch > 0 ? watermarkMs(conf, batch - 1) : OptionalLong.empty();
      if (watermark.isEmpty()) {
        watermark = watermarkMs(conf, batch);
      }
      if (watermark.isEmpty()) {
        throw new IOException("the offset log has no batch " + batch + " under " + checkpoint);
      }
      counted.put(batch, new Count(late(counts, watermark.getAsLong() * 1000), null));
    } catch (IOException | RuntimeException e) {
      counted.put(batch, new Count(0, LossDiveJob.firstLine(String.valueOf(e.getMessage()))));
    }
  }

  /**
   * The late rows of a finished batch.
   *
   * @throws IOException why they could not be counted: the batch was not counted, or the offset
   *     log has no watermark for it
   */
  long late(long batch) throws IOException {
    Count c = counted.remove(batch);
    if (c == null) {
      throw new IOException("batch " + batch + " was not counted");
    }
    if (c.failure() != null) {
      throw new IOException(c.failure());
    }
    return c.rows();
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
   * Rows per slot of event time: a Spark accumulator, added to by the tasks that read the rows and
   * merged on the driver, where {@link #drain} takes what the batch added.
   */
  static final class Slots extends AccumulatorV2<Long, Map<Long, Long>> {
    private static final long serialVersionUID = 1L;
    private final long slot;
    private HashMap<Long, Long> counts = new HashMap<>();

    Slots(long slot) {
      this.slot = slot;
    }

    @Override
    public synchronized boolean isZero() {
      return counts.isEmpty();
    }

    @Override
    public synchronized Slots copy() {
      Slots c = new Slots(slot);
      c.counts = new HashMap<>(counts);
      return c;
    }

    @Override
    public synchronized void reset() {
      counts = new HashMap<>();
    }

    /** Counts a row at {@code micros} since the epoch (in a task, on the task's own copy). */
    @Override
    public void add(Long micros) {
      counts.merge(Math.floorDiv(micros, slot), 1L, Long::sum);
    }

    @Override
    public synchronized void merge(AccumulatorV2<Long, Map<Long, Long>> other) {
      other.value().forEach((k, n) -> counts.merge(k, n, Long::sum));
    }

    @Override
    public synchronized Map<Long, Long> value() {
      return new HashMap<>(counts);
    }

    /** The counts so far, which this accumulator then forgets. */
    synchronized Map<Long, Long> drain() {
      Map<Long, Long> all = counts;
      counts = new HashMap<>();
      return all;
    }
  }
}
