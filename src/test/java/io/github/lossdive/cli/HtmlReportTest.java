package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report is one self-contained page holding every group and loss of the run: no reference
 * to another resource, a chart per loss whose bars are the groups (the worst 20 when there are more),
 * histograms of the row losses and the calibration error's reliability diagrams. That it renders in
 * a real browser is {@code HtmlReportChromiumIT}'s job.
 */
class HtmlReportTest extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";
  /** A bar of the groups chart, as JFreeSVG writes its fill. */
  static final Pattern GROUP_BAR = Pattern.compile("<rect class=\"group-bar\"");

  static String run(SparkTestBase test, Path page, String... args) throws Exception {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
        "--report", page.toString())).toArray(String[]::new);
    JobRun r = JobRun.of(test.spark(), all);
    assertEquals(0, r.status(), r.err());
    return r.out();
  }

  @Test
  void thePageHoldsEveryGroupAndLossAndNothingFromElsewhere(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    String json = run(this, page, "--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--loss", "ece",
        "--group-by", "model");
    String html = Files.readString(page);
    JsonNode report = new ObjectMapper().readTree(json);
    for (JsonNode g : report.get("groups")) {
      assertTrue(html.contains(HtmlReport.esc(g.get("key").toString().replace("\"", "").replace(":", "="))
          .replace(",", ", ")), g.get("key").toString());
    }
    for (String loss : List.of("crossEntropy", "hinge", "ece")) {
      assertTrue(html.contains("<h2>" + loss + "</h2>"), loss);
    }
    assertNoExternalReferences(html);
    // One groups chart per loss, each with one bar per group; histograms per group for the mean
    // losses; reliability diagrams per group for ece.
    assertEquals(3, count(html, "data-kind=\"groups\""));
    assertEquals(4, count(html, "data-kind=\"histogram\""));
    assertEquals(2, count(html, "data-kind=\"reliability\""));
    assertEquals(3 * 2, count(html, GROUP_BAR));
  }

  @Test
  void manyGroupsShowTheWorst20AndSaySo(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("many.parquet");
    spark.range(0, 3000).selectExpr("CAST(id % 30 AS INT) AS team", "CAST(id % 2 AS DOUBLE) AS label",
        "0.05 + 0.9 * rand(1) AS probability").write().parquet(input.toString());
    Path page = dir.resolve("many.html");
    run(this, page, "--input", input.toString(), "--loss", "bce", "--group-by", "team");
    String html = Files.readString(page);
    assertTrue(html.contains("The worst 20 of 30 groups are shown."), "says so");
    assertEquals(20, count(html, GROUP_BAR));
    assertEquals(30, count(html, "<tr class=\"group\">"), "every group in the table");
  }

  /**
   * 1000 groups, three losses with histograms, a reliability diagram and a comparison each: the
   * page stays within 2 MB, leads with what needs attention, draws detail charts only for those
   * groups and the worst, and tells better from worse in words.
   */
  @Test
  void aThousandGroupsFitTheBudgetAndLeadWithWhatNeedsAttention() {
    List<String> losses = List.of("crossEntropy", "brier", "ece");
    List<LossSpec> specs = losses.stream().map(l -> LossSpec.parse(l, null, null, null, "baseline")).toList();
    List<Long> histogram = new java.util.ArrayList<>();
    for (int b = 0; b < io.github.lossdive.evaluation.LossSummary.HISTOGRAM_BINS; b++) {
      histogram.add(b > 10 && b < 28 ? 1000L + b : 0L);
    }
    List<io.github.lossdive.evaluation.LossSummary.Bin> bins = new java.util.ArrayList<>();
    for (int b = 0; b < 15; b++) {
      bins.add(new io.github.lossdive.evaluation.LossSummary.Bin(10, b / 15.0, b / 16.0));
    }
    Gates gates = new Gates(List.of(new Gate(Gate.Kind.MAX, "crossEntropy", 0.999)), Gate.Rule.POINT, 0.05, 0);
    List<JobResult.Group> groups = new java.util.ArrayList<>();
    for (int g = 0; g < 1000; g++) {
      java.util.Map<String, io.github.lossdive.evaluation.LossSummary> summaries = new java.util.LinkedHashMap<>();
      java.util.Map<String, io.github.lossdive.evaluation.LossComparison> comparisons = new java.util.LinkedHashMap<>();
      for (String l : losses) {
        double loss = 0.5 + g / 2000.0;
        summaries.put(l, new io.github.lossdive.evaluation.LossSummary(loss, 150, 0, 0, 150,
            l.equals("ece") ? Double.NaN : 0.01, l.equals("ece") ? bins : List.of(), l.equals("ece") ? List.of()
            : histogram));
        // Group 7 is much better than its baseline, group 8 much worse, the rest within noise.
        double difference = g == 7 ? -0.3 : g == 8 ? 0.3 : 0.001;
        comparisons.put(l, new io.github.lossdive.evaluation.LossComparison(loss, loss - difference, difference, 0.01,
            g == 7 || g == 8 ? 1e-19 : 0.9, 150, 0, 0));
      }
      io.github.lossdive.functions.GroupResult r = new io.github.lossdive.functions.GroupResult(
          java.util.Map.of("segment", "s" + g), 150, summaries, comparisons);
      groups.add(gates.measure(r));
    }
    JobResult result = new JobResult("in.parquet", 0.95, List.of("segment"), losses, losses, gates,
        gates.decide(groups));
    String html = HtmlReport.render(new HtmlReport.Run("in.parquet", 1.0, "4.1.0", specs, 0.95), result);
    assertTrue(html.length() <= 2_000_000, "page of " + html.length() + " characters");
    assertTrue(html.indexOf("id=\"attention\"") < html.indexOf("id=\"run\""), "attention leads");
    // The last group fails the gate (loss 0.9995 > 0.999); group 8 is a regression; group 7 is not.
    assertTrue(html.contains("1 failed gate") && html.contains("3 significant regressions"), "attention lists");
    assertEquals(3, count(html, "better than baseline"), "group 7 better, in words");
    assertTrue(count(html, "worse than baseline") == 3 && html.contains("small class=\"better\""));
    // Detail charts: the failed and regressed groups and the 5 worst of each loss, not 1000.
    int histograms = count(html, "data-kind=\"histogram\"");
    assertTrue(histograms > 0 && histograms <= 2 * (HtmlReport.DETAILED_GROUPS + 2), histograms + " histograms");
    assertEquals(1000, count(html, "<tr class=\"group\">"), "every group in the table");
    // A metric without an interval draws no error bar: ece's chart has bars and none.
    assertEquals(2 * HtmlReport.MOST_GROUPS, count(html, "class=\"error-bar\""));
  }

  static void assertNoExternalReferences(String html) {
    Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*['\"]([^'\"]*)['\"]|url\\(\\s*['\"]?([^)'\"]*)").matcher(html);
    while (m.find()) {
      String target = m.group(1) != null ? m.group(1) : m.group(2);
      assertTrue(target.startsWith("#"), "a reference to another resource: " + target);
    }
    assertFalse(html.contains("<script"), "no script");
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static int count(String text, Pattern p) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
