package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The batch job's command line, as SPEC.md lists it. */
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
    List<Gate> gates,
    boolean verbose,
    boolean help) {

  /** Formats of a table output. */
  static final java.util.Set<String> TABLE_FORMATS = java.util.Set.of("parquet", "orc", "csv", "json");

  static final String USAGE =
      String.join(
          "\n",
          "Usage: lossdive --input PATH --loss SPEC [--loss SPEC ...] [options]",
          "",
          "Evaluates loss functions over a predictions table in one pass, on Spark.",
          "",
          "  --input PATH           parquet, csv, json or orc file or directory",
          "  --format FMT           parquet | csv | json | orc (default: from the extension)",
          "  --loss SPEC            name[:param=value,...], repeatable. Names: "
              + String.join(", ", LossRegistry.names()) + ";",
          "                         params are the evaluators' param names, e.g.",
          "                         crossEntropy:predictionType=logits,classWeights=[1,2,3]",
          "  --label-col C          label column for every loss (default: label)",
          "  --prediction-col C     prediction column for every loss (default: per loss)",
          "  --weight-col C         per-row weight column for every loss",
          "  --group-by C1,C2       one result per group",
          "  --confidence LEVEL     level of the reported confidence intervals (default 0.95)",
          "  --baseline-col C       compare every loss with a baseline model's predictions in C",
          "                         (or baselineCol=C inside one --loss spec): paired difference,",
          "                         its standard error and p-value",
          "  --max LOSS=VALUE       gate, repeatable: fail when a group's LOSS is above VALUE",
          "  --max-increase LOSS=VALUE",
          "                         gate, repeatable: fail when LOSS minus the baseline's is above",
          "                         VALUE in a group",
          "  --output PATH          also write the report to a path or URI (file:, hdfs:, s3a:, ...):",
          "                         .json, or .csv with one row per group; or, for many groups, a",
          "                         table with one row per group: .parquet, .orc, or any directory",
          "                         with --output-format parquet|orc|csv|json (stdout then prints a",
          "                         short summary instead of every group)",
          "  --output-format FMT    write --output as a table directory of this format",
          "  --report PATH.html     also write a self-contained HTML page: every loss with its",
          "                         interval per group, comparisons, gates, charts",
          "  --master URL           Spark master (default: spark-submit's, else local[*])",
          "  --verbose              Spark's INFO logs",
          "  --help                 this text",
          "",
          "Prints a JSON report on stdout. Exit status 0 on success, 2 on bad arguments or input,",
          "3 when a gate fails (the report is still written in full).");

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the bad or missing option
   */
  static JobOptions parse(String[] args) {
    String input = null;
    String format = null;
    List<String> losses = new ArrayList<>();
    String label = null;
    String prediction = null;
    String weight = null;
    List<String> groupBy = List.of();
    String output = null;
    String outputFormat = null;
    String report = null;
    String master = null;
    double confidence = 0.95;
    String baselineCol = null;
    List<Gate> gates = new ArrayList<>();
    boolean verbose = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--verbose" -> verbose = true;
        case "--input" -> input = value(args, ++i, a);
        case "--format" -> format = value(args, ++i, a);
        case "--loss" -> losses.add(value(args, ++i, a));
        case "--label-col" -> label = value(args, ++i, a);
        case "--prediction-col" -> prediction = value(args, ++i, a);
        case "--weight-col" -> weight = value(args, ++i, a);
        case "--group-by" -> groupBy = Arrays.stream(value(args, ++i, a).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
        case "--output" -> output = value(args, ++i, a);
        case "--report" -> report = value(args, ++i, a);
        case "--output-format" -> outputFormat = value(args, ++i, a).toLowerCase(java.util.Locale.ROOT);
        case "--master" -> master = value(args, ++i, a);
        case "--confidence" -> confidence = confidence(value(args, ++i, a));
        case "--baseline-col" -> baselineCol = value(args, ++i, a);
        case "--max" -> gates.add(Gate.parse(Gate.MAX, value(args, ++i, a)));
        case "--max-increase" -> gates.add(Gate.parse(Gate.MAX_INCREASE, value(args, ++i, a)));
        default -> throw new IllegalArgumentException("Unknown option " + a + ". See --help.");
      }
    }
    if (!help) {
      if (input == null) {
        throw new IllegalArgumentException("--input is required. See --help.");
      }
      if (losses.isEmpty()) {
        throw new IllegalArgumentException("At least one --loss is required. See --help.");
      }
      if (outputFormat != null && !TABLE_FORMATS.contains(outputFormat)) {
        throw new IllegalArgumentException("Unknown --output-format " + outputFormat
            + ". Supported: parquet, orc, csv, json.");
      }
      if (report != null && !report.endsWith(".html")) {
        throw new IllegalArgumentException("--report must end in .html, but was " + report + ".");
      }
      if (outputFormat != null && output == null) {
        throw new IllegalArgumentException("--output-format needs --output.");
      }
      if (output != null && outputFormat == null && !output.endsWith(".json") && !output.endsWith(".csv")
          && !output.endsWith(".parquet") && !output.endsWith(".orc")) {
        throw new IllegalArgumentException("--output must end in .json or .csv (a report), or .parquet or .orc"
            + " (a table of groups), or come with --output-format, but was " + output + ".");
      }
    }
    return new JobOptions(input, format, losses, label, prediction, weight, groupBy, output, outputFormat, report, master,
        confidence, baselineCol, List.copyOf(gates), verbose, help);
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
      throw new IllegalArgumentException("--confidence must be a number in (0, 1), such as 0.95, but was " + text + ".");
    }
    return level;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value. See --help.");
    }
    return args[i];
  }
}
