package io.github.lossdive.bench;

import io.github.lossdive.internal.Engine;
import io.github.lossdive.evaluation.BinaryCrossEntropyEvaluator;
import io.github.lossdive.evaluation.BrierScoreEvaluator;
import io.github.lossdive.evaluation.CalibrationErrorEvaluator;
import io.github.lossdive.evaluation.DiceLossEvaluator;
import io.github.lossdive.evaluation.FocalLossEvaluator;
import io.github.lossdive.evaluation.GaussianNegativeLogLikelihoodEvaluator;
import io.github.lossdive.evaluation.HingeEmbeddingLossEvaluator;
import io.github.lossdive.evaluation.MarginRankingLossEvaluator;
import io.github.lossdive.evaluation.MultiLabelMarginLossEvaluator;
import io.github.lossdive.evaluation.MultiLabelSoftMarginLossEvaluator;
import io.github.lossdive.evaluation.PoissonNegativeLogLikelihoodEvaluator;
import io.github.lossdive.evaluation.SoftMarginLossEvaluator;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.evaluation.KLDivergenceEvaluator;
import io.github.lossdive.evaluation.NegativeLogLikelihoodEvaluator;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.functions.LossFunctions;
import io.github.lossdive.internal.LossAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The benchmark job: on the same cached data in one JVM, times LossDive, Spark's built-in
 * {@code MulticlassClassificationEvaluator} logLoss, a hand-written UDF with {@code avg}, and bare
 * scans, and prints medians and the ratios the performance targets are stated in.
 *
 * <p>{@code spark-submit/benchmark [--rows N] [--classes K] [--reps R] [--binary-rows M]
 * [--parquet-rows P] [--jobs a,b] [--torch-rows T] [--torch-losses a,b] [--stream-rows S] [--master URL]} ({@code --rows 0}
 * skips the cached multiclass cases; {@code --jobs} keeps only the multiclass and Parquet jobs whose names contain
 * one of the words, and what their ratios are to; {@code --torch-rows}, by default N, sizes torch's other losses' cases, 0 skips
 * them; {@code --torch-losses} times only those, so that a loss's code runs as in a job of its own rather than
 * beside six others that share its call sites). Ratios, not absolute times, are what to compare across machines.
 */
public final class LossBenchmark {
  private static final String BUILT_IN = "built-in logLoss";
  private static final String SUMMARIZE = "  with SE and interval (summarize)";
  private static final String ECE_JACKKNIFE = "LossDive ece (summarize: with its jackknife SE)";
  private static final String ECE_ALONE = "  ece evaluate (the metric alone)";
  private static final String GROUPED = "LossDive --group-by segment";
  private static final String GROUPED_JACKKNIFE = "  with the jackknife (summarizeBy)";

