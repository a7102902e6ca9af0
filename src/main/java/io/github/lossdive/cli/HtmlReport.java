package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.Normal;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The batch job's HTML report ({@code --report PATH.html}): one self-contained page, CSS and
 * charts inline, no script and no reference to another resource, so that it opens from a file or
 * an e-mail attachment with no network.
 *
 * <p>It shows the run, a table per group with every loss ± its interval, the comparisons and
 * gates, and per loss a chart of the groups with error bars (the worst 20 when there are more),
 * a histogram of the row losses per group, and the calibration error's reliability diagrams. The
 * charts are JFreeChart drawn into JFreeSVG, inline SVG: small, static, readable without a
 * script, and each bar is an SVG {@code rect} a test can count.
 */
final class HtmlReport {
  /** Bars of the groups chart: the colour also lets a test count them in the page. */
  static final Color GROUP_BAR = new Color(0x3B, 0x6E, 0xA5);
  static final Color HISTOGRAM_BAR = new Color(0x5B, 0x9A, 0x68);
  static final Color ACCURACY_BAR = new Color(0xD9, 0x82, 0x2B);
  static final Color CONFIDENCE_BAR = new Color(0x8C, 0x8C, 0x8C);
  /** Groups drawn in a loss's chart at most: the worst ones. */
  static final int MOST_GROUPS = 20;

  /** What the page says about the run beside the report's numbers. */
  record Run(String input, long rows, double seconds, String sparkVersion, List<LossSpec> losses, double confidence) {}

  static {
    // Rotated labels as SVG text, not glyph outlines (JFreeChart's workaround draws them as paths).
    org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private HtmlReport() {}

  /** The whole page. */
  static String render(Run run, Report report, List<String> names) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>LossDive report: ").append(esc(run.input())).append("</title><style>").append(CSS)
        .append("</style></head><body><main>");
    h.append("<h1>LossDive report</h1>");
    runSection(h, run, report, names);
    gateSection(h, report);
    groupTables(h, report, names, run.confidence());
    for (int i = 0; i < names.size(); i++) {
      lossSection(h, report, names.get(i), run.confidence());
    }
    h.append("<footer>Made by LossDive ").append(esc(version())).append(" with Apache Spark ")
        .append(esc(run.sparkVersion())).append(".</footer></main></body></html>\n");
    return h.toString();
  }

