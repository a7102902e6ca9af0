package io.github.lossdive.cli;

import io.github.lossdive.InvalidInputException;
import io.github.lossdive.functions.Evaluation;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the batch job on a session: checks where it will write, reads the input, evaluates
 * every loss and comparison per group in one pass through the library's {@link Evaluation}, checks
 * the gates, and hands the typed result to each output.
 */
final class BatchRun {
  private BatchRun() {}

  /**
   * Runs the job and returns one line per failed gate.
   *
   * @throws io.github.lossdive.LossDiveException for a caller's mistake: an output that cannot be
   *     written, an unreadable input, a missing column, an invalid row
   */
  static List<String> run(SparkSession spark, JobOptions options, List<LossSpec> losses, PrintStream out) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputLocation output = options.output() == null ? null : new OutputLocation(options.output());
    OutputLocation page = options.report() == null ? null : new OutputLocation(options.report(), "--report");
    // Before any data is read: an hour of work must not end in a report with nowhere to go.
    if (output != null) {
      output.check(hadoop, options.tableFormat() != null);
    }
    if (page != null) {
      page.check(hadoop, false);
    }
    long started = System.nanoTime();
    Dataset<Row> df = Inputs.read(spark, options.input(), options.format(), Inputs.vectorColumns(losses));
    Set<String> columns = Set.of(df.columns());
    for (String g : options.groupBy()) {
      if (!columns.contains(g)) {
        throw new InvalidInputException("--group-by column " + g + " does not exist. Available columns: "
            + String.join(", ", df.columns()) + ".");
      }
    }
    Evaluation evaluation = LossSpec.evaluation(losses).groupBy(options.groupBy()).withHistograms(page != null);
    evaluation.validate(df.schema());
    Gates gates = options.gating();
    JobResult shape = new JobResult(options.input(), options.confidence(), options.groupBy(), evaluation.names(),
        evaluation.comparedNames(), gates, List.of());
    if (options.tableFormat() != null) {
      TableOutput.Written written = TableOutput.write(df, evaluation, shape, output,
          options.tableFormat());
      out.println(written.summary());
      return written.failures();
    }
    JobResult result = shape.with(gates.decide(evaluation.collect(df).stream().map(gates::measure).toList()));
    String json = JsonReport.render(result);
    out.println(json);
    if (output != null) {
      output.write(hadoop, options.output().endsWith(".csv") ? CsvReport.render(result) : json + "\n");
    }
    if (page != null) {
      HtmlReport.Run run = new HtmlReport.Run(options.input(), (System.nanoTime() - started) / 1e9, spark.version(),
          losses, options.confidence());
      page.write(hadoop, HtmlReport.render(run, result));
    }
    return result.failures().stream().map(Gate.Check::failure).toList();
  }
}