  private LossBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> o = options(args);
    long rows = Long.parseLong(o.getOrDefault("--rows", "2000000"));
    int classes = Integer.parseInt(o.getOrDefault("--classes", "10"));
    int reps = Integer.parseInt(o.getOrDefault("--reps", "5"));
    long binaryRows = Long.parseLong(o.getOrDefault("--binary-rows", "0"));
    long parquetRows = Long.parseLong(o.getOrDefault("--parquet-rows", "0"));
    long torchRows = Long.parseLong(o.getOrDefault("--torch-rows", String.valueOf(rows)));
    long streamRows = Long.parseLong(o.getOrDefault("--stream-rows", "0"));
    SparkSession.Builder b = SparkSession.builder().appName("LossDive benchmark");
    if (o.containsKey("--master")) {
      b = b.master(o.get("--master"));
    } else if (!new SparkConf().contains("spark.master")) {
      b = b.master("local[*]");
    }
    SparkSession spark = b.config("spark.ui.showConsoleProgress", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      registerUdfs(spark);
      if (rows > 0) {
        multiclass(spark, rows, classes, reps, o.get("--jobs"));
      }
      if (torchRows > 0) {
        torchLosses(spark, torchRows, classes, reps, o.get("--torch-losses"));
      }
      if (streamRows > 0) {
        stream(spark, streamRows, classes, reps);
      }
      if (parquetRows > 0) {
        parquet(spark, parquetRows, classes, reps, o.get("--jobs"));
      }
      if (binaryRows > 0) {
        binary(spark, binaryRows, reps);
      }
    } finally {
      spark.stop();
    }
  }

  /** The data generators' UDFs: random logits per row, their softmax, their log-softmax. */
  static void registerUdfs(SparkSession spark) {
    spark.udf().register("bench_logits", (UDF2<Long, Integer, Vector>) (seed, kk) -> {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
      double[] x = new double[kk];
      for (int i = 0; i < kk; i++) {
        x[i] = 3 * r.nextDouble() - 1.5;
      }
      return Vectors.dense(x);
    }, SQLDataTypes.VectorType());
    spark.udf().register("bench_softmax", (org.apache.spark.sql.api.java.UDF1<Vector, Vector>) v -> {
      double[] x = v.toArray();
      double[] lp = io.github.lossdive.loss.LogSoftmax.apply(x);
      for (int i = 0; i < lp.length; i++) {
        lp[i] = Math.exp(lp[i]);
      }
      return Vectors.dense(lp);
    }, SQLDataTypes.VectorType());
    spark.udf().register("bench_log", (org.apache.spark.sql.api.java.UDF1<Vector, Vector>) v ->
        Vectors.dense(io.github.lossdive.loss.LogSoftmax.apply(v.toArray())), SQLDataTypes.VectorType());
  }

  /** Multiclass data: label, prediction, probability, rawPrediction (logits), logProbability. */
  static void multiclass(SparkSession spark, long rows, int k, int reps, String only) {
    Dataset<Row> df = spark.range(rows)
        .selectExpr("id", "CAST(id % " + k + " AS DOUBLE) AS label", "bench_logits(id, " + k + ") AS rawPrediction",
            "bench_logits(id + 7, " + k + ") AS baselineLogits")
        .selectExpr("id", "label", "label AS prediction", "rawPrediction", "bench_softmax(rawPrediction) AS probability",
            "bench_log(rawPrediction) AS logProbability", "CAST(pmod(hash(label, rawPrediction), 100) AS INT) AS segment",
            "CAST(pmod(hash(rawPrediction), 1000) AS INT) AS segment1000",
            "bench_softmax(baselineLogits) AS baselineProbability")
        .cache();
    long n = df.count();
    System.out.printf(Locale.ROOT, "%nMulticlass: %d rows x %d classes, %d partitions, %d reps%n", n, k,
        df.rdd().getNumPartitions(), reps);

    UserDefinedFunction udfCe = crossEntropyUdf();
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    CrossEntropyEvaluator ceJackknife = new CrossEntropyEvaluator().setIntervalMethod("jackknife");
    CrossEntropyEvaluator ceJackknifeId = new CrossEntropyEvaluator().setIntervalMethod("jackknife").setIdCol("id");
    CrossEntropyEvaluator ceLogits = new CrossEntropyEvaluator().setPredictionType("logits")
        .setPredictionCol("rawPrediction");
    NegativeLogLikelihoodEvaluator nll = new NegativeLogLikelihoodEvaluator();
    HingeLossEvaluator hinge = new HingeLossEvaluator();
    KLDivergenceEvaluator kl = new KLDivergenceEvaluator().setLabelCol("probability");
    MulticlassClassificationEvaluator builtin = new MulticlassClassificationEvaluator().setMetricName("logLoss");

    List<LossEvaluator<?>> five = List.of(ce, ceLogits, nll, hinge, kl);
    FocalLossEvaluator focal = new FocalLossEvaluator();
    BrierScoreEvaluator brier = new BrierScoreEvaluator();
    CalibrationErrorEvaluator ece = new CalibrationErrorEvaluator();
    DiceLossEvaluator dice = new DiceLossEvaluator().setLabelCol("probability").setPredictionCol("baselineProbability");
    List<LossEvaluator<?>> nine = List.of(ce, ceLogits, nll, hinge, kl, focal, brier, ece, dice);
    Column[] fiveColumns = five.stream().map(LossFunctions::aggregate).toArray(Column[]::new);

    Map<String, DoubleSupplier> jobs = new LinkedHashMap<>();
    jobs.put("count()", () -> (double) df.count());
    jobs.put("sum(label)", () -> df.agg(functions.sum("label")).head().getDouble(0));
    jobs.put("scan of the 3 vector columns", () -> df.agg(firstValue("probability"),
        firstValue("rawPrediction"), firstValue("logProbability")).head().getDouble(0));
    jobs.put(BUILT_IN, () -> builtin.evaluate(df));
    jobs.put("UDF + avg", () -> udfMean(df, udfCe, "probability"));
    // A floor for any expression path: Spark's own functions on the vector's values, no validation.
    jobs.put("Spark functions, no checks", () -> df.agg(functions.avg(functions.negate(
        functions.log(functions.greatest(functions.least(functions.element_at(vectorValues("probability"),
            functions.col("label").cast("int").plus(1)), functions.lit(1 - 1e-15)), functions.lit(1e-15))))))
        .head().getDouble(0));
    jobs.put("LossDive crossEntropy", () -> ce.evaluate(df));
    // The other aggregation paths, for comparison; evaluate() runs the single pass.
    jobs.put("  aggregate column", () -> df.agg(LossFunctions.aggregate(ce)).head().getDouble(0));
    jobs.put("  perRow + avg (no compensation)", () ->
        df.agg(functions.avg(LossFunctions.perRow(ce))).head().getDouble(0));
    jobs.put(SUMMARIZE, () -> ce.summarize(df).confidenceInterval(0.95)[0]);
    jobs.put("  jackknife SE, idCol", () -> ceJackknifeId.summarize(df).standardError());
    jobs.put("  jackknife SE, hashing the row's columns", () -> ceJackknife.summarize(df).standardError());
    jobs.put("  compare with a baseline, one pass", () -> ce.compare(df, "baselineProbability").pValue());
    jobs.put("LossDive crossEntropy, logits", () -> ceLogits.evaluate(df));
    jobs.put("LossDive nll", () -> nll.evaluate(df));
    jobs.put("LossDive hinge", () -> hinge.evaluate(df));
    jobs.put("LossDive kl", () -> kl.evaluate(df));
    jobs.put("LossDive 5 losses, one pass", () -> LossFunctions.summarize(df, five).get(0).loss());
    jobs.put("  as 5 aggregate columns", () ->
        df.agg(fiveColumns[0], Arrays.copyOfRange(fiveColumns, 1, fiveColumns.length)).head().getDouble(0));
    // The same five jobs in one aggregate column, as the batch job's Spark-aggregation path reads them.
    Column fiveInOne = LossAggregate.column(five.stream().map(Engine::job).toList());
    jobs.put("  as one aggregate column", () -> df.agg(fiveInOne).head().getStruct(0).getStruct(0).getDouble(0));
    jobs.put("LossDive focal", () -> focal.evaluate(df));
    jobs.put("LossDive brier", () -> brier.evaluate(df));
    jobs.put(ECE_JACKKNIFE, () -> ece.summarize(df).standardError());
    // The calibration error without its jackknife, as before it had one: evaluate() returns the
    // metric alone, through the same API path.
    jobs.put(ECE_ALONE, () -> ece.evaluate(df));
    jobs.put("LossDive dice", () -> dice.evaluate(df));
    jobs.put("LossDive 9 losses, one pass", () -> LossFunctions.summarize(df, nine).get(0).loss());
    // The Column API per group: Spark's aggregation of the aggregate columns.
    jobs.put("LossDive crossEntropy, 100 groups", () ->
        (double) df.groupBy("segment").agg(LossFunctions.aggregate(ce)).collectAsList().size());
    jobs.put("LossDive 5 losses, 100 groups", () -> (double) df.groupBy("segment")
        .agg(fiveColumns[0], Arrays.copyOfRange(fiveColumns, 1, fiveColumns.length)).collectAsList().size());
    jobs.put("LossDive crossEntropy, 1000 groups", () ->
        (double) df.groupBy("segment1000").agg(LossFunctions.aggregate(ce)).collectAsList().size());
    // Issue targets' ratios: the jackknife against the same loss without it.
    Map<String, String> against = Map.of("  jackknife SE, idCol", SUMMARIZE, "  jackknife SE, hashing the row's columns",
        SUMMARIZE, ECE_JACKKNIFE, ECE_ALONE);
    UnaryOperator<String> baselineOf = name -> against.getOrDefault(name, BUILT_IN);
    keepOnly(jobs, only, baselineOf, BUILT_IN);
    report(times(reps, jobs), baselineOf);
    df.unpersist();
  }

  /**
   * Torch's other classification losses, each alone against Spark's built-in logLoss on data of
   * the same shape: N rows of K-element vectors, cached. Each loss reads K-element vectors derived
   * from the logits (±1 signs, multi-hot targets, torch's −1-terminated indices, counts, a second
   * score, variances), so it reads two or three vector columns where logLoss reads one and a label.
   */
  static void torchLosses(SparkSession spark, long rows, int k, int reps, String only) {
    Dataset<Row> raw = spark.range(rows)
        .selectExpr("id", "CAST(id % " + k + " AS DOUBLE) AS label", "label AS prediction",
            "bench_logits(id, " + k + ") AS rawPrediction", "bench_logits(id + 7, " + k + ") AS secondLogits")
        .withColumn("probability", functions.expr("bench_softmax(rawPrediction)"))
        .withColumn("x", org.apache.spark.ml.functions.vector_to_array(functions.col("rawPrediction"), "float64"))
        .withColumn("p", org.apache.spark.ml.functions.vector_to_array(functions.col("probability"), "float64"))
        .selectExpr("label", "prediction", "probability", "rawPrediction", "secondLogits",
            "transform(x, v -> IF(v > 0, 1.0D, -1.0D)) AS signs",
            "transform(x, v -> IF(v > 0.5, 1.0D, 0.0D)) AS multiHot",
            "transform(sequence(0, " + (k - 1) + "), i -> IF(i < 3, CAST((id + 3 * i) % " + k
                + " AS DOUBLE), -1.0D)) AS targets",
            "transform(p, v -> floor(v * 10.0D) * 1.0D) AS counts",
            "transform(p, v -> v + 0.1D) AS variance");
    for (String derived : List.of("signs", "multiHot", "targets", "counts", "variance")) {
      // Vectors, as the built-in reads: each loss then decodes the same column type.
      raw = raw.withColumn(derived, org.apache.spark.ml.functions.array_to_vector(functions.col(derived)));
    }
    Dataset<Row> df = raw.cache();
    long n = df.count();
    System.out.printf(Locale.ROOT, "%nTorch's other losses: %d rows x %d-element vectors, %d partitions, %d reps%n",
        n, k, df.rdd().getNumPartitions(), reps);
    MulticlassClassificationEvaluator builtin = new MulticlassClassificationEvaluator().setMetricName("logLoss");
    Map<String, LossEvaluator<?>> losses = new LinkedHashMap<>();
    losses.put("marginRanking", new MarginRankingLossEvaluator().setLabelCol("signs")
        .setPredictionCol("rawPrediction").setSecondPredictionCol("secondLogits").setMargin(0.5));
    losses.put("softMargin", new SoftMarginLossEvaluator().setLabelCol("signs"));
    losses.put("multiLabelSoftMargin", new MultiLabelSoftMarginLossEvaluator().setLabelCol("multiHot"));
    losses.put("multiLabelMargin", new MultiLabelMarginLossEvaluator().setLabelCol("targets"));
    losses.put("hingeEmbedding", new HingeEmbeddingLossEvaluator().setLabelCol("signs").setPredictionCol("probability"));
    losses.put("poissonNll", new PoissonNegativeLogLikelihoodEvaluator().setLabelCol("counts")
        .setPredictionCol("rawPrediction"));
    losses.put("gaussianNll", new GaussianNegativeLogLikelihoodEvaluator().setLabelCol("probability")
        .setPredictionCol("rawPrediction").setVarianceCol("variance"));
    Map<String, DoubleSupplier> jobs = new LinkedHashMap<>();
    jobs.put(BUILT_IN, () -> builtin.evaluate(df));
    if (only != null) {
      losses.keySet().retainAll(List.of(only.split(",")));
    }
    losses.forEach((name, e) -> jobs.put("LossDive " + name, () -> e.evaluate(df)));
    report(times(reps, jobs), name -> BUILT_IN);
    df.unpersist();
  }

  /**
   * Per-group losses on Parquet on disk, not cached: {@code segment} has 1000 values, {@code user}
   * one per 5 rows, {@code team} 10,000 in random order. Times the ungrouped pass; Spark's own
   * sums, whole, per segment and per user (its cost of grouping); the aggregate column per segment,
   * user and team; the batch job's {@code --group-by} on each; and Spark's built-in logLoss
   * filtered to one segment, the only way Spark has to get a loss per group.
   */
  static void parquet(SparkSession spark, long rows, int k, int reps, String only) {
    java.nio.file.Path dir = tempDir("lossdive-bench");
    String path = dir.resolve("predictions.parquet").toString();
    spark.range(rows)
        .selectExpr("CAST(id % " + k + " AS DOUBLE) AS label", "CAST(pmod(hash(id), 1000) AS INT) AS segment",
            "CAST(id % " + Math.max(1, rows / 5) + " AS BIGINT) AS user",
            "CAST(pmod(hash(id, 7), 10000) AS INT) AS team",
            "bench_logits(id, " + k + ") AS rawPrediction")
        .selectExpr("label", "label AS prediction", "segment", "user", "team",
            "bench_softmax(rawPrediction) AS probability")
        .write().parquet(path);
    Dataset<Row> df = spark.read().parquet(path);
    System.out.printf(Locale.ROOT,
        "%nParquet on disk: %d rows x %d classes, 1000 segments, %d users, 10000 teams, %d reps%n",
        rows, k, Math.max(1, rows / 5), reps);
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    MulticlassClassificationEvaluator builtin = new MulticlassClassificationEvaluator().setMetricName("logLoss");
    Map<String, DoubleSupplier> jobs = new LinkedHashMap<>();
    jobs.put("LossDive crossEntropy, ungrouped", () -> ce.evaluate(df));
    jobs.put(BUILT_IN + ", whole file", () -> builtin.evaluate(df));
    jobs.put("  aggregate column, ungrouped", () -> df.agg(LossFunctions.aggregate(ce)).head().getDouble(0));
    // Spark's own aggregation of the same vector column, whole and per segment: its cost of grouping.
    jobs.put("  Spark sum(probability[0])", () -> df.agg(firstValue("probability")).head().getDouble(0));
    jobs.put("  same, per segment", () ->
        (double) df.groupBy("segment").agg(firstValue("probability")).collectAsList().size());
    // As many sums as an aggregate column has buffer fields: Spark's own cost of grouping a buffer
    // that wide, the floor under any aggregate column of that width.
    int width = new LossAggregate(List.of(), List.of(Engine.job(ce))).aggBufferAttributes().size();
    Column[] sums = java.util.stream.IntStream.rangeClosed(1, width).mapToObj(i -> functions.sum(
        functions.element_at(vectorValues("probability"), 1).multiply(i)).as("s" + i)).toArray(Column[]::new);
    Column[] rest = Arrays.copyOfRange(sums, 1, width);
    jobs.put("  Spark " + width + " sums of probability[0]", () -> df.agg(sums[0], rest).head().getDouble(0));
    jobs.put("  same " + width + ", per segment", () ->
        (double) df.groupBy("segment").agg(sums[0], rest).collectAsList().size());
    // Per user, all of them summed afterwards so that Spark cannot prune any away.
    Column everySum = java.util.stream.IntStream.rangeClosed(1, width).mapToObj(i -> functions.col("s" + i))
        .reduce(Column::plus).orElseThrow();
    jobs.put("  same " + width + ", per user", () -> df.groupBy("user").agg(sums[0], rest)
        .agg(functions.sum(everySum)).head().getDouble(0));
    // Spark's cheapest grouping per user: one sum, summed (the floor under any per-user aggregate).
    jobs.put("  Spark sum(probability[0]), per user", () -> df.groupBy("user").agg(firstValue("probability")
        .as("s")).agg(functions.sum("s")).head().getDouble(0));
    jobs.put("LossDive per segment (1000 groups)", () ->
        (double) df.groupBy("segment").agg(LossFunctions.aggregate(ce)).collectAsList().size());
    jobs.put("LossDive per user (rows/5 groups)", () ->
        df.groupBy("user").agg(LossFunctions.aggregate(ce).as("loss")).agg(functions.sum("loss")).head().getDouble(0));
    // The batch job's --group-by and LossFunctions.summarizeBy: the grouped pass, or Spark's
    // aggregation past 16384 groups.
    jobs.put(GROUPED, () -> batchJobGroups(df, "segment", ce));
    jobs.put(GROUPED_JACKKNIFE, () -> batchJobGroups(df, "segment",
        new CrossEntropyEvaluator().setIntervalMethod("jackknife")));
    jobs.put("LossDive --group-by user", () -> batchJobGroups(df, "user", ce));
    // 10,000 teams in random order: fewer than 90% of a task's first rows start a group, so the pass is kept.
    jobs.put("LossDive per team (10k groups)", () ->
        df.groupBy("team").agg(LossFunctions.aggregate(ce).as("loss")).agg(functions.sum("loss")).head().getDouble(0));
    jobs.put("LossDive --group-by team", () -> batchJobGroups(df, "team", ce));
    // Three losses per user: three aggregate columns, or one column of the three jobs (the batch job's path).
    List<LossEvaluator<?>> three = List.of(ce, new FocalLossEvaluator(), new BrierScoreEvaluator());
    Column[] threeColumns = three.stream().map(LossFunctions::aggregate).toArray(Column[]::new);
    Column threeSum = threeColumns[0].plus(threeColumns[1]).plus(threeColumns[2]).as("loss");
    jobs.put("LossDive 3 losses per user, 3 columns", () ->
        df.groupBy("user").agg(threeSum).agg(functions.sum("loss")).head().getDouble(0));
    Column threeInOne = LossAggregate.column(three.stream().map(Engine::job).toList());
    jobs.put("  as one aggregate column", () -> df.groupBy("user").agg(threeInOne.as("j"))
        .agg(functions.sum(functions.expr("j.j0.loss + j.j1.loss + j.j2.loss"))).head().getDouble(0));
    jobs.put("built-in, one segment (filter)", () -> builtin.evaluate(df.where("segment = 17")));
    // The jackknife's ratio is to the same grouped pass without it.
    UnaryOperator<String> baselineOf = name -> name.equals(GROUPED_JACKKNIFE) ? GROUPED
        : "LossDive crossEntropy, ungrouped";
    keepOnly(jobs, only, baselineOf, "LossDive crossEntropy, ungrouped", "built-in, one segment (filter)");
    Map<String, double[]> times = times(reps, jobs);
    report(times, baselineOf);
    double perSegment = median(times.get("built-in, one segment (filter)"));
    System.out.printf(Locale.ROOT, "built-in per segment, 1000 segments: about %.0f s (1000 x %.0f ms)%n",
        perSegment, perSegment);
  }

  /**
   * The sum of every group's loss as the batch job's {@code --group-by} and
   * {@code LossFunctions.summarizeBy} compute them: the grouped pass, whose groups are already in
   * the driver, or past its bound Spark's aggregation, summed by Spark.
   */
  static double batchJobGroups(Dataset<Row> df, String key, LossEvaluator<?> e) {
    Dataset<Row> groups = LossFunctions.summarizeBy(df, List.of(key), List.of(e));
    // The pass's groups are a local DataFrame: collecting it needs no job, summing it with Spark would.
    return groups.isLocal()
        ? groups.collectAsList().stream().mapToDouble(r -> r.getStruct(2).getDouble(0)).sum()
        : groups.agg(functions.sum(e.lossName() + ".loss")).head().getDouble(0);
  }

  /**
   * A stream: S rows of Parquet files (10 classes, 24 hours of event time, 100 segments) read by a
   * file source through {@code Trigger.AvailableNow}, windowed per hour and segment with a
   * watermark, each repetition on a fresh checkpoint. LossDive's {@code summary} column against
   * the same query with a hand-written cross-entropy UDF and {@code avg}; prints the ratio and
   * LossDive's throughput in rows per second.
   */
  static void stream(SparkSession spark, long rows, int k, int reps) {
    java.nio.file.Path dir = tempDir("lossdive-stream-bench");
    String input = dir.resolve("in").toString();
    spark.range(rows).selectExpr("timestamp_seconds(1796083200 + pmod(id * 7919, 86400)) AS ts",
        "CAST(pmod(hash(id), 100) AS INT) AS segment", "CAST(id % " + k + " AS DOUBLE) AS label",
        "bench_softmax(bench_logits(id, " + k + ")) AS probability")
        .repartition(8).write().parquet(input);
    org.apache.spark.sql.types.StructType schema = spark.read().parquet(input).schema();
    // A stream's state lives in this many partitions: Spark's 200 would open 200 state stores per
    // micro-batch on a two-core machine and time them rather than the losses.
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(spark.sparkContext().defaultParallelism()));
    System.out.printf(Locale.ROOT, "%nStream: %d rows x %d classes from Parquet files, available-now, 1-hour windows"
        + " x 100 segments, %d reps%n", rows, k, reps);
    UserDefinedFunction udfCe = crossEntropyUdf();
    CrossEntropyEvaluator ce = new CrossEntropyEvaluator();
    java.util.concurrent.atomic.AtomicInteger run = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Function<Column, DoubleSupplier> query = agg -> () -> {
      Dataset<Row> windows = spark.readStream().schema(schema).parquet(input).withWatermark("ts", "10 minutes")
          .groupBy(functions.window(functions.col("ts"), "1 hour"), functions.col("segment")).agg(agg);
      long[] out = {0};
      try {
        org.apache.spark.sql.streaming.StreamingQuery q = windows.writeStream().outputMode("append")
            .option("checkpointLocation", dir.resolve("cp" + run.incrementAndGet()).toString())
            .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
            .foreachBatch((org.apache.spark.api.java.function.VoidFunction2<Dataset<Row>, Long>) (b, id) ->
                out[0] += b.count())
            .start();
        q.awaitTermination();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return out[0];
    };
    Map<String, DoubleSupplier> jobs = new LinkedHashMap<>();
    String udf = "stream: UDF + avg";
    jobs.put(udf, query.apply(functions.avg(udfCe.apply(functions.col("probability"), functions.col("label")))));
    jobs.put("stream: LossDive summary(crossEntropy)", query.apply(LossFunctions.summary(ce)));
    Map<String, double[]> times = times(reps, jobs);
    report(times, name -> udf);
    System.out.printf(Locale.ROOT, "LossDive stream throughput: %.0f rows/s%n",
        rows / (median(times.get("stream: LossDive summary(crossEntropy)")) / 1000.0));
    spark.conf().set("spark.sql.shuffle.partitions", partitions);
  }

  /** Binary data on scalar columns: label, probability, logit. */
  static void binary(SparkSession spark, long rows, int reps) {
    Dataset<Row> df = spark.range(rows)
        .selectExpr("CAST(id % 2 AS DOUBLE) AS label", "rand(7) * 6 - 3 AS logit")
        .selectExpr("label", "logit", "1 / (1 + exp(-logit)) AS probability")
        .cache();
    long n = df.count();
    System.out.printf(Locale.ROOT, "%nBinary: %d rows on scalar columns, %d reps%n", n, reps);
    BinaryCrossEntropyEvaluator bce = new BinaryCrossEntropyEvaluator().setPredictionType("logits")
        .setPredictionCol("logit");
    HingeLossEvaluator hinge = new HingeLossEvaluator().setPredictionCol("logit");
    BinaryCrossEntropyEvaluator bceProbability = new BinaryCrossEntropyEvaluator().setPredictionCol("probability");
    // The hand-written UDFs compute what LossDive does, without its checks: torch's formulas.
    UserDefinedFunction udfBce = functions.udf((UDF2<Double, Double, Double>) (p, y) ->
        -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log1p(-p), -100)), DataTypes.DoubleType);
    UserDefinedFunction udfBceLogits = functions.udf((UDF2<Double, Double, Double>) (x, y) -> {
      double m = Math.max(-x, 0.0);
      return (1 - y) * x + Math.log(Math.exp(-m) + Math.exp(-x - m)) + m;
    }, DataTypes.DoubleType);
    UserDefinedFunction udfHinge = functions.udf((UDF2<Double, Double, Double>) (x, y) ->
        Math.max(0.0, 1.0 - (2 * y - 1) * x), DataTypes.DoubleType);
    Map<String, DoubleSupplier> jobs = new LinkedHashMap<>();
    jobs.put("count()", () -> (double) df.count());
    jobs.put("bce: UDF + avg", () -> udfMean(df, udfBce, "probability"));
    jobs.put("bce: LossDive", () -> bceProbability.evaluate(df));
    jobs.put("bce logits: UDF + avg", () -> udfMean(df, udfBceLogits, "logit"));
    jobs.put("bce logits: LossDive", () -> bce.evaluate(df));
    jobs.put("hinge: UDF + avg", () -> udfMean(df, udfHinge, "logit"));
    jobs.put("hinge: LossDive", () -> hinge.evaluate(df));
    // Each loss against its own UDF; count() against the first.
    report(times(reps, jobs), name -> name.contains(":")
        ? name.substring(0, name.indexOf(':')) + ": UDF + avg" : "bce: UDF + avg");
    df.unpersist();
  }

  /** The values array of a vector column, with Spark's own functions. */
  private static Column vectorValues(String column) {
    return functions.unwrap_udt(functions.col(column)).getField("values");
  }

  /** Reads a vector column and keeps its first value: a bare scan of the column. */
  private static Column firstValue(String column) {
    return functions.sum(functions.element_at(vectorValues(column), 1));
  }

  /**
   * Drops the jobs whose names contain none of {@code only}'s comma-separated words, but keeps the
   * job each kept job's ratio is to ({@code baselineOf}) and the jobs {@code always} names.
   */
  private static void keepOnly(Map<String, DoubleSupplier> jobs, String only, UnaryOperator<String> baselineOf,
      String... always) {
    if (only == null) {
      return;
    }
    List<String> words = List.of(only.split(","));
    java.util.Set<String> kept = new java.util.HashSet<>(List.of(always));
    for (String name : jobs.keySet()) {
      if (words.stream().anyMatch(name::contains)) {
        kept.add(name);
        kept.add(baselineOf.apply(name));
      }
    }
    jobs.keySet().retainAll(kept);
  }

  /**
   * Each job's wall time in ms in each round, rounds in order. Every job runs once to warm up, then
   * {@code reps} rounds run every job once each, so that a slow phase of a noisy machine falls on
   * all jobs alike rather than on whichever ran then.
   */
  static Map<String, double[]> times(int reps, Map<String, DoubleSupplier> jobs) {
    Map<String, double[]> ms = new LinkedHashMap<>();
    jobs.forEach((name, job) -> {
      job.getAsDouble();
      ms.put(name, new double[reps]);
    });
    for (int r = 0; r < reps; r++) {
      int round = r;
      jobs.forEach((name, job) -> {
        long t0 = System.nanoTime();
        job.getAsDouble();
        ms.get(name)[round] = (System.nanoTime() - t0) / 1e6;
      });
    }
    return ms;
  }

  static double median(double[] xs) {
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The hand-written baseline: cross-entropy of (probability vector, label) clipped as Spark's logLoss, no checks. */
  private static UserDefinedFunction crossEntropyUdf() {
    return functions.udf((UDF2<Vector, Double, Double>) (p, y) ->
        -Math.log(Math.max(Math.min(p.apply(y.intValue()), 1 - 1e-15), 1e-15)), DataTypes.DoubleType);
  }

  private static java.nio.file.Path tempDir(String prefix) {
    try {
      return java.nio.file.Files.createTempDirectory(prefix);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The mean of a scalar UDF of ({@code prediction}, label): the hand-written baseline. */
  private static double udfMean(Dataset<Row> df, UserDefinedFunction udf, String prediction) {
    return df.agg(functions.avg(udf.apply(functions.col(prediction), functions.col("label")))).head().getDouble(0);
  }

  /**
   * Prints each job's median time and its ratio to the job {@code baselineOf} names: the median over
   * the rounds of the two jobs' ratio within the round. A round runs its jobs back to back, so a
   * slow phase of the machine mostly falls on both sides of a ratio; a ratio of the two medians
   * would take them from different rounds (with medians alone, the same build's ece ratio came out
   * 1.05 and 1.51 in two runs one after the other).
   */
  private static void report(Map<String, double[]> times, UnaryOperator<String> baselineOf) {
    System.out.printf(Locale.ROOT, "%-36s %10s %8s  %s%n", "job", "median ms", "ratio", "ratio to");
    times.forEach((name, ms) -> {
      String base = baselineOf.apply(name);
      double[] reference = times.get(base);
      double[] ratios = new double[ms.length];
      for (int r = 0; r < ms.length; r++) {
        ratios[r] = ms[r] / reference[r];
      }
      System.out.printf(Locale.ROOT, "%-36s %10.0f %8.2f  %s%n", name, median(ms), median(ratios), base);
    });
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument " + args[i]);
      }
      o.put(args[i], args[i + 1]);
    }
    return o;
  }
}
