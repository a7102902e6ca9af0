package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.testing.ChildJvm;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many groups through the batch job with a 512 MB driver. A million: the table output is written by
 * Spark's aggregation and writer, nothing per group is held on the driver, and stdout carries only
 * the summary. Fifteen thousand, in random order, just under the grouped pass's bound: the driver
 * merges them all, and that fits too. The job runs through {@code SparkSubmit} in a child JVM of
 * {@code -Xmx512m} (in local mode the driver is that JVM, as {@code --driver-memory 512m} would
 * make it).
 */
class ManyGroupsIT extends SparkTestBase {
  static final long GROUPS = 1_000_000;

  @Test
  void aMillionGroupsFitA512MbDriver(@TempDir Path dir) throws Exception {
    assertWrittenPerUser(dir, "id % " + GROUPS, 2 * GROUPS);
  }

  @Test
  void fifteenThousandGroupsMergedInTheDriverFitToo(@TempDir Path dir) throws Exception {
    // 20 rows per group, keys in random order: each task meets most groups several times.
    assertWrittenPerUser(dir, "pmod(hash(id), 15000)", 300_000);
  }

  /** Runs the job on {@code rows} rows keyed by {@code user}; checks its summary and table. */
  private void assertWrittenPerUser(Path dir, String user, long rows) throws Exception {
    Path input = dir.resolve("users.parquet");
    spark.range(0, rows, 1, 4)
        .selectExpr(user + " AS user", "CAST(id % 2 AS DOUBLE) AS label", "0.2 + 0.6 * rand(3) AS probability")
        .write().parquet(input.toString());
    long groups = spark.read().parquet(input.toString()).select("user").distinct().count();
    Path output = dir.resolve("per-user.parquet");
    long t0 = System.nanoTime();
    ChildJvm.Result r = ChildJvm.run(ChildJvm.withHeap("512m", true, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--driver-memory", "512m", "--conf", "spark.ui.enabled=false",
        "--class", "io.github.lossdive.cli.LossDiveJob", ChildJvm.jar().toString(),
        "--input", input.toString(), "--loss", "bce", "--loss", "brier",
        "--group-by", "user", "--output", output.toString()), 600);
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals(0, r.status(), r.err());
    JsonNode summary = new ObjectMapper().readTree(r.out());
    assertEquals(groups, summary.get("groups").asLong());
    assertEquals(rows, summary.get("rows").asLong());
    assertTrue(r.out().length() < 1000, "stdout is a summary, not every group");
    Dataset<Row> written = spark.read().parquet(output.toString());
    assertEquals(groups, written.count());
    assertEquals(rows, written.agg(org.apache.spark.sql.functions.sum("rows")).head().getLong(0));
    System.out.println("ManyGroupsIT: " + groups + " groups, -Xmx512m, " + seconds + " s");
  }
}
