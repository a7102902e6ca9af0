package io.github.lossdive.cli;

import io.github.lossdive.LossDiveException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The batch job's entry point: evaluates every requested loss, and every comparison with a
 * baseline, over a predictions table in one pass over the data ({@link BatchRun}), and maps the
 * outcome to an exit status.
 *
 * <p>Run it with {@code spark-submit --class io.github.lossdive.cli.LossDiveJob lossdive.jar ...}
 * on any cluster, or through {@code spark-submit/lossdive} on embedded local Spark. Exit status:
 * 0 on success; 2 for the caller's mistake (a {@link LossDiveException}: bad option, unreadable
 * input, invalid rows; or Spark's analysis of the input), with one line on stderr; 3 when a gate
 * failed; 1 for any other failure.
 */
public final class LossDiveJob {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final int GATE_FAILED = 3;

  private LossDiveJob() {}

  public static void main(String[] args) {
    System.exit(run(null, args, System.out, System.err));
  }

  /**
   * Runs the job with {@code args} and returns its exit status. On {@code spark}, left running, when
   * it is not null (the in-process tests); otherwise on a session of its own, stopped at the end.
   */
  static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    JobOptions options;
    List<LossSpec> losses = new ArrayList<>();
    try {
      options = JobOptions.parse(args);
      if (options.help()) {
        out.println(JobOptions.usage());
        return OK;
      }
      for (String text : options.losses()) {
        losses.add(LossSpec.parse(text, options.labelCol(), options.predictionCol(), options.weightCol(),
            options.baselineCol(), options.lossDefaults()));
      }
      Gate.checkAll(options.gates(), LossSpec.names(losses), LossSpec.evaluation(losses).comparedNames());
    } catch (LossDiveException e) {
      err.println("lossdive: " + e.getMessage());
      return BAD_INPUT;
    }
    SparkSession session = spark != null ? spark : session(options);
    // With a progress bar on screen, a message must not be glued to its end.
    String fresh = session.sparkContext().getConf().getBoolean("spark.ui.showConsoleProgress", false) ? "\n" : "";
    try {
      if (options.stream() != null) {
        return StreamRun.run(session, options, losses, out, err) ? GATE_FAILED : OK;
      }
      List<String> failures = BatchRun.run(session, options, losses, out);
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
    } finally {
      if (spark == null) {
        session.stop();
      }
    }
  }

  /** The caller's mistake in a failure: a {@link LossDiveException}, or Spark's analysis of the input. */
  private static Optional<String> userMessage(Exception e) {
    Optional<LossDiveException> ours = LossDiveException.in(e);
    if (ours.isPresent()) {
      return Optional.of(firstLine(ours.get().getMessage()));
    }
    return e instanceof AnalysisException ? Optional.of(firstLine(e.getMessage())) : Optional.empty();
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

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
