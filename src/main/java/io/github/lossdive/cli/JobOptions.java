package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.evaluation.LossRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The batch job's command line. Every option is declared once, in {@link #OPTIONS}: the parser,
 * the usage text and the README's option table (checked by a test) all come from that list.
 */
record JobOptions(
    String input,
    String format,
    List<String> losses,
    String labelCol,
    String predictionCol,
    String weightCol,
    List<String> groupBy,
    String output,
    String outputFormat,
    String report,
    String master,
    double confidence,
    String baselineCol,
    String intervalMethod,
    String jackknifeGroups,
    String idCol,
    List<Gate> gates,
    Gate.Rule gateRule,
    long minRows,
    Streaming stream,
    boolean verbose,
    boolean help) {

  /**
   * The {@code --stream} mode's options; {@link JobOptions#stream()} is null in a batch run.
   *
   * @param schema {@code --schema}: the rows' schema as DDL, or null to take it from the files present
   * @param timeCol {@code --time-col}: the event time
   * @param window {@code --window}: the windows' length, as Spark's {@code window} takes it
   * @param slide {@code --slide}: how far apart windows start, or null for tumbling windows
   * @param watermark {@code --watermark}: how late a row may arrive
   * @param checkpoint {@code --checkpoint}: the query's checkpoint, any Hadoop URI
   * @param processingTime the {@code processing-time} trigger's interval, or null for {@code available-now}
   * @param alerts {@code --alerts}: where failed gates go as rows, or null
   */
  record Streaming(String schema, String timeCol, String window, String slide, String watermark, String checkpoint,
      String processingTime, String alerts) {}

  /** Formats of the input and of a table output. */
  static final Set<String> FORMATS = Set.of("parquet", "orc", "csv", "json");

  /**
   * One option: its name, the value it takes (null for a flag), and what it does.
   *
   * @param name the option, such as {@code --input}
   * @param value the value's placeholder in the usage text, or null for a flag
   * @param help one sentence or two, wrapped into the usage text
   * @param apply how the option sets the parsed options (the value is null for a flag)
   */
  record Option(String name, String value, String help, BiConsumer<Builder, String> apply) {}

  /** Every option of the job, in usage order. */
  static final List<Option> OPTIONS = List.of(
      new Option("--input", "PATH", "parquet, csv, json or orc file or directory, any Hadoop URI; in CSV, vector"
          + " columns are [..] strings", (b, v) -> b.input = v),
      new Option("--format", "FMT", "parquet | csv | json | orc (default: from the extension)", (b, v) -> b.format = v),
      new Option("--loss", "SPEC", "name[:param=value,...], repeatable. Names: " + String.join(", ", LossRegistry.names())
          + "; params are the evaluator's, arrays as [1,2,3], plus baselineCol", (b, v) -> b.losses.add(v)),
      new Option("--label-col", "COL", "label column of every loss (default: label)", (b, v) -> b.labelCol = v),
      new Option("--prediction-col", "COL", "prediction column of every loss (default: per loss)",
          (b, v) -> b.predictionCol = v),
      new Option("--weight-col", "COL", "per-row weight column of every loss", (b, v) -> b.weightCol = v),
      new Option("--group-by", "C1,C2", "one result per group of these columns", (b, v) -> b.groupBy =
          Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()),
      new Option("--confidence", "LEVEL", "level of the confidence intervals (default 0.95)",
          (b, v) -> b.confidence = confidence(v)),
      new Option("--baseline-col", "COL", "compare every loss with a baseline model's predictions in COL (or"
          + " baselineCol=COL inside one --loss): paired difference, its standard error and p-value",
          (b, v) -> b.baselineCol = v),
      new Option("--interval-method", "METHOD", "analytic | jackknife: how every loss's standard error, intervals"
          + " and comparisons are computed (default: analytic where the loss has a closed form, else jackknife)",
          (b, v) -> b.intervalMethod = method(v)),
      new Option("--jackknife-groups", "G", "the jackknife's number of buckets, at least 2 (default 20)",
          (b, v) -> b.jackknifeGroups = groups(v)),
      new Option("--id-col", "COL", "column that places each row in its jackknife bucket (default: the columns"
          + " each loss reads)", (b, v) -> b.idCol = v),
      new Option("--max", "LOSS=VALUE", "gate, repeatable: fails when a group's LOSS is above VALUE",
          (b, v) -> b.gates.add(Gate.parse(Gate.Kind.MAX, v))),
      new Option("--max-increase", "LOSS=VALUE", "gate, repeatable: fails when LOSS minus the baseline's is above"
          + " VALUE in a group", (b, v) -> b.gates.add(Gate.parse(Gate.Kind.MAX_INCREASE, v))),
      new Option("--gate-rule", "RULE", "how gates decide: point (the value against the limit; default),"
          + " significant (fail only when the data show the value above the limit), proven (pass only when they"
          + " show it below); p-values Holm-adjusted over every check of the run, at 1 - confidence",
          (b, v) -> b.gateRule = Gate.Rule.parse(v)),
      new Option("--min-rows", "N", "groups with fewer rows are reported but not gated (\"gated\": false)",
          (b, v) -> b.minRows = minRows(v)),
      new Option("--output", "PATH", "also write the result to a path or URI (file:, hdfs:, s3a:, ...): .json, or"
          + " .csv with one row per group; or a table with one row per group, written by Spark: .parquet, .orc,"
          + " or a directory with --output-format (stdout then prints a short summary)", (b, v) -> b.output = v),
      new Option("--output-format", "FMT", "write --output as a table directory: parquet | orc | csv | json",
          (b, v) -> b.outputFormat = v.toLowerCase(Locale.ROOT)),
      new Option("--report", "PATH.html", "also write a self-contained HTML page: what needs attention first,"
          + " every loss with its interval per group, comparisons, gates, charts", (b, v) -> b.report = v),
      new Option("--stream", null, "read --input as a stream (a directory, or kafka:HOST:PORT[,...]/TOPIC of JSON"
          + " rows) and write each event-time window's losses per group once the watermark closes it",
          (b, v) -> b.stream = true),
      new Option("--schema", "DDL", "the stream's rows, such as \"ts TIMESTAMP, label DOUBLE, probability"
          + " ARRAY<DOUBLE>\" (required for Kafka; default: the schema of the files present at start)",
          (b, v) -> b.schema = v),
      new Option("--time-col", "COL", "the stream's event-time column (timestamp)", (b, v) -> b.timeCol = v),
      new Option("--window", "DURATION", "the windows' length, such as \"1 hour\"", (b, v) -> b.window = v),
      new Option("--slide", "DURATION", "start a window every DURATION (sliding windows; default: tumbling)",
          (b, v) -> b.slide = v),
      new Option("--watermark", "DURATION", "how late a row may arrive and still count (default \"0 seconds\"); a"
          + " window is written once the watermark passes its end", (b, v) -> b.watermark = v),
      new Option("--checkpoint", "PATH", "the stream's checkpoint, any Hadoop URI: a restart resumes from it",
          (b, v) -> b.checkpoint = v),
      new Option("--trigger", "WHEN", "available-now (process what is there, write every window it closes, exit;"
          + " default) or processing-time=INTERVAL (run until stopped)", (b, v) -> b.trigger = v),
      new Option("--alerts", "PATH", "write each failed gate of a window as a JSON row: a directory, or"
          + " kafka:HOST:PORT/TOPIC", (b, v) -> b.alerts = v),
      new Option("--master", "URL", "Spark master (default: spark-submit's, else local[*])", (b, v) -> b.master = v),
      new Option("--verbose", null, "Spark's INFO logs, and the stack trace of a failure", (b, v) -> b.verbose = true),
      new Option("--help", null, "this text", (b, v) -> b.help = true));

  /** The usage text, from {@link #OPTIONS}. */
  static String usage() {
    StringBuilder u = new StringBuilder(String.join("\n",
        "Usage: lossdive --input PATH --loss SPEC [--loss SPEC ...] [options]",
        "",
        "Evaluates loss functions over a predictions table in one pass, on Spark.",
        "",
        ""));
    for (Option o : OPTIONS) {
      String head = "  " + o.name() + (o.value() == null ? "" : " " + o.value());
      List<String> lines = wrap(o.help(), 54);
      u.append(head.length() < 25 ? String.format(Locale.ROOT, "%-25s%s%n", head, lines.get(0))
          : head + "\n" + " ".repeat(25) + lines.get(0) + "\n");
      for (String l : lines.subList(1, lines.size())) {
        u.append(" ".repeat(25)).append(l).append('\n');
      }
    }
    return u.append("\nPrints a JSON report on stdout. Exit status 0 on success, 2 on bad arguments or input,\n")
        .append("3 when a gate fails (the report is still written in full), 1 on any other failure.").toString();
  }

  /** Options while they are parsed. */
  static final class Builder {
    String input;
    String format;
    final List<String> losses = new ArrayList<>();
    String labelCol;
    String predictionCol;
    String weightCol;
    List<String> groupBy = List.of();
    String output;
    String outputFormat;
    String report;
    String master;
    double confidence = 0.95;
    String baselineCol;
    String intervalMethod;
    String jackknifeGroups;
    String idCol;
    final List<Gate> gates = new ArrayList<>();
    Gate.Rule gateRule = Gate.Rule.POINT;
    long minRows;
    boolean stream;
    String schema;
    String timeCol;
    String window;
    String slide;
    String watermark;
    String checkpoint;
    String trigger;
    String alerts;
    boolean verbose;
    boolean help;
  }

  /**
   * Parses the arguments and checks that they fit together.
   *
   * @throws InvalidArgumentException naming the bad or missing option
   */
  static JobOptions parse(String[] args) {
    Builder b = new Builder();
    for (int i = 0; i < args.length; i++) {
      String a = "-h".equals(args[i]) ? "--help" : args[i];
      Option o = OPTIONS.stream().filter(x -> x.name().equals(a)).findFirst()
          .orElseThrow(() -> new InvalidArgumentException("Unknown option " + a + ". See --help."));
      o.apply().accept(b, o.value() == null ? null : value(args, ++i, a));
    }
    JobOptions o = new JobOptions(b.input, b.format, List.copyOf(b.losses), b.labelCol, b.predictionCol, b.weightCol,
        b.groupBy, b.output, b.outputFormat, b.report, b.master, b.confidence, b.baselineCol, b.intervalMethod, b.jackknifeGroups, b.idCol, List.copyOf(b.gates),
        b.gateRule, b.minRows, streaming(b), b.verbose, b.help);
    if (!o.help()) {
      o.check();
    }
    return o;
  }

  /**
   * The stream mode's options, or null in a batch run.
   *
   * @throws InvalidArgumentException for a stream option without {@code --stream}, or a bad trigger
   */
  private static Streaming streaming(Builder b) {
    if (!b.stream) {
      for (String[] o : new String[][] {{"--schema", b.schema}, {"--time-col", b.timeCol}, {"--window", b.window},
          {"--slide", b.slide}, {"--watermark", b.watermark}, {"--checkpoint", b.checkpoint},
          {"--trigger", b.trigger}, {"--alerts", b.alerts}}) {
        if (o[1] != null) {
          throw new InvalidArgumentException(o[0] + " needs --stream.");
        }
      }
      return null;
    }
    String trigger = b.trigger == null ? "available-now" : b.trigger;
    String interval = null;
    if (trigger.startsWith("processing-time=") && trigger.length() > "processing-time=".length()) {
      interval = trigger.substring("processing-time=".length()).replace("\"", "").trim();
    } else if (!trigger.equals("available-now")) {
      throw new InvalidArgumentException("Unknown --trigger " + trigger
          + ". Supported: available-now, processing-time=INTERVAL (such as processing-time=\"1 minute\").");
    }
    return new Streaming(b.schema, b.timeCol, b.window, b.slide, b.watermark == null ? "0 seconds" : b.watermark,
        b.checkpoint, interval, b.alerts);
  }

  private void check() {
    if (input == null) {
      throw new InvalidArgumentException("--input is required. See --help.");
    }
    if (losses.isEmpty()) {
      throw new InvalidArgumentException("At least one --loss is required. See --help.");
    }
    if (format != null && !FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
      throw new InvalidArgumentException("Unknown --format " + format + ". Supported: csv, json, orc, parquet.");
    }
    if (outputFormat != null && !FORMATS.contains(outputFormat)) {
      throw new InvalidArgumentException("Unknown --output-format " + outputFormat + ". Supported: parquet, orc, csv, json.");
    }
    if (report != null && !report.endsWith(".html")) {
      throw new InvalidArgumentException("--report must end in .html, but was " + report + ".");
    }
    if (outputFormat != null && output == null) {
      throw new InvalidArgumentException("--output-format needs --output.");
    }
    if (output != null && outputFormat == null && !output.endsWith(".json") && !output.endsWith(".csv")
        && !output.endsWith(".parquet") && !output.endsWith(".orc") && !(stream != null && output.startsWith("kafka:"))) {
      throw new InvalidArgumentException("--output must end in .json or .csv (a report), or .parquet or .orc"
          + " (a table of groups), or come with --output-format, but was " + output + ".");
    }
    if (stream != null) {
      for (String[] o : new String[][] {{"--time-col", stream.timeCol()}, {"--window", stream.window()},
          {"--checkpoint", stream.checkpoint()}, {"--output", output}}) {
        if (o[1] == null) {
          throw new InvalidArgumentException("--stream needs " + o[0] + ". See --help.");
        }
      }
      if (report != null) {
        throw new InvalidArgumentException("--report draws a finished run; a stream writes windows as they close.");
      }
      if (!output.startsWith("kafka:") && tableFormat() == null) {
        throw new InvalidArgumentException("--stream writes a table or a Kafka topic: --output must end in .parquet or"
            + " .orc, come with --output-format, or be kafka:HOST:PORT/TOPIC, but was " + output + ".");
      }
    }
    if (report != null && tableFormat() != null) {
      throw new InvalidArgumentException("--report draws every group on the driver; with a table --output, leave it"
          + " out and chart the table instead.");
    }
  }

  /** The table format of the output, or null when the output is one report file (.json or .csv). */
  String tableFormat() {
    if (outputFormat != null) {
      return outputFormat;
    }
    if (output != null && output.endsWith(".parquet")) {
      return "parquet";
    }
    return output != null && output.endsWith(".orc") ? "orc" : null;
  }

  private static double confidence(String text) {
    double level;
    try {
      level = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      level = Double.NaN;
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw new InvalidArgumentException("--confidence must be a number in (0, 1), such as 0.95, but was " + text + ".");
    }
    return level;
  }

  private static String method(String text) {
    if (!text.equals("analytic") && !text.equals("jackknife")) {
      throw new InvalidArgumentException("Unknown --interval-method " + text + ". Supported: analytic, jackknife.");
    }
    return text;
  }

  private static String groups(String text) {
    try {
      if (Integer.parseInt(text) >= 2) {
        return text;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new InvalidArgumentException("--jackknife-groups must be a whole number, at least 2, but was " + text + ".");
  }

  /** The params every loss takes by default from the job's options, by param name. */
  java.util.Map<String, String> lossDefaults() {
    java.util.Map<String, String> d = new java.util.HashMap<>();
    d.put("intervalMethod", intervalMethod);
    d.put("jackknifeGroups", jackknifeGroups);
    d.put("idCol", idCol);
    return d;
  }

  private static long minRows(String text) {
    try {
      long n = Long.parseLong(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new InvalidArgumentException("--min-rows must be a whole number of rows, 0 or more, but was " + text + ".");
  }

  /** The run's gates with their rule, at α = 1 − confidence. */
  Gates gating() {
    return new Gates(gates, gateRule, 1 - confidence, minRows);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new InvalidArgumentException(option + " needs a value. See --help.");
    }
    return args[i];
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
