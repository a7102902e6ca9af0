package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless Chromium (Debian's {@code chromium}; {@code .ci/run}
 * installs it) loads the page from a file, takes a screenshot and dumps its DOM. The page logs no
 * console message, makes no network request of its own (Chromium's net log of the page holds no
 * URL beyond those Chromium itself asks for on about:blank; every host name is mapped to nowhere,
 * so nothing leaves the machine), and each groups chart in the rendered DOM has one bar per group.
 */
class HtmlReportChromiumIT extends SparkTestBase {
  static final Pattern URL = Pattern.compile("\"url\":\"(https?://[^/\"?]*)");
  static final Pattern FIGURE = Pattern.compile("<figure class=\"chart groups\"[^>]*data-bars=\"(\\d+)\"[^>]*>(.*?)</figure>",
      Pattern.DOTALL);

  @Test
  void thePageRendersWithNoErrorsNoRequestsAndOneBarPerGroup(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    Path input = dir.resolve("teams.parquet");
    spark.range(0, 2400).selectExpr("CAST(id % 24 AS INT) AS team", "CAST(id % 2 AS DOUBLE) AS label",
        "0.05 + 0.9 * rand(2) AS probability").write().parquet(input.toString());
    HtmlReportTest.run(this, page, "--input", input.toString(), "--loss", "bce", "--loss", "brier", "--loss", "ece",
        "--group-by", "team");

    Chromium blank = Chromium.load(dir.resolve("blank"), "about:blank", "--dump-dom");
    Chromium dom = Chromium.load(dir.resolve("dom"), page.toUri().toString(), "--dump-dom");
    Chromium shot = Chromium.load(dir.resolve("shot"), page.toUri().toString(),
        "--screenshot=" + dir.resolve("report.png"), "--window-size=1200,6000");

    // The screenshot shows the charts: the bars' own colour fills a good number of pixels.
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("report.png").toFile());
    int barPixels = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        barPixels += (png.getRGB(x, y) & 0xFFFFFF) == Integer.parseInt(SvgChart.GROUP_BAR.substring(1), 16) ? 1 : 0;
      }
    }
    assertTrue(barPixels > 2_000, "group bars drawn in the screenshot: " + barPixels + " pixels");
    for (Chromium c : List.of(dom, shot)) {
      assertTrue(c.consoleMessages().isEmpty(), "console: " + c.consoleMessages());
      Set<String> own = new TreeSet<>(c.hosts());
      own.removeAll(blank.hosts());
      assertTrue(own.isEmpty(), "the page asked for " + own);
    }
    Matcher m = FIGURE.matcher(dom.stdout());
    int charts = 0;
    while (m.find()) {
      charts++;
      int bars = HtmlReportTest.count(m.group(2), HtmlReportTest.GROUP_BAR);
      assertEquals(Integer.parseInt(m.group(1)), bars, "bars drawn vs groups shown");
      assertEquals(HtmlReport.MOST_GROUPS, bars, "24 groups: the worst 20 are drawn");
    }
    assertEquals(3, charts, "one groups chart per loss in the rendered DOM");
    assertTrue(dom.stdout().contains("The worst 20 of 24 groups are shown."));
  }

  /** One headless Chromium run: its stdout, its console lines, and the hosts in its net log. */
  record Chromium(String stdout, List<String> consoleMessages, Set<String> hosts) {
    static Chromium load(Path work, String url, String... mode) throws IOException, InterruptedException {
      Files.createDirectories(work);
      Path netLog = work.resolve("net.json");
      List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
          "--hide-scrollbars", "--user-data-dir=" + work.resolve("profile"),
          // Nothing leaves the machine: no name resolves, and Chromium's own services stay quiet.
          "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run",
          "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
          "--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog));
      cmd.addAll(List.of(mode));
      cmd.add(url);
      Path out = work.resolve("stdout");
      Path err = work.resolve("stderr");
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
      }
      List<String> console = Files.readAllLines(err).stream()
          .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
      Set<String> hosts = new TreeSet<>();
      if (Files.exists(netLog)) {
        Matcher m = URL.matcher(Files.readString(netLog));
        while (m.find()) {
          hosts.add(m.group(1));
        }
      }
      return new Chromium(Files.readString(out), console, hosts);
    }

    static String binary() {
      for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
        if (Files.isExecutable(Path.of(b))) {
          return b;
        }
      }
      throw new AssertionError("No Chromium: apt-get install -y chromium (.ci/run does).");
    }
  }
}
