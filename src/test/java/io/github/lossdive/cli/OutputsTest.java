package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.InvalidInputException;
import io.github.lossdive.LossDiveException;
import io.github.lossdive.testing.SparkTestBase;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job's outputs: written through Hadoop's FileSystem (file: URIs, relative and absolute
 * paths), refused before any data is read when the place cannot be written, RFC 4180 CSV read back
 * with a CSV parser, and tables of groups written by Spark with only a summary on stdout.
 */
class OutputsTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  JobRun run(String... args) {
    return JobRun.of(spark, args);
  }

  @Test
  void fileUrisAndRelativePathsAreWritten(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("sub/dir/r.json");
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--output", json.toUri().toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(r.json(), new ObjectMapper().readTree(Files.readString(json)));
    // A local path may hold characters a URI may not (space, brackets, '#', '%').
    Path odd = dir.resolve("a dir [1]/r #2 100%.json");
    JobRun oddRun = run("--input", IRIS, "--loss", "crossEntropy", "--output", odd.toString());
    assertEquals(0, oddRun.status(), oddRun.err());
    assertEquals(oddRun.json(), new ObjectMapper().readTree(Files.readString(odd)));
    Path relative = Path.of("target", "outputs-test-" + System.nanoTime() + ".json");
    try {
      JobRun rel = run("--input", IRIS, "--loss", "crossEntropy", "--output", relative.toString());
      assertEquals(0, rel.status(), rel.err());
      assertEquals(rel.json(), new ObjectMapper().readTree(Files.readString(relative)));
    } finally {
      Files.deleteIfExists(relative);
    }
  }

  @Test
  void aPlaceThatCannotBeWrittenIsRefusedBeforeAnyDataIsRead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Files.createDirectories(dir.resolve("taken.json"));
    // The input does not exist: reading it would fail differently, so these refusals came first.
    String missingInput = dir.resolve("no-such-input.parquet").toString();
    for (String[] c : List.of(
        new String[] {file.resolve("r.json").toString(), "its parent file:" + file + " is a file."},
        new String[] {dir.resolve("taken.json").toString(), "it is an existing directory; give a file name such as report.json."})) {
      JobRun r = run("--input", missingInput, "--loss", "crossEntropy", "--output", c[0]);
      assertEquals(2, r.status(), r.err());
      assertEquals("lossdive: Cannot write --output " + c[0] + ": " + c[1] + "\n", r.err());
    }
    JobRun table = run("--input", missingInput, "--loss", "crossEntropy", "--output", file.toString(),
        "--output-format", "parquet");
    assertEquals(2, table.status(), table.err());
    assertTrue(table.err().contains("it is an existing file; a table output is a directory."), table.err());
  }

  @Test
  void csvQuotesWhatItMustAndKeepsNullEmptyAndTheTextNullApart(@TempDir Path dir) throws Exception {
    String[] keys = {"plain", "with, comma", "with \"quotes\"", "two\nlines", "ünïcödé ✓", "", "null", null};
    List<Row> rows = new ArrayList<>();
    Dataset<Row> iris = spark.read().parquet(IRIS).where("model = 'logistic'").limit(40);
    List<Row> base = iris.collectAsList();
    for (int i = 0; i < base.size(); i++) {
      Row b = base.get(i);
      rows.add(org.apache.spark.sql.RowFactory.create(keys[i % keys.length], b.getAs("label"), b.getAs("probability")));
    }
    StructType schema = new StructType().add("team", "string").add("label", "double")
        .add("probability", iris.schema().apply("probability").dataType());
    Path input = dir.resolve("keys.parquet");
    spark.createDataFrame(rows, schema).write().parquet(input.toString());
    Path csv = dir.resolve("r.csv");
    JobRun r = run("--input", input.toString(), "--loss", "crossEntropy", "--group-by", "team", "--output", csv.toString());
    assertEquals(0, r.status(), r.err());
    String text = Files.readString(csv);
    assertTrue(text.contains("\n\"\",") && text.contains("\nnull,") && text.contains("\n,"), text);
    CsvParserSettings settings = new CsvParserSettings();
    settings.setNullValue(null);
    settings.setEmptyValue("");
    settings.getFormat().setLineSeparator("\n");
    List<String[]> parsed = new CsvParser(settings).parseAll(new StringReader(text));
    assertEquals(List.of("team", "rows", "crossEntropy", "crossEntropy_stdError", "crossEntropy_ciLow", "crossEntropy_ciHigh"),
        Arrays.asList(parsed.get(0)));
    List<String> got = new ArrayList<>();
    for (String[] line : parsed.subList(1, parsed.size())) {
      got.add(line[0]);
    }
    List<String> want = new ArrayList<>();
    for (JsonNode g : r.json().get("groups")) {
      JsonNode k = g.get("key").get("team");
      want.add(k.isNull() ? null : k.asText());
    }
    assertEquals(want, got);
    assertTrue(got.containsAll(Arrays.asList(keys)), got.toString());
  }

  @Test
  void aTableOfGroupsIsWrittenBySparkWithASummaryOnStdout(@TempDir Path dir) throws Exception {
    JobRun report = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model");
    Path parquet = dir.resolve("groups.parquet");
    JobRun table = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model",
        "--output", parquet.toString(), "--max", "crossEntropy=0.11");
    assertEquals(3, table.status(), table.err());
    JsonNode summary = table.json();
    assertEquals(2, summary.get("groups").asLong());
    assertEquals(112, summary.get("rows").asLong());
    assertEquals(1, summary.get("gates").get(0).get("failedGroups").asLong());
    assertFalse(summary.has("losses"));
    assertTrue(table.err().startsWith("lossdive: gate failed: --max crossEntropy=0.11 in group {model=logistic}"),
        table.err());
    Dataset<Row> written = spark.read().parquet(parquet.toString()).orderBy("model");
    List<Row> rows = written.collectAsList();
    for (int i = 0; i < 2; i++) {
      JsonNode g = report.json().get("groups").get(i);
      Row row = rows.get(i);
      assertEquals(g.get("key").get("model").asText(), row.getAs("model"));
      assertEquals(g.get("losses").get("crossEntropy").asDouble(), (double) row.getAs("crossEntropy"), 1e-15);
      assertEquals(g.get("stdErrors").get("hinge").asDouble(), (double) row.getAs("hinge_stdError"), 1e-15);
      assertEquals(g.get("confidenceIntervals").get("hinge").get(0).asDouble(), (double) row.getAs("hinge_ciLow"), 1e-15);
    }
    // A CSV directory through Spark's writer, with --output-format.
    Path csvDir = dir.resolve("groups-csv");
    JobRun csv = run("--input", IRIS, "--loss", "crossEntropy", "--group-by", "model", "--output", csvDir.toString(),
        "--output-format", "csv");
    assertEquals(0, csv.status(), csv.err());
    assertEquals(2, spark.read().option("header", "true").csv(csvDir.toString()).count());
  }

  @Test
  void onlyLossDivesOwnRulesAreTheUsersMistake() {
    IllegalArgumentException spark = null;
    try {
      new StructType().apply("nope");
    } catch (IllegalArgumentException e) {
      spark = e;
    }
    assertTrue(spark != null && LossDiveException.in(new RuntimeException(spark)).isEmpty(),
        "an IllegalArgumentException thrown by Spark is an internal failure");
    // An invalid row: thrown on an executor, found through Spark's job failure, of the input kind.
    InvalidInputException ours = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
        () -> new CrossEntropyEvaluator().evaluate(spark().read().parquet(IRIS).withColumn("label",
            functions.lit(7.0))));
    assertTrue(LossDiveException.in(new RuntimeException(ours)).isPresent());
    // A param that does not fit is the argument kind, and the job maps both to exit 2.
    org.junit.jupiter.api.Assertions.assertThrows(io.github.lossdive.InvalidArgumentException.class,
        () -> new io.github.lossdive.evaluation.HingeLossEvaluator().setClassWeights(new double[] {1, 2})
            .evaluate(spark().read().parquet(IRIS)));
  }
}
