package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.GroupResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;

/**
 * The batch job's HTML report ({@code --report PATH.html}): one self-contained page, CSS and
 * charts inline, no script and no reference to another resource, so that it opens from a file or
 * an e-mail attachment with no network.
 *
 * <p>It leads with what needs attention: failed gates, losses significantly worse than their
 * baseline, and the worst groups. Then the run, a table of every group with each loss ± its
 * interval and its comparison in words (better, worse, no clear difference), and per loss a chart
 * of the worst {@value #MOST_GROUPS} groups with their intervals. Histograms of the row losses and
 * reliability diagrams are drawn only for the groups that need attention and the
 * {@value #DETAILED_GROUPS} worst of each loss, so that a page over thousands of groups stays
 * small. The charts are inline SVG ({@link SvgChart}).
 */
final class HtmlReport {
  /** Groups drawn in a loss's chart at most: the worst ones. */
  static final int MOST_GROUPS = 20;
  /** The worst groups of each loss that get histograms and reliability diagrams. */
  static final int DETAILED_GROUPS = 5;

  /** What the page says about the run beside the result. */
  record Run(String input, double seconds, String sparkVersion, List<LossSpec> losses, double confidence) {}

  private HtmlReport() {}

  /** The whole page. */
  static String render(Run run, JobResult result) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>LossDive report: ").append(esc(run.input())).append("</title><style>").append(CSS)
        .append("</style></head><body><main>");
    h.append("<h1>LossDive report</h1>");
    Set<Map<String, Object>> detailed = attention(h, result);
    runSection(h, run, result);
    gateSection(h, result);
    groupTable(h, result);
    for (String name : result.losses()) {
      lossSection(h, result, name, detailed);
    }
    h.append("<footer>Made by LossDive ").append(esc(version())).append(" with Apache Spark ")
        .append(esc(run.sparkVersion())).append(".</footer></main></body></html>\n");
    return h.toString();
  }

  /**
   * The section that leads the page; returns the keys of the groups that get detail charts: those
   * with a failed gate or a significant regression, and the worst of each loss.
   */
  private static Set<Map<String, Object>> attention(StringBuilder h, JobResult result) {
    double alpha = 1 - result.confidence();
    List<Gate.Check> failed = result.failures();
    List<String> regressions = new ArrayList<>();
    Set<Map<String, Object>> detailed = new LinkedHashSet<>();
    failed.forEach(c -> detailed.add(c.group()));
    for (JobResult.Group g : result.groups()) {
      g.result().comparisons().forEach((name, c) -> {
        if (verdict(c, alpha) > 0) {
          regressions.add(name + " in " + key(g.result().key()) + ": " + signed(c.difference()) + " (p = "
              + num(c.pValue()) + ")");
          detailed.add(g.result().key());
        }
      });
    }
    h.append("<section id=\"attention\"><h2>Needs attention</h2>");
    if (failed.isEmpty() && regressions.isEmpty()) {
      h.append("<p class=\"ok\">Every gate passed and no loss is significantly worse than its baseline.</p>");
    }
    list(h, "fail", failed.size() + " failed gate" + (failed.size() == 1 ? "" : "s"),
        failed.stream().map(Gate.Check::failure).toList());
    list(h, "worse", regressions.size() + " significant regression" + (regressions.size() == 1 ? "" : "s")
        + " (p &lt; " + num(alpha) + ")", regressions);
    if (result.groups().size() > 1) {
      List<String> worst = new ArrayList<>();
      for (String name : result.losses()) {
        List<JobResult.Group> sorted = worstFirst(result, name);
        for (JobResult.Group g : sorted.subList(0, Math.min(DETAILED_GROUPS, sorted.size()))) {
          detailed.add(g.result().key());
        }
        worst.add(name + ": " + key(sorted.get(0).result().key()) + " at "
            + num(sorted.get(0).result().summaries().get(name).loss()));
      }
      list(h, "", "Worst group per loss", worst);
    } else {
      result.groups().forEach(g -> detailed.add(g.result().key()));
    }
    h.append("</section>");
    return detailed;
  }

  private static void list(StringBuilder h, String kind, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    h.append("<h3 class=\"").append(kind).append("\">").append(title).append("</h3><ul class=\"").append(kind)
        .append("\">");
    int shown = Math.min(items.size(), 50);
    for (String i : items.subList(0, shown)) {
      h.append("<li>").append(esc(i)).append("</li>");
    }
    if (items.size() > shown) {
      h.append("<li>and ").append(items.size() - shown).append(" more</li>");
    }
    h.append("</ul>");
  }

  private static void runSection(StringBuilder h, Run run, JobResult result) {
    h.append("<section id=\"run\"><h2>Run</h2><table class=\"kv\">");
    kv(h, "Input", run.input());
    kv(h, "Rows", Long.toString(result.rows()));
    kv(h, "Groups", Integer.toString(result.groups().size()));
    kv(h, "Time", String.format(Locale.ROOT, "%.1f s", run.seconds()));
    kv(h, "Spark", run.sparkVersion());
    kv(h, "LossDive", version());
    kv(h, "Intervals", String.format(Locale.ROOT, "%.0f%% (normal from the closed-form standard error, Student's t"
        + " under the jackknife; clipped at 0, below which no loss goes)", 100 * run.confidence()));
    h.append("</table><h3>Losses</h3><table><thead><tr><th>loss</th><th>evaluator</th><th>params</th>")
        .append("</tr></thead><tbody>");
    for (int i = 0; i < result.losses().size(); i++) {
      LossSpec spec = run.losses().get(i);
      LossEvaluator<?> e = spec.evaluator();
      List<String> params = new ArrayList<>();
      for (Param<?> p : e.params()) {
        if (e.isDefined(p)) {
          Object v = e.getOrDefault(p);
          params.add(p.name() + "=" + (v instanceof double[] a ? java.util.Arrays.toString(a) : v));
        }
      }
      if (spec.baselineCol() != null) {
        params.add("baselineCol=" + spec.baselineCol());
      }
      h.append("<tr><td class=\"loss\">").append(esc(result.losses().get(i))).append("</td><td>")
          .append(esc(e.getClass().getSimpleName())).append("</td><td class=\"params\">")
          .append(esc(String.join(", ", params))).append("</td></tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void gateSection(StringBuilder h, JobResult result) {
    List<Gate.Check> checks = result.groups().stream().flatMap(g -> g.gates().stream()).toList();
    if (checks.isEmpty()) {
      return;
    }
    List<Gate.Check> failed = checks.stream().filter(c -> !c.passed()).toList();
    Gate.Rule rule = result.gates().rule();
    h.append("<section id=\"gates\"><h2>Gates: ").append(failed.isEmpty() ? "all passed" : failed.size() + " failed")
        .append(" of ").append(checks.size()).append("</h2><p class=\"note\">Rule: <b>").append(rule.text())
        .append("</b>").append(switch (rule) {
          case POINT -> ": a gate fails when the value is above its limit.";
          case SIGNIFICANT -> ": a gate fails only when the data show the value above its limit (one-sided p,"
              + " Holm-adjusted over all " + checks.size() + " checks, below " + num(result.gates().alpha()) + ").";
          case PROVEN -> ": a gate passes only when the data show the value below its limit (one-sided p,"
              + " Holm-adjusted over all " + checks.size() + " checks, below " + num(result.gates().alpha()) + ").";
        }).append("</p><table><thead><tr><th>gate</th><th>group</th>")
        .append("<th>value</th><th>SE</th><th>limit</th><th>adjusted p</th><th>result</th></tr></thead><tbody>");
    // Failures first; passes listed only while the table stays short.
    List<Gate.Check> shown = new ArrayList<>(failed);
    checks.stream().filter(Gate.Check::passed).limit(Math.max(0, 100 - failed.size())).forEach(shown::add);
    for (Gate.Check c : shown) {
      h.append("<tr class=\"").append(c.passed() ? "pass" : "fail").append("\"><td>").append(esc(c.gate().option()))
          .append("</td><td>").append(esc(key(c.group()))).append("</td><td>").append(num(c.value()))
          .append("</td><td>").append(num(c.standardError())).append("</td><td>").append(num(c.gate().limit()))
          .append("</td><td>").append(num(c.adjustedPValue())).append("</td><td>")
          .append(c.passed() ? "passed" : "FAILED").append("</td></tr>");
    }
    h.append("</tbody></table>");
    if (shown.size() < checks.size()) {
      h.append("<p class=\"note\">").append(checks.size() - shown.size()).append(" more passed.</p>");
    }
    h.append("</section>");
  }

  private static void groupTable(StringBuilder h, JobResult result) {
    double alpha = 1 - result.confidence();
    h.append("<section id=\"groups\"><h2>Losses per group</h2><table class=\"groups\"><thead><tr><th>group</th>")
        .append("<th>rows</th>");
    for (String n : result.losses()) {
      h.append("<th>").append(esc(n)).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (JobResult.Group group : result.groups()) {
      GroupResult g = group.result();
      h.append("<tr class=\"group\"><td>").append(esc(key(g.key()))).append("</td><td>").append(g.rows())
          .append("</td>");
      for (String n : result.losses()) {
        LossSummary s = g.summaries().get(n);
        h.append("<td class=\"value\"><b>").append(num(s.loss())).append("</b>");
        if (Double.isNaN(s.standardError())) {
          h.append("<br><small>no interval</small>");
        } else {
          double[] ci = s.confidenceInterval(result.confidence());
          h.append("<br><small>[").append(num(ci[0])).append(", ").append(num(ci[1])).append("]</small>");
        }
        LossComparison c = g.comparisons().get(n);
        if (c != null) {
          int v = verdict(c, alpha);
          h.append("<br><small class=\"").append(v > 0 ? "worse" : v < 0 ? "better" : "same").append("\">")
              .append(v > 0 ? "worse than" : v < 0 ? "better than" : "no clear difference from")
              .append(" baseline ").append(num(c.baseline())).append(": ").append(signed(c.difference()))
              .append(" (p = ").append(num(c.pValue())).append(")</small>");
        }
        h.append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table></section>");
  }

  private static void lossSection(StringBuilder h, JobResult result, String name, Set<Map<String, Object>> detailed) {
    h.append("<section class=\"loss-section\"><h2>").append(esc(name)).append("</h2>");
    List<JobResult.Group> sorted = worstFirst(result, name);
    List<JobResult.Group> shown = sorted.subList(0, Math.min(MOST_GROUPS, sorted.size()));
    if (sorted.size() > MOST_GROUPS) {
      h.append("<p class=\"note\">The worst ").append(MOST_GROUPS).append(" of ").append(sorted.size())
          .append(" groups are shown.</p>");
    }
    List<String> labels = new ArrayList<>();
    double[] values = new double[shown.size()];
    double[] low = new double[shown.size()];
    double[] high = new double[shown.size()];
    for (int i = 0; i < shown.size(); i++) {
      LossSummary s = shown.get(i).result().summaries().get(name);
      labels.add(label(shown.get(i).result().key()));
      values[i] = s.loss();
      double[] ci = s.confidenceInterval(result.confidence());
      low[i] = ci[0];
      high[i] = ci[1];
    }
    figure(h, "groups", name, shown.size(), SvgChart.groups(
        "loss with its " + Math.round(100 * result.confidence()) + "% interval", labels, values, low, high));
    for (JobResult.Group group : result.groups()) {
      GroupResult g = group.result();
      if (!detailed.contains(g.key())) {
        continue;
      }
      LossSummary s = g.summaries().get(name);
      if (!s.histogram().isEmpty()) {
        histogram(h, name, g, s.histogram());
      }
      if (!s.reliabilityDiagram().isEmpty()) {
        reliability(h, name, g, s.reliabilityDiagram());
      }
    }
    h.append("</section>");
  }

  private static void histogram(StringBuilder h, String name, GroupResult g, List<Long> counts) {
    int first = 0;
    int last = counts.size() - 1;
    while (first < last && counts.get(first) == 0) {
      first++;
    }
    while (last > first && counts.get(last) == 0) {
      last--;
    }
    List<String> edges = new ArrayList<>();
    long[] shown = new long[last - first + 1];
    for (int b = first; b <= last; b++) {
      edges.add((b == LossSummary.HISTOGRAM_BINS - 1 ? "≥" : "") + SvgChart.num(LossSummary.histogramLowerEdge(b)));
      shown[b - first] = counts.get(b);
    }
    figure(h, "histogram", name + " " + key(g.key()), shown.length,
        SvgChart.histogram("rows per loss range (lower edges), " + key(g.key()), edges, shown));
  }

  private static void reliability(StringBuilder h, String name, GroupResult g, List<LossSummary.Bin> bins) {
    int n = bins.size();
    double[] accuracy = new double[n];
    double[] confidence = new double[n];
    double[] weight = new double[n];
    for (int b = 0; b < n; b++) {
      accuracy[b] = bins.get(b).accuracy();
      confidence[b] = bins.get(b).confidence();
      weight[b] = bins.get(b).weight();
    }
    figure(h, "reliability", name + " " + key(g.key()), n,
        SvgChart.reliability("accuracy (bars) and mean confidence (marks), " + key(g.key()), accuracy, confidence,
            weight));
    StringBuilder weights = new StringBuilder();
    for (LossSummary.Bin b : bins) {
      weights.append(weights.length() == 0 ? "" : ", ").append(num(b.weight()));
    }
    h.append("<p class=\"note\">Weight per bin: ").append(esc(weights.toString())).append("</p>");
  }

  private static void figure(StringBuilder h, String kind, String about, int bars, String svg) {
    h.append("<figure class=\"chart ").append(kind).append("\" data-kind=\"").append(kind)
        .append("\" data-about=\"").append(esc(about)).append("\" data-bars=\"").append(bars).append("\">")
        .append(svg).append("</figure>");
  }

  /** +1 when the candidate is significantly worse (higher loss), −1 significantly better, else 0. */
  private static int verdict(LossComparison c, double alpha) {
    return c.pValue() < alpha ? (int) Math.signum(c.difference()) : 0;
  }

  private static List<JobResult.Group> worstFirst(JobResult result, String name) {
    List<JobResult.Group> sorted = new ArrayList<>(result.groups());
    sorted.sort(Comparator.comparingDouble((JobResult.Group g) -> -finite(g.result().summaries().get(name).loss())));
    return sorted;
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

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + num(v);
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
      "small{color:#5b6475}small.worse{color:#9b1c1c;font-weight:600}small.better{color:#1f6f3a;font-weight:600}",
      "h3.fail,h3.worse,ul.fail,ul.worse{color:#9b1c1c}p.ok{color:#1f6f3a;font-weight:600}",
      "figure.chart{display:inline-block;margin:8px 12px 8px 0}figure.chart svg{max-width:100%;height:auto}",
      "p.note{color:#5b6475;font-size:13px;margin:4px 0}footer{color:#7a8294;font-size:12px;margin:24px 0}");
}
