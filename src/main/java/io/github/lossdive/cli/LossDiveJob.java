package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.internal.GroupedLosses;
import io.github.lossdive.internal.LossAccumulator;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.LossPass;
import io.github.lossdive.internal.PairedPlan;
import io.github.lossdive.internal.UserErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The batch job: evaluates every requested loss, and every comparison with a baseline, over a
 * predictions table in one pass over the data (the single pass of {@code evaluate} for the whole
 * table; with {@code --group-by}, the grouped pass, or Spark's aggregation of every loss's column
 * when there are many groups, see {@link GroupTable})
 * and prints SPEC.md's JSON report, or writes a table of groups.
 *
 * <p>Run it with {@code spark-submit --class io.github.lossdive.cli.LossDiveJob lossdive.jar ...}
 * on any cluster, or through {@code spark-submit/lossdive} on embedded local Spark. A user's
 * mistake (bad option, unreadable input, invalid rows) gives exit status 2 and one line on stderr;
 * a failed gate, 3.
 */
public final class LossDiveJob {
  static final int OK = 0;
  static final int BAD_INPUT = 2;
  static final int GATE_FAILED = 3;
  private static final int FAILED = 1;
  private static final Set<String> FORMATS = Set.of("parquet", "csv", "json", "orc");

  private LossDiveJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Parses the options, starts Spark (unless only {@code --help}), runs, and stops Spark. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    JobOptions options;
    List<LossSpec> losses;
    try {
      options = JobOptions.parse(args);
      if (options.help()) {
        out.println(JobOptions.USAGE);
        return OK;
      }
      losses = parseLosses(options);
      checkGates(options, losses);
    } catch (IllegalArgumentException e) {
      err.println("lossdive: " + e.getMessage());
      return BAD_INPUT;
    }
    SparkSession spark = session(options);
    try {
      return run(spark, options, losses, out, err);
    } finally {
      spark.stop();
    }
  }

  /** Runs on an existing session (left running), as the in-process tests do. */
  static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    try {
      JobOptions options = JobOptions.parse(args);
      if (options.help()) {
        out.println(JobOptions.USAGE);
        return OK;
      }
      List<LossSpec> losses = parseLosses(options);
      checkGates(options, losses);
      return run(spark, options, losses, out, err);
    } catch (IllegalArgumentException e) {
      err.println("lossdive: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private static int run(
      SparkSession spark, JobOptions options, List<LossSpec> losses, PrintStream out, PrintStream err) {
    // With a progress bar on screen, a message must not be glued to its end.
    String fresh = spark.sparkContext().getConf().getBoolean("spark.ui.showConsoleProgress", false) ? "\n" : "";
    try {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      OutputLocation output = options.output() == null ? null : new OutputLocation(options.output());
      OutputLocation page = options.report() == null ? null : new OutputLocation(options.report(), "--report");
      if (page != null && options.tableFormat() != null) {
        throw new IllegalArgumentException("--report draws every group on the driver; with a table --output, leave it"
            + " out and chart the table instead.");
      }
      for (OutputLocation o : java.util.Arrays.asList(output, page)) {
        if (o != null) {
          o.check(hadoop, o == output && options.tableFormat() != null); // before any data is read
        }
      }
      long started = System.nanoTime();
      Dataset<Row> df = prepare(spark, options, losses);
      List<String> failures;
      if (options.tableFormat() != null) {
        failures = writeTable(df, options, losses, output, out);
      } else {
        Report report = evaluate(df, options, losses, page != null);
        List<Gate.Result> failed = report.check(options.gates());
        String json = report.toJson();
        out.println(json);
        if (output != null) {
          output.write(hadoop, options.output().endsWith(".csv") ? report.toCsv() : json + "\n");
        }
        if (page != null) {
          HtmlReport.Run run = new HtmlReport.Run(options.input(), report.rows(),
              (System.nanoTime() - started) / 1e9, spark.version(), losses, options.confidence());
          page.write(hadoop, HtmlReport.render(run, report, reportNames(losses)));
        }
        failures = failed.stream().map(r -> r.gate().failure(r.group(), r.value())).toList();
      }
      for (String f : failures) {
        err.println(fresh + "lossdive: gate failed: " + f);
        fresh = "";
      }
      return failures.isEmpty() ? OK : GATE_FAILED;
    } catch (Exception e) {
      Optional<String> user = userMessage(e);
      if (user.isPresent()) {
        err.println(fresh + "lossdive: " + user.get());
        return BAD_INPUT;
      }
      err.println(fresh + "lossdive: failed: " + firstLine(String.valueOf(e)));
      if (options.verbose()) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  /**
   * Writes the table of groups with Spark's writer and prints a short summary; gates are checked
   * on the written table, and only up to 20 failing groups per gate are read back for messages.
   *
   * @return one line per failed gate and group (at most 20 per gate, then a count of the rest)
   */
  private static List<String> writeTable(Dataset<Row> df, JobOptions options, List<LossSpec> losses,
      OutputLocation output, PrintStream out) {
    List<String> names = reportNames(losses);
    GroupTable.of(df, options.groupBy(), losses, names, options.confidence())
        .write().mode(SaveMode.Overwrite).format(options.tableFormat()).option("header", "true").save(output.uri());
    Dataset<Row> table = df.sparkSession().read().format(options.tableFormat()).option("header", "true")
        .option("inferSchema", "true").load(output.uri());
    Row totals = table.agg(functions.count(functions.lit(1)), functions.sum("rows")).head();
    ObjectNode summary = new ObjectMapper().createObjectNode();
    summary.put("input", options.input());
    summary.put("rows", totals.isNullAt(1) ? 0L : ((Number) totals.get(1)).longValue());
    summary.put("groups", totals.getLong(0));
    summary.put("output", output.text());
    summary.put("format", options.tableFormat());
    List<String> failures = new ArrayList<>();
    ArrayNode gates = summary.putArray("gates");
    for (Gate g : options.gates()) {
      Column value = functions.col(GroupTable.gateColumn(g));
      Dataset<Row> failed = table.where(functions.not(value.leq(g.limit())).or(value.isNull()).or(functions.isnan(value)));
      long count = failed.count();
      ObjectNode o = gates.addObject();
      o.put("loss", g.loss());
      o.put("kind", g.kind());
      o.put("limit", g.limit());
      o.put("failedGroups", count);
      for (Row r : failed.limit(20).collectAsList()) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String k : options.groupBy()) {
          key.put(k, r.getAs(k));
        }
        failures.add(g.failure(key, r.getAs(GroupTable.gateColumn(g))));
      }
      if (count > 20) {
        failures.add(g.option() + ": " + (count - 20) + " more groups failed (see " + output.text() + ").");
      }
    }
    out.println(summary.toPrettyString());
    return failures;
  }

  /** Reads the input and checks every column the losses, groups and baselines name. */
  private static Dataset<Row> prepare(SparkSession spark, JobOptions options, List<LossSpec> losses) {
    Dataset<Row> df = read(spark, options);
    if ("csv".equals(format(options))) {
      df = decodeJsonArrays(df, losses);
    }
    for (LossSpec l : losses) {
      l.evaluator().validateSchema(df.schema());
    }
    Set<String> columns = Set.of(df.columns());
    for (String g : options.groupBy()) {
      if (!columns.contains(g)) {
        throw new IllegalArgumentException("--group-by column " + g + " does not exist. Available columns: "
            + String.join(", ", df.columns()) + ".");
      }
    }
    for (LossSpec l : losses) {
      if (l.baselineCol() != null) {
        l.evaluator().copy(ParamMap.empty()).setPredictionCol(l.baselineCol()).validateSchema(df.schema());
      }
    }
    return df;
  }

  /** Computes every loss, per group, in one pass over the data, into a report held by the driver. */
  static Report evaluate(Dataset<Row> df, JobOptions options, List<LossSpec> losses, boolean histograms) {
    List<String> names = reportNames(losses);
    List<String> keys = options.groupBy();
    Report report = new Report(options.input(), keys, names, options.confidence());
    if (keys.isEmpty()) {
      // One group: the single pass reads the data once for every loss and comparison. Every row is
      // counted, skipped or ignored by each loss, so any loss's three counts add up to the rows.
      List<LossJob> jobs = LossSpec.jobs(losses, histograms);
      List<LossAccumulator[]> accs = LossPass.run(df, jobs);
      List<Object> results = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        InternalRow r = jobs.get(i).result(accs.get(i));
        results.add(jobs.get(i) instanceof PairedPlan ? LossComparison.fromInternal(r)
            : LossSummary.fromInternal(r, jobs.get(i).resultType()));
      }
      LossSummary first = (LossSummary) results.get(0);
      report.add(group(Report.key(keys, List.of()), first.rows() + first.skipped() + first.ignored(), names,
          losses, results));
      return report;
    }
    for (Row r : GroupedLosses.collectInKeyOrder(df, keys, LossSpec.jobs(losses, histograms))) {
      List<Object> keyValues = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        keyValues.add(r.get(k));
      }
      List<Object> results = new ArrayList<>();
      for (int i = keys.size() + 1; i < r.size(); i++) {
        Row struct = r.getStruct(i);
        results.add("candidate".equals(struct.schema().fieldNames()[0])
            ? LossComparison.fromRow(struct) : LossSummary.fromRow(struct));
      }
      report.add(group(Report.key(keys, keyValues), r.getLong(keys.size()), names, losses, results));
    }
    return report;
  }

  /**
   * A report group from its key, its row count, and the results in job order: each loss's summary,
   * then the comparison of each loss that has a baseline.
   */
  private static Report.Group group(Map<String, Object> key, long rows, List<String> names, List<LossSpec> losses,
      List<Object> results) {
    Map<String, LossSummary> summaries = new LinkedHashMap<>();
    Map<String, LossComparison> comparisons = new LinkedHashMap<>();
    int next = names.size();
    for (int i = 0; i < names.size(); i++) {
      summaries.put(names.get(i), (LossSummary) results.get(i));
      if (losses.get(i).baselineCol() != null) {
        comparisons.put(names.get(i), (LossComparison) results.get(next++));
      }
    }
    return new Report.Group(key, rows, summaries, comparisons);
  }

  /** Gates name a reported loss; {@code --max-increase} needs that loss to have a baseline. */
  private static void checkGates(JobOptions o, List<LossSpec> losses) {
    List<String> names = reportNames(losses);
    for (Gate g : o.gates()) {
      int i = names.indexOf(g.loss());
      if (i < 0) {
        throw new IllegalArgumentException(g.option() + ": no loss " + g.loss() + " in this run. Losses: "
            + String.join(", ", names) + ".");
      }
      if (Gate.MAX_INCREASE.equals(g.kind()) && losses.get(i).baselineCol() == null) {
        throw new IllegalArgumentException(g.option() + ": " + g.loss()
            + " has no baseline to compare with: add --baseline-col COL or baselineCol=COL to its --loss.");
      }
    }
  }

  private static List<LossSpec> parseLosses(JobOptions o) {
    List<LossSpec> specs = new ArrayList<>();
    for (String text : o.losses()) {
      specs.add(LossSpec.parse(text, o.labelCol(), o.predictionCol(), o.weightCol(), o.baselineCol()));
    }
    return specs;
  }

  /** A loss's name in the report: its short name, or the whole spec when the name repeats. */
  private static List<String> reportNames(List<LossSpec> losses) {
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (LossSpec l : losses) {
      if (!seen.add(l.name())) {
        repeated.add(l.name());
      }
    }
    return losses.stream().map(l -> repeated.contains(l.name()) ? l.text() : l.name()).toList();
  }

  private static Dataset<Row> read(SparkSession spark, JobOptions o) {
    String format = format(o);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          o.format() != null
              ? "Unknown --format " + o.format() + ". Supported: csv, json, orc, parquet."
              : "Cannot tell the format of " + o.input() + " from its name: add --format parquet|csv|json|orc.");
    }
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    try {
      Dataset<Row> df = reader.load(o.input());
      df.schema();
      return df;
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Cannot read " + o.input() + " as " + format + ": " + firstLine(String.valueOf(e.getMessage())));
    }
  }

  /**
   * CSV has no array type: a label or prediction column of strings such as {@code [0.1,0.9]} is
   * read as {@code array<double>}. A string that is not such an array becomes null, an invalid row.
   */
  private static Dataset<Row> decodeJsonArrays(Dataset<Row> df, List<LossSpec> losses) {
    Set<String> used = new HashSet<>();
    for (LossSpec l : losses) {
      used.add(l.evaluator().getLabelCol());
      used.add(l.evaluator().getPredictionCol());
    }
    for (StructField f : df.schema().fields()) {
      if (used.contains(f.name()) && f.dataType() == DataTypes.StringType) {
        df = df.withColumn(f.name(), functions.from_json(functions.col(f.name()),
            DataTypes.createArrayType(DataTypes.DoubleType), Map.of()));
      }
    }
    return df;
  }

  /** The input format: {@code --format}, else the input's extension. */
  private static String format(JobOptions o) {
    return o.format() != null ? o.format().toLowerCase(Locale.ROOT) : extension(o.input());
  }

  private static String extension(String path) {
    String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static SparkSession session(JobOptions o) {
    SparkSession.Builder b = SparkSession.builder().appName("LossDive");
    if (o.master() != null) {
      b = b.master(o.master());
    } else if (!new SparkConf().contains("spark.master")) {
      b = b.master("local[*]");
    }
    if (!new SparkConf().contains("spark.ui.showConsoleProgress")) {
      b = b.config("spark.ui.showConsoleProgress", "true");
    }
    SparkSession spark = b.getOrCreate();
    if (!o.verbose()) {
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /**
   * The user's mistake in a failure, if it is one the job recognises (a rule LossDive checks, or
   * Spark's analysis of the user's input); anything else is an internal failure, exit status 1.
   */
  private static Optional<String> userMessage(Exception e) {
    Optional<IllegalArgumentException> iae = UserErrors.find(e);
    if (iae.isPresent()) {
      return Optional.of(firstLine(iae.get().getMessage()));
    }
    if (e instanceof org.apache.spark.sql.AnalysisException) {
      return Optional.of(firstLine(e.getMessage()));
    }
    return Optional.empty();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
