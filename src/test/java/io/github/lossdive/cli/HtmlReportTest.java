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
