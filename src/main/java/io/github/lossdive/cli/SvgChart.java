package io.github.lossdive.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's three charts as inline SVG, drawn by hand: a few rectangles, lines and labels each.
 * No chart library: the library jar that pipelines ship to executors carries none, and every
 * element is one a test can count ({@code class="group-bar"}, {@code class="error-bar"}, ...).
 */
final class SvgChart {
  static final String GROUP_BAR = "#3b6ea5";
  static final String HISTOGRAM_BAR = "#5b9a68";
  static final String ACCURACY_BAR = "#d9822b";
  static final String CONFIDENCE = "#555555";
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 28;
  private static final int BOTTOM = 64;
  /** Labels on an axis of many bars at most: the rest are left out, the bars still drawn. */
  static final int MOST_LABELS = 6;

  private SvgChart() {}

  /**
   * One bar per group with its interval as an error bar; a group without an interval (NaN
   * standard error, or fewer than two rows) gets none, rather than one of zero length.
   */
  static String groups(String title, List<String> labels, double[] values, double[] low, double[] high) {
    double top = 0;
    for (int i = 0; i < values.length; i++) {
      top = Math.max(top, finite(Double.isFinite(high[i]) ? high[i] : values[i]));
    }
    Frame f = new Frame(720, 320, title, niceTop(top));
    for (int i = 0; i < values.length; i++) {
      double x = f.slot(i, values.length);
      double w = f.slotWidth(values.length) * 0.7;
      f.bar("group-bar", GROUP_BAR, x - w / 2, w, finite(values[i]), labels.get(i));
      if (Double.isFinite(low[i]) && Double.isFinite(high[i]) && high[i] > low[i]) {
        f.svg.append(String.format(Locale.ROOT,
            "<path class=\"error-bar\" d=\"M%.1f %.1fV%.1fM%.1f %.1fh%.1fM%.1f %.1fh%.1f\" stroke=\"#333\""
                + " stroke-width=\"1.5\" fill=\"none\"/>",
            x, f.y(Math.max(low[i], 0)), f.y(high[i]), x - w / 6, f.y(high[i]), w / 3, x - w / 6,
            f.y(Math.max(low[i], 0)), w / 3));
      }
    }
    f.xLabels(labels);
    return f.end();
  }

  /**
   * Rows per loss range: bars over power-of-two bins, labelled with at most {@link #MOST_LABELS}
   * lower edges, horizontal, with two significant digits.
   */
  static String histogram(String title, List<String> edges, long[] counts) {
    long top = 0;
    for (long c : counts) {
      top = Math.max(top, c);
    }
    Frame f = new Frame(480, 260, title, niceTop(top));
    for (int i = 0; i < counts.length; i++) {
      double w = f.slotWidth(counts.length) * 0.9;
      f.bar("histogram-bar", HISTOGRAM_BAR, f.slot(i, counts.length) - w / 2, w, counts[i], edges.get(i));
    }
    f.xLabels(edges);
    return f.end();
  }

  /**
   * The reliability diagram: per confidence bin, the accuracy as a bar and the mean confidence as
   * a mark, beside the diagonal of perfect calibration; empty bins are left blank.
   */
  static String reliability(String title, double[] accuracy, double[] confidence, double[] weight) {
    Frame f = new Frame(480, 260, title, 1.0);
    int n = accuracy.length;
    List<String> labels = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      labels.add(String.format(Locale.ROOT, "%.2f", (double) b / n));
    }
    f.svg.append(String.format(Locale.ROOT, "<path class=\"diagonal\" d=\"M%d %.1fL%d %.1f\" stroke=\"#aaa\""
        + " stroke-dasharray=\"4 3\"/>", LEFT, f.y(0), f.width - RIGHT, f.y(1)));
    for (int b = 0; b < n; b++) {
      if (weight[b] == 0) {
        continue;
      }
      double w = f.slotWidth(n) * 0.8;
      double x = f.slot(b, n);
      f.bar("accuracy-bar", ACCURACY_BAR, x - w / 2, w, accuracy[b], "accuracy " + num(accuracy[b]));
      f.svg.append(String.format(Locale.ROOT, "<path class=\"confidence-mark\" d=\"M%.1f %.1fh%.1f\" stroke=\"%s\""
          + " stroke-width=\"2\"><title>mean confidence %s</title></path>", x - w / 2, f.y(confidence[b]), w,
          CONFIDENCE, num(confidence[b])));
    }
    f.xLabels(labels);
    return f.end();
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code v}: a top that gives round ticks. */
  static double niceTop(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A number with two significant digits, as a tick says it. */
  static String num(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    return a >= 1e-3 && a < 1e5 ? new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros()
        .toPlainString() : String.format(Locale.ROOT, "%.1e", v);
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  /** The plot area, its y axis with five round ticks, and the SVG text so far. */
  private static final class Frame {
    final StringBuilder svg = new StringBuilder();
    final int width;
    final int height;
    final double top;

    Frame(int width, int height, String title, double top) {
      this.width = width;
      this.height = height;
      this.top = top;
      svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
          .append("\" width=\"").append(width).append("\" height=\"").append(height)
          .append("\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\"><title>").append(HtmlReport.esc(title))
          .append("</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>")
          .append("<text x=\"").append(width / 2).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">")
          .append(HtmlReport.esc(title)).append("</text>");
      for (int t = 0; t <= 4; t++) {
        double v = top * t / 4;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1fH%d\" stroke=\"#e3e3e3\"/><text x=\"%d\" y=\"%.1f\""
            + " text-anchor=\"end\" class=\"tick\">%s</text>", LEFT, y(v), width - RIGHT, LEFT - 6, y(v) + 4, num(v)));
      }
    }

    double y(double v) {
      return TOP + (height - TOP - BOTTOM) * (1 - Math.min(v, top) / top);
    }

    double slotWidth(int n) {
      return (double) (width - LEFT - RIGHT) / Math.max(n, 1);
    }

    double slot(int i, int n) {
      return LEFT + slotWidth(n) * (i + 0.5);
    }

    void bar(String kind, String colour, double x, double w, double v, String about) {
      svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
          + " fill=\"%s\"><title>%s: %s</title></rect>", kind, x, y(v), w, y(0) - y(v), colour, HtmlReport.esc(about),
          num(v)));
    }

    /** Horizontal labels under the bars: every k-th, so that at most {@link #MOST_LABELS} show. */
    void xLabels(List<String> labels) {
      int n = labels.size();
      int every = Math.max(1, (int) Math.ceil(n / (double) MOST_LABELS));
      for (int i = 0; i < n; i += every) {
        String l = labels.get(i).length() > 16 ? labels.get(i).substring(0, 15) + "…" : labels.get(i);
        svg.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
            + "</text>", slot(i, n), height - BOTTOM + 16, HtmlReport.esc(l)));
      }
    }

    String end() {
      return svg.append("</svg>").toString();
    }
  }
}