  private static void runSection(StringBuilder h, Run run, Report report, List<String> names) {
    h.append("<section id=\"run\"><h2>Run</h2><table class=\"kv\">");
    kv(h, "Input", run.input());
    kv(h, "Rows", Long.toString(run.rows()));
    kv(h, "Groups", Integer.toString(report.groups().size()));
    kv(h, "Time", String.format(Locale.ROOT, "%.1f s", run.seconds()));
    kv(h, "Spark", run.sparkVersion());
    kv(h, "LossDive", version());
    kv(h, "Intervals", String.format(Locale.ROOT, "%.0f%% (loss ± %.4f·SE)", 100 * run.confidence(),
        Normal.twoSidedQuantile(run.confidence())));
    h.append("</table><h3>Losses</h3><table><thead><tr><th>loss</th><th>evaluator</th><th>params</th>")
        .append("</tr></thead><tbody>");
    for (int i = 0; i < names.size(); i++) {
      LossEvaluator<?> e = run.losses().get(i).evaluator();
      List<String> params = new ArrayList<>();
      for (Param<?> p : e.params()) {
        if (e.isDefined(p)) {
          Object v = e.getOrDefault(p);
          params.add(p.name() + "=" + (v instanceof double[] a ? java.util.Arrays.toString(a) : v));
        }
      }
      if (run.losses().get(i).baselineCol() != null) {
        params.add("baselineCol=" + run.losses().get(i).baselineCol());
      }
      h.append("<tr><td class=\"loss\">").append(esc(names.get(i))).append("</td><td>")
          .append(esc(e.getClass().getSimpleName())).append("</td><td class=\"params\">")
          .append(esc(String.join(", ", params))).append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void gateSection(StringBuilder h, Report report) {
    if (report.gateResults().isEmpty()) {
      return;
    }
    long failed = report.gateResults().stream().filter(r -> !r.passed()).count();
    h.append("<section id=\"gates\"><h2>Gates: ").append(failed == 0 ? "all passed" : failed + " failed")
        .append("</h2><table><thead><tr><th>gate</th><th>group</th><th>value</th><th>limit</th><th>result</th>")
        .append("</tr></thead><tbody>");
    for (Gate.Result r : report.gateResults()) {
      h.append("<tr class=\"").append(r.passed() ? "pass" : "fail").append("\"><td>").append(esc(r.gate().option()))
          .append("</td><td>").append(esc(key(r.group()))).append("</td><td>").append(num(r.value()))
          .append("</td><td>").append(num(r.gate().limit())).append("</td><td>")
          .append(r.passed() ? "passed" : "FAILED").append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void groupTables(StringBuilder h, Report report, List<String> names, double confidence) {
    h.append("<section id=\"groups\"><h2>Losses per group</h2><table class=\"groups\"><thead><tr><th>group</th>")
        .append("<th>rows</th>");
    for (String n : names) {
      h.append("<th>").append(esc(n)).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (Report.Group g : report.groups()) {
      h.append("<tr class=\"group\"><td>").append(esc(key(g.key()))).append("</td><td>").append(g.rows()).append("</td>");
      for (String n : names) {
        LossSummary s = g.losses().get(n);
        h.append("<td class=\"value\"><b>").append(num(s.loss())).append("</b>");
        if (Double.isNaN(s.standardError())) {
          h.append("<br><small>no interval</small>");
        } else {
          double[] ci = s.confidenceInterval(confidence);
          h.append(" ± ").append(num((ci[1] - ci[0]) / 2)).append("<br><small>[").append(num(ci[0])).append(", ")
              .append(num(ci[1])).append("]</small>");
        }
        LossComparison c = g.comparisons().get(n);
        if (c != null) {
          h.append("<br><small class=\"").append(c.pValue() < 1 - confidence ? "significant" : "")
              .append("\">vs baseline ").append(num(c.baseline())).append(": ")
              .append(c.difference() >= 0 ? "+" : "").append(num(c.difference())).append(" (p = ")
              .append(num(c.pValue())).append(")</small>");
        }
        h.append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void lossSection(StringBuilder h, Report report, String name, double confidence) {
    h.append("<section class=\"loss-section\"><h2>").append(esc(name)).append("</h2>");
    List<Report.Group> groups = new ArrayList<>(report.groups());
    groups.sort(Comparator.comparingDouble((Report.Group g) -> -finite(g.losses().get(name).loss())));
    List<Report.Group> shown = groups.subList(0, Math.min(MOST_GROUPS, groups.size()));
    if (groups.size() > MOST_GROUPS) {
      h.append("<p class=\"note\">The worst ").append(MOST_GROUPS).append(" of ").append(groups.size())
          .append(" groups are shown.</p>");
    }
    double z = Normal.twoSidedQuantile(confidence);
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    for (Report.Group g : shown) {
      LossSummary s = g.losses().get(name);
      double half = Double.isFinite(s.standardError()) ? z * s.standardError() : 0.0;
      data.add(finite(s.loss()), half, name, label(g.key()));
    }
    StatisticalBarRenderer bars = new StatisticalBarRenderer();
    bars.setSeriesPaint(0, GROUP_BAR);
    bars.setErrorIndicatorPaint(Color.DARK_GRAY);
    bars.setErrorIndicatorStroke(new BasicStroke(1.5f));
    figure(h, "groups", name, shown.size(), chart(data, bars, "loss ± " + Math.round(100 * confidence) + "% interval",
        shown.size() > 6), 720, 320);
    for (Report.Group g : report.groups()) {
      LossSummary s = g.losses().get(name);
      if (!s.histogram().isEmpty()) {
        histogram(h, name, g, s.histogram());
      }
      if (!s.reliabilityDiagram().isEmpty()) {
        reliability(h, name, g, s.reliabilityDiagram());
      }
    }
    h.append("</section>");
  }

  private static void histogram(StringBuilder h, String name, Report.Group g, List<Long> counts) {
    int first = 0;
    int last = counts.size() - 1;
    while (first < last && counts.get(first) == 0) {
      first++;
    }
    while (last > first && counts.get(last) == 0) {
      last--;
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int b = first; b <= last; b++) {
      data.addValue(counts.get(b), "rows", binLabel(b));
    }
    BarRenderer bars = new BarRenderer();
    bars.setSeriesPaint(0, HISTOGRAM_BAR);
    figure(h, "histogram", name + " " + key(g.key()), last - first + 1,
        chart(data, bars, "rows per loss range, " + key(g.key()), true), 480, 260);
  }

  private static void reliability(StringBuilder h, String name, Report.Group g, List<LossSummary.Bin> bins) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int n = bins.size();
    for (int b = 0; b < n; b++) {
      String range = String.format(Locale.ROOT, "%.2f", (double) b / n);
      data.addValue(bins.get(b).accuracy(), "accuracy", range);
      data.addValue(bins.get(b).confidence(), "mean confidence", range);
    }
    BarRenderer bars = new BarRenderer();
    bars.setSeriesPaint(0, ACCURACY_BAR);
    bars.setSeriesPaint(1, CONFIDENCE_BAR);
    StringBuilder weights = new StringBuilder();
    for (LossSummary.Bin b : bins) {
      weights.append(weights.length() == 0 ? "" : ", ").append(num(b.weight()));
    }
    figure(h, "reliability", name + " " + key(g.key()), n,
        chart(data, bars, "reliability diagram, " + key(g.key()), n > 8), 480, 260);
    h.append("<p class=\"note\">Weight per bin: ").append(esc(weights.toString())).append("</p>");
  }

  /** A chart with the house style: no gradients, shadows or legend frame. */
  private static JFreeChart chart(org.jfree.data.category.CategoryDataset data, BarRenderer renderer, String title,
      boolean rotate) {
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setItemMargin(0.05);
    CategoryAxis x = new CategoryAxis();
    if (rotate) {
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    NumberAxis y = new NumberAxis();
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setOutlineVisible(false);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.PLAIN, 13), plot,
        data.getRowCount() > 1);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    return chart;
  }

  /** A chart as inline SVG in a figure that says what it shows and how many bars it has. */
  private static void figure(StringBuilder h, String kind, String about, int bars, JFreeChart chart, int width,
      int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    h.append("<figure class=\"chart ").append(kind).append("\" data-kind=\"").append(kind)
        .append("\" data-about=\"").append(esc(about)).append("\" data-bars=\"").append(bars).append("\">")
        .append(g.getSVGElement()).append("</figure>");
  }

  private static String binLabel(int bin) {
    if (bin == 0) {
      return "0";
    }
    if (bin == LossAccumulator.HISTOGRAM_BINS - 1) {
      return "≥" + num(LossAccumulator.histogramLower(bin));
    }
    return num(LossAccumulator.histogramLower(bin));
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0.0;
  }

  private static String label(Map<String, Object> key) {
    return key.isEmpty() ? "all rows" : key.values().stream().map(String::valueOf).reduce((a, b) -> a + " / " + b)
        .orElse("");
  }

  private static String key(Map<String, Object> key) {
    return key.isEmpty() ? "all rows" : key.toString();
  }

  private static void kv(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  private static String num(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)
        ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
  }

  static String version() {
    String v = HtmlReport.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }

  /** HTML text: the five characters that matter escaped. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String CSS = String.join("\n",
      "body{margin:0;background:#f6f7f9;color:#1d2330;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}",
      "main{max-width:1100px;margin:0 auto;padding:24px}",
      "h1{font-size:26px;margin:0 0 16px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #d8dce3;padding-bottom:4px}",
      "h3{font-size:16px;margin:18px 0 8px}section{background:#fff;border-radius:8px;padding:4px 18px 16px;margin:14px 0;",
      "box-shadow:0 1px 2px rgba(0,0,0,.06)}table{border-collapse:collapse;width:100%;font-size:14px}",
      "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceef2;vertical-align:top}",
      "th{color:#4a5263;font-weight:600}table.kv th{width:140px}td.value b{font-variant-numeric:tabular-nums}",
      "td.params{font-family:ui-monospace,monospace;font-size:12px;color:#4a5263}",
      "tr.fail td{background:#fde8e8;color:#9b1c1c;font-weight:600}tr.pass td{color:#1f6f3a}",
      "small{color:#5b6475}small.significant{color:#9b1c1c;font-weight:600}",
      "figure.chart{display:inline-block;margin:8px 12px 8px 0}figure.chart svg{max-width:100%;height:auto}",
      "p.note{color:#5b6475;font-size:13px;margin:4px 0}footer{color:#7a8294;font-size:12px;margin:24px 0}");
}
