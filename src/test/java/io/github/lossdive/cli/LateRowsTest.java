package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.testing.SparkTestBase;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The late-row count of {@link LateRows} against Spark's own windows: for random event times and
 * watermarks, the rows (row-window pairs for sliding windows) whose window, as Spark's
 * {@code window} assigns it, ends at or before the watermark.
 */
class LateRowsTest extends SparkTestBase {
  static final long MINUTE = 60_000_000L;

  @ParameterizedTest
  @CsvSource({"1 hour,", "1 hour,30 minutes", "10 minutes,3 minutes", "1 day,1 hour", "90 seconds,1 minute"})
  void countsTheRowWindowPairsThatSparkLeavesOut(String window, String slide) {
    LateRows late = LateRows.of(window, slide, "unused");
    // 2000 event times over three days, to the microsecond.
    Dataset<Row> rows = spark.range(2000).selectExpr(
        "timestamp_micros(1796083200000000 + CAST(rand(7) * 3 * 86400000000 AS BIGINT)) AS ts");
    for (Row r : rows.selectExpr("unix_micros(ts)").collectAsList()) {
      late.slots().add(r.getLong(0));
    }
    Map<Long, Long> counts = late.slots().drain();
    Column windowed = slide == null ? functions.window(functions.col("ts"), window)
        : functions.window(functions.col("ts"), window, slide);
    Dataset<Row> pairs = rows.select(windowed.as("w")).selectExpr("unix_micros(w.end) AS end").cache();
    long[] watermarks = {1796083200000000L, 1796083200000000L + 37 * MINUTE, 1796083200000000L + 24 * 60 * MINUTE,
        1796083200000000L + (60 * 50 + 7) * MINUTE + 123, 1796083200000000L + 4 * 24 * 60 * MINUTE};
    for (long w : watermarks) {
      long left = pairs.where("end <= " + w).count();
      assertEquals(left, late.late(counts, w), "watermark " + w);
    }
    pairs.unpersist();
  }

  @Test
  void slidingWindowsByHand() {
    // Windows of 10 minutes every 3: a row at minute 9 is in [0,10), [3,13), [6,16) and [9,19);
    // by a watermark at minute 13 the first two have ended.
    LateRows late = LateRows.of("10 minutes", "3 minutes", "unused");
    assertEquals(2, late.closedWindows(9 * MINUTE, 13 * MINUTE));
    assertEquals(1, late.closedWindows(9 * MINUTE, 13 * MINUTE - 1));
    assertEquals(4, late.closedWindows(9 * MINUTE, 19 * MINUTE));
    assertEquals(0, late.closedWindows(9 * MINUTE, 10 * MINUTE - 1));
  }

  @Test
  void refusesDurationsThatWindowsCannotHave() {
    assertThrows(InvalidArgumentException.class, () -> LateRows.of("1 month", null, "unused"));
    assertThrows(InvalidArgumentException.class, () -> LateRows.of("soon", null, "unused"));
  }
}
