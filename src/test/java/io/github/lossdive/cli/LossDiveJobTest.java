package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.KLDivergenceEvaluator;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The batch job in-process on sample-data: its report equals the evaluators' own values. */
class LossDiveJobTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";
  static final double TOLERANCE = 1e-12;

  JobRun run(String... args) {
    return JobRun.of(spark, args);
  }

  @Test
  void reportPerGroupEqualsTheEvaluators() throws Exception {
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge:margin=2.0,squared=true",
        "--loss", "nll", "--loss", "kl:labelCol=teacherProbability", "--group-by", "model");
    assertEquals(0, r.status(), r.err());
    JsonNode report = r.json();
    Dataset<Row> df = spark.read().parquet(IRIS);
    assertEquals(IRIS, report.get("input").asText());
    assertEquals(df.count(), report.get("rows").asLong());
    Map<String, LossEvaluator<?>> expected = Map.of(
        "crossEntropy", new CrossEntropyEvaluator(),
        "hinge", new HingeLossEvaluator().setMargin(2.0).setSquared(true),
        "nll", new NegativeLogLikelihoodEvaluator(),
        "kl", new KLDivergenceEvaluator().setLabelCol("teacherProbability"));
    assertEquals(2, report.get("groups").size());
    for (JsonNode g : report.get("groups")) {
      String model = g.get("key").get("model").asText();
      Dataset<Row> rows = df.where(df.col("model").equalTo(model));
      assertEquals(rows.count(), g.get("rows").asLong());
      for (Map.Entry<String, LossEvaluator<?>> e : expected.entrySet()) {
        double want = e.getValue().evaluate(rows);
        assertEquals(want, g.get("losses").get(e.getKey()).asDouble(), TOLERANCE * Math.abs(want) + 1e-300,
            model + " " + e.getKey());
      }
    }
  }

  @Test
  void ungroupedReportEqualsSparksAggregationOfEachLoss() throws Exception {
    // Without --group-by the job runs LossPass; Spark's aggregation of the Column API is the other engine.
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge:multiclassFormula=westonWatkins",
        "--loss", "kl:labelCol=teacherProbability");
    assertEquals(0, r.status(), r.err());
    Dataset<Row> df = spark.read().parquet(IRIS);
    JsonNode g = r.json().get("groups").get(0);
    assertEquals(df.count(), r.json().get("rows").asLong());
    assertEquals(df.count(), g.get("rows").asLong());
    Map<String, LossEvaluator<?>> expected = Map.of(
        "crossEntropy", new CrossEntropyEvaluator(),
        "hinge", new HingeLossEvaluator().setMulticlassFormula("westonWatkins"),
        "kl", new KLDivergenceEvaluator().setLabelCol("teacherProbability"));
    for (Map.Entry<String, LossEvaluator<?>> e : expected.entrySet()) {
      double want = df.agg(io.github.lossdive.functions.LossFunctions.aggregate(e.getValue())).head().getDouble(0);
      assertEquals(want, g.get("losses").get(e.getKey()).asDouble(), TOLERANCE * Math.abs(want), e.getKey());
    }
  }

  @Test
  void csvAndJsonCopiesGiveTheParquetNumbers() throws Exception {
    double parquet = new CrossEntropyEvaluator().evaluate(spark.read().parquet(IRIS));
    for (String input : List.of("sample-data/iris-predictions.csv", "sample-data/iris-predictions.json")) {
      JobRun r = run("--input", input, "--loss", "crossEntropy");
      assertEquals(0, r.status(), r.err());
      JsonNode g = r.json().get("groups").get(0);
      assertEquals(0, g.get("key").size());
      assertEquals(parquet, g.get("losses").get("crossEntropy").asDouble(), TOLERANCE * parquet, input);
    }
  }

  @Test
  void outputFilesHoldTheSameReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Path csv = dir.resolve("r.csv");
    JobRun r = run("--input", "sample-data/breast-cancer-predictions.parquet", "--loss", "bce",
        "--loss", "hinge", "--group-by", "model", "--output", json.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(r.json(), new ObjectMapper().readTree(Files.readString(json)));
    JobRun c = run("--input", "sample-data/breast-cancer-predictions.parquet", "--loss", "bce", "--loss", "hinge",
        "--group-by", "model", "--output", csv.toString());
    assertEquals(0, c.status(), c.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("model,rows,bce,bce_stdError,bce_ciLow,bce_ciHigh,hinge,hinge_stdError,hinge_ciLow,hinge_ciHigh",
        lines.get(0));
    JsonNode forest = r.json().get("groups").get(0);
    StringBuilder want = new StringBuilder("forest," + forest.get("rows").asLong());
    for (String loss : List.of("bce", "hinge")) {
      want.append(',').append(forest.get("losses").get(loss).asDouble()).append(',')
          .append(forest.get("stdErrors").get(loss).asDouble()).append(',')
          .append(forest.get("confidenceIntervals").get(loss).get(0).asDouble()).append(',')
          .append(forest.get("confidenceIntervals").get(loss).get(1).asDouble());
    }
    assertEquals(want.toString(), lines.get(1));
    // One layout: the same groups, with gates, as one CSV file and as a table of CSV files written by
    // Spark (gates decided there over Spark's own groups) have the same header and rows.
    String[] gated = {"--input", "sample-data/breast-cancer-predictions.parquet", "--loss", "bce", "--loss", "hinge",
        "--group-by", "model", "--max", "bce=0.2", "--max", "hinge=0.2", "--gate-rule", "significant"};
    Path gatedCsv = dir.resolve("gated.csv");
    JobRun f = run(java.util.stream.Stream.concat(java.util.Arrays.stream(gated), java.util.stream.Stream.of(
        "--output", gatedCsv.toString())).toArray(String[]::new));
    lines = Files.readAllLines(gatedCsv);
    assertTrue(lines.get(0).endsWith(",gateRule,gate_max_bce_passed,gate_max_bce_adjustedPValue,gate_max_hinge_passed,"
        + "gate_max_hinge_adjustedPValue"), lines.get(0));
    JsonNode firstGate = f.json().get("gates").get(0);
    assertTrue(lines.get(1).contains(",significant," + firstGate.get("passed").asBoolean() + ","
        + firstGate.get("adjustedPValue").asDouble()), lines.get(1) + " vs " + firstGate);
    Path table = dir.resolve("table");
    JobRun t = run(java.util.stream.Stream.concat(java.util.Arrays.stream(gated), java.util.stream.Stream.of(
        "--output", table.toString(), "--output-format", "csv")).toArray(String[]::new));
    assertEquals(f.status(), t.status(), t.err());
    Dataset<Row> written = spark.read().option("header", "true").csv(table.toString()).orderBy("model");
    assertEquals(lines.get(0), String.join(",", written.columns()));
    List<String> rows = new java.util.ArrayList<>();
    for (Row row : written.collectAsList()) {
      List<String> cells = new java.util.ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        String v = row.getString(i);
        cells.add(i < 2 || !v.matches("[-0-9.E]+|NaN|Infinity") ? v : Double.toString(Double.parseDouble(v)));
      }
      rows.add(String.join(",", cells));
    }
    assertEquals(lines.subList(1, lines.size()), rows);
  }

  static final String WIDE = "sample-data/iris-comparison.parquet";

  @Test
  void everyGroupCarriesStandardErrorsAndIntervalsAtTheRequestedLevel() throws Exception {
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model",
        "--confidence", "0.9");
    assertEquals(0, r.status(), r.err());
    Dataset<Row> df = spark.read().parquet(IRIS);
    for (JsonNode g : r.json().get("groups")) {
      Dataset<Row> rows = df.where(df.col("model").equalTo(g.get("key").get("model").asText()));
      for (LossEvaluator<?> e : List.<LossEvaluator<?>>of(new CrossEntropyEvaluator(), new HingeLossEvaluator())) {
        LossSummary s = e.summarize(rows);
        assertEquals(s.standardError(), g.get("stdErrors").get(e.lossName()).asDouble(), 1e-12 * s.standardError());
        double[] ci = s.confidenceInterval(0.9);
        JsonNode got = g.get("confidenceIntervals").get(e.lossName());
        assertEquals(ci[0], got.get(0).asDouble(), 1e-12);
        assertEquals(ci[1], got.get(1).asDouble(), 1e-12);
        // 90%: z = 1.6448536269514722, by definition of the interval, clipped at 0 (no loss is below).
        assertEquals(s.loss() + 1.6448536269514722 * s.standardError(), ci[1], 1e-12);
        assertEquals(Math.max(0, s.loss() - 1.6448536269514722 * s.standardError()), ci[0], 1e-12);
      }
    }
  }

  @Test
  void aBaselineAddsPairedComparisonsWhetherGivenForAllOrInOneSpec() throws Exception {
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    LossComparison want = ce.compare(spark.read().parquet(WIDE), "baselineProbability");
    for (String[] args : List.of(
        new String[] {"--input", WIDE, "--loss", "crossEntropy", "--baseline-col", "baselineProbability"},
        new String[] {"--input", WIDE, "--loss", "crossEntropy:baselineCol=baselineProbability", "--loss", "kl:labelCol=baselineProbability"})) {
      JobRun r = run(args);
      assertEquals(0, r.status(), r.err());
      JsonNode c = r.json().get("groups").get(0).get("comparisons").get("crossEntropy");
      assertEquals(want.baseline(), c.get("baseline").asDouble(), 1e-12 * want.baseline());
      assertEquals(want.difference(), c.get("difference").asDouble(), 1e-12 * Math.abs(want.difference()));
      assertEquals(want.standardError(), c.get("stdError").asDouble(), 1e-12 * want.standardError());
      assertEquals(want.pValue(), c.get("pValue").asDouble(), 1e-12);
    }
  }

  /**
   * A loss with a second input column through the job, as README shows it: the seed snippet's
   * {@code score * label} derived first, ranked against a column of zeros, compared with a
   * baseline's derived score. The numbers are the evaluator's own.
   */
  @Test
  void aSecondInputColumnIsNamedInTheLossSpec(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String input = dir.resolve("ranked.parquet").toString();
    spark.range(0, 400, 1, 2)
        .selectExpr("IF(id % 3 = 0, -1.0D, 1.0D) AS label", "sin(id) AS score", "cos(id) AS baseline")
        .selectExpr("label", "score * label AS score_y", "baseline * label AS baseline_y", "0.0D AS zero")
        .write().parquet(input);
    JobRun r = run("--input", input, "--prediction-col", "score_y", "--baseline-col", "baseline_y",
        "--loss", "marginRanking:secondPredictionCol=zero,margin=1");
    assertEquals(0, r.status(), r.err());
    JsonNode group = r.json().get("groups").get(0);
    io.github.lossdive.evaluation.MarginRankingLossEvaluator e = new io.github.lossdive.evaluation.MarginRankingLossEvaluator()
        .setPredictionCol("score_y").setSecondPredictionCol("zero").setMargin(1.0);
    LossComparison want = e.compare(spark.read().parquet(input), "baseline_y");
    assertEquals(want.candidate(), group.get("losses").get("marginRanking").asDouble(), 1e-12 * want.candidate());
    JsonNode c = group.get("comparisons").get("marginRanking");
    assertEquals(want.difference(), c.get("difference").asDouble(), 1e-12);
    assertEquals(want.standardError(), c.get("stdError").asDouble(), 1e-12 * want.standardError());
  }

  @Test
  void failedGatesExit3WithOneLineEachAndTheFullReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path out = dir.resolve("r.json");
    JobRun pass = run("--input", IRIS, "--loss", "crossEntropy", "--group-by", "model", "--max", "crossEntropy=5");
    assertEquals(0, pass.status(), pass.err());
    assertEquals(2, pass.json().get("gates").size());
    assertTrue(pass.json().get("gates").get(0).get("passed").asBoolean());

    // One group (forest, 0.099) passes 0.11, the other (logistic, 0.130) fails it.
    JobRun fail = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model",
        "--max", "crossEntropy=0.11", "--max", "hinge=100", "--output", out.toString());
    assertEquals(3, fail.status(), fail.err());
    List<String> lines = fail.err().lines().toList();
    assertEquals(1, lines.size(), fail.err());
    assertTrue(lines.get(0).startsWith("lossdive: gate failed: --max crossEntropy=0.11 in group {model=logistic}: "
        + "crossEntropy is "), lines.get(0));
    JsonNode report = new ObjectMapper().readTree(Files.readString(out));
    assertEquals(fail.json(), report);
    assertEquals(2, report.get("groups").size());
    JsonNode gates = report.get("gates");
    assertEquals(4, gates.size());
    for (JsonNode g : gates) {
      double value = g.get("value").asDouble();
      assertEquals(value <= g.get("limit").asDouble(), g.get("passed").asBoolean(), g.toString());
      String model = g.get("group").get("model").asText();
      JsonNode group = report.get("groups").get(model.equals("forest") ? 0 : 1);
      assertEquals(group.get("losses").get(g.get("loss").asText()).asDouble(), value);
    }

    // --max-increase on the paired difference: the logistic model is worse than the forest baseline.
    JobRun increase = run("--input", WIDE, "--loss", "crossEntropy", "--baseline-col", "baselineProbability",
        "--max-increase", "crossEntropy=0.0");
    JsonNode difference = increase.json().get("groups").get(0).get("comparisons").get("crossEntropy").get("difference");
    assertEquals(difference.asDouble() <= 0.0 ? 0 : 3, increase.status(), increase.err());
    assertEquals("maxIncrease", increase.json().get("gates").get(0).get("kind").asText());
    assertEquals(difference.asDouble(), increase.json().get("gates").get(0).get("value").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "gate without value  | --max crossEntropy                       | --max takes LOSS=VALUE, such as crossEntropy=0.5, but got crossEntropy.",
      "gate not a number   | --max crossEntropy=low                   | --max crossEntropy=low: low is not a number.",
      "gate unknown loss   | --max kl=0.5                             | --max kl=0.5: no loss kl in this run. Losses: crossEntropy.",
      "increase no base    | --max-increase crossEntropy=0.1          | --max-increase crossEntropy=0.1: crossEntropy has no baseline to compare with",
      "confidence          | --confidence 95                          | --confidence must be a number in (0, 1), such as 0.95, but was 95.",
      "baseline missing    | --baseline-col nope                      | Column nope does not exist.",
  })
  void badGateAndBaselineArgumentsExitWith2(String name, String args, String message) {
    String[] argv = ("--input " + WIDE + " --loss crossEntropy " + args.trim()).split(" ");
    JobRun r = run(argv);
    assertEquals(2, r.status(), name + ": " + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("lossdive: " + message), r.err());
  }

  /**
   * The README's example: the logistic model's cross-entropy is 0.032 above the forest's with a
   * paired SE of 0.027. {@code point} fails the gate on it; {@code significant} does not, since the
   * one-sided p of "no increase" is 1 − Φ(d/SE) ≈ 0.12 (one check: Holm leaves it as it is);
   * {@code proven} fails it too, since nothing shows the increase below 0.
   */
  @Test
  void gateRulesDecideWithTheOneSidedPValue() throws Exception {
    LossComparison c = new CrossEntropyEvaluator().compare(spark.read().parquet(WIDE), "baselineProbability");
    double p = 1 - new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
        .cumulativeProbability(c.difference() / c.standardError());
    String[] base = {"--input", WIDE, "--loss", "crossEntropy", "--baseline-col", "baselineProbability",
        "--max-increase", "crossEntropy=0"};
    for (String rule : List.of("point", "significant", "proven")) {
      JobRun r = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of(
          "--gate-rule", rule)).toArray(String[]::new));
      JsonNode gate = r.json().get("gates").get(0);
      assertEquals(rule, gate.get("rule").asText());
      assertEquals(c.standardError(), gate.get("standardError").asDouble(), 1e-12);
      double want = rule.equals("proven") ? 1 - p : p;
      assertEquals(want, gate.get("pValue").asDouble(), 1e-9, rule);
      assertEquals(want, gate.get("adjustedPValue").asDouble(), 1e-9, rule);
      boolean passes = rule.equals("significant");
      assertEquals(passes, gate.get("passed").asBoolean(), rule);
      assertEquals(passes ? 0 : 3, r.status(), rule + ": " + r.err());
    }
  }

  @Test
  void smallGroupsAreReportedButNotGated() throws Exception {
    // Both models have 56 rows: under --min-rows 60 neither is gated, so a failing limit fails nothing.
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--group-by", "model", "--max", "crossEntropy=0.01",
        "--min-rows", "60");
    assertEquals(0, r.status(), r.err());
    for (JsonNode g : r.json().get("groups")) {
      assertTrue(g.has("gated") && !g.get("gated").asBoolean(), g.toString());
    }
    assertTrue(r.json().get("gates") == null || r.json().get("gates").isEmpty(), r.out());
    JobRun gated = run("--input", IRIS, "--loss", "crossEntropy", "--group-by", "model", "--max", "crossEntropy=0.01",
        "--min-rows", "56");
    assertEquals(3, gated.status(), gated.err());
    assertEquals(2, gated.json().get("gates").size());
  }

  @Test
  void repeatedLossNamesAreKeyedByTheirSpec() throws Exception {
    JobRun r = run("--input", IRIS, "--loss", "crossEntropy", "--loss", "crossEntropy:eps=0.01");
    assertEquals(0, r.status(), r.err());
    JsonNode losses = r.json().get("groups").get(0).get("losses");
    assertTrue(losses.has("crossEntropy") && losses.has("crossEntropy:eps=0.01"), losses.toString());
  }

  @Test
  void helpPrintsUsage() {
    JobRun r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("Usage: lossdive --input PATH --loss SPEC"));
    // Every registered loss is named in the usage text, and the job takes each by that name.
    for (String name : LossRegistry.names()) {
      assertTrue(r.out().contains(" " + name + ","  ) || r.out().contains(" " + name + ";"), name + " in usage");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown loss       | --loss mse                        | Unknown loss mse. Supported losses: crossEntropy, nll, hinge, bce, kl",
      "unknown param      | --loss hinge:margn=2              | --loss hinge:margn=2: hinge has no param margn. Its params:",
      "rejected value     | --loss crossEntropy:eps=0.7       | --loss crossEntropy:eps=0.7: 0.7 is not a valid value for eps",
      "not a number       | --loss hinge:margin=wide          | --loss hinge:margin=wide: wide is not a valid value for margin",
      "no value           | --loss hinge:margin               | --loss hinge:margin: expected param=value but got 'margin'.",
      "missing column     | --loss crossEntropy --label-col y | Column y does not exist. Available columns: id, model, label,",
      "wrong type         | --loss nll --label-col model      | Column model must be of type numeric but was actually string.",
      "bad rows           | --loss bce                        | Column probability has value [",
      "unknown option     | --loss bce --fast                 | Unknown option --fast. See --help.",
      "group column       | --loss bce --group-by team        | --group-by column team does not exist.",
      "gate rule          | --loss bce --gate-rule strict      | Unknown --gate-rule strict. Supported: point, significant, proven.",
      "min rows           | --loss bce --min-rows -1          | --min-rows must be a whole number of rows, 0 or more, but was -1.",
      "jackknife groups   | --loss bce --jackknife-groups 1   | --jackknife-groups must be a whole number, at least 2, but was 1.",
      "interval method    | --loss bce --interval-method boot | Unknown --interval-method boot. Supported: analytic, jackknife.",
      "id column          | --loss ece --id-col nope          | Column nope does not exist. Available columns:",
      "output extension   | --loss bce --output r.txt         | --output must end in .json or .csv (a report), or .parquet or .orc (a table of groups), or come with --output-format, but was r.txt.",
  })
  void badArgumentsExitWith2AndOneLine(String name, String args, String message) {
    String[] argv = ("--input " + IRIS + " " + args.trim()).split(" ");
    JobRun r = run(argv);
    assertEquals(2, r.status(), name);
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("lossdive: " + message), r.err());
  }

  @Test
  void unreadableInputsExitWith2() {
    JobRun missing = run("--input", "sample-data/nope.parquet", "--loss", "bce");
    assertEquals(2, missing.status());
    assertTrue(missing.err().startsWith("lossdive: Cannot read sample-data/nope.parquet as parquet: [PATH_NOT_FOUND]"),
        missing.err());
    JobRun unknown = run("--input", "sample-data/raw", "--loss", "bce");
    assertEquals("lossdive: Cannot tell the format of sample-data/raw from its name: add --format parquet|csv|json|orc.\n",
        unknown.err());
    JobRun format = run("--input", IRIS, "--format", "avro", "--loss", "bce");
    assertEquals("lossdive: Unknown --format avro. Supported: csv, json, orc, parquet.\n", format.err());
    JobRun noInput = run("--loss", "bce");
    assertEquals("lossdive: --input is required. See --help.\n", noInput.err());
  }
}
