package io.github.lossdive.evaluation;

import io.github.lossdive.internal.Engine;
import io.github.lossdive.internal.JackknifePlan;
import io.github.lossdive.internal.LossJob;
import io.github.lossdive.internal.LossPass;
import io.github.lossdive.internal.LossPlan;
import io.github.lossdive.internal.PairedPlan;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.compat.SparkCompat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * The base of every LossDive evaluator: what all losses share.
 *
 * <p>It holds the common params ({@code labelCol}, {@code predictionCol}, {@code weightCol},
 * {@code reduction}, {@code handleInvalid}) and checks the schema; a concrete evaluator adds its
 * own params and one per-row loss. Everything else (decoding the columns, weights, invalid rows,
 * compensated sums, the reduction) is the engine's, shared by every loss and by every way of
 * running one: {@link #evaluate}, {@code LossFunctions.aggregate} in {@code groupBy}, and the batch
 * job give one set of numbers.
 *
 * <p>The set of losses is closed: the constructor and the per-row contract are package-private,
 * so a loss is added inside this package (one subclass with a public no-argument and a public
 * {@code (String uid)} constructor, listed in
 * {@code META-INF/services/org.apache.spark.ml.evaluation.Evaluator}, where the batch job, the
 * usage text and the tests find it through {@link LossRegistry}). Keeping it closed lets the
 * engine change its per-row types without breaking anyone.
 *
 * <p>All losses are lower-is-better, so {@link #isLargerBetter()} is false and
 * {@code CrossValidator} picks the candidate with the smallest loss.
 *
 * @param <E> the concrete evaluator, so that setters chain with their own type
 */
public abstract class LossEvaluator<E extends LossEvaluator<E>> extends Evaluator
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** {@code reduction}: weighted mean of the row losses. */
  public static final String MEAN = "mean";
  /** {@code reduction}: weighted sum of the row losses. */
  public static final String SUM = "sum";
  /** {@code handleInvalid}: the first invalid row stops evaluation. */
  public static final String ERROR = "error";
  /** {@code handleInvalid}: invalid rows are left out and counted. */
  public static final String SKIP = "skip";
  /** {@code intervalMethod}: the closed-form standard error of the loss (a ratio estimator's). */
  public static final String ANALYTIC = "analytic";
  /** {@code intervalMethod}: the delete-a-group jackknife over {@code jackknifeGroups} buckets. */
  public static final String JACKKNIFE = "jackknife";

  static {
    Engine.register(new Engine.Access() {
      @Override
      public LossPlan plan(Evaluator e) {
        return ((LossEvaluator<?>) e).plan();
      }

      @Override
      public LossJob metric(Evaluator e) {
        return ((LossEvaluator<?>) e).metricJob();
      }

      @Override
      public LossJob job(Evaluator e) {
        return ((LossEvaluator<?>) e).job();
      }

      @Override
      public LossJob comparison(Evaluator e, String baselineCol) {
        return ((LossEvaluator<?>) e).comparisonJob(baselineCol);
      }
    });
  }

  /** Kinds of column a loss accepts, for the schema check and its message. */
  enum ColumnKind {
    /** Any numeric type: byte, short, int, long, float, double, decimal. */
    NUMERIC("numeric"),
    /** An ML {@code Vector} (dense or sparse), {@code array<double>} or {@code array<float>}. */
    VECTOR("vector (Vector, array<double> or array<float>)");

    private final String description;

    ColumnKind(String description) {
      this.description = description;
    }

    boolean accepts(DataType t) {
      if (this == NUMERIC) {
        return t instanceof NumericType;
      }
      return t instanceof VectorUDT
          || (t instanceof ArrayType a
              && (a.elementType() == DataTypes.DoubleType
                  || a.elementType() == DataTypes.FloatType));
    }
  }

  private final String uid;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> weightCol;
  private final Param<String> reduction;
  private final Param<String> handleInvalid;
  private final Param<String> intervalMethod;
  private final IntParam jackknifeGroups;
  private final Param<String> idCol;

  /**
   * Creates the shared params. {@code uid} is assigned before any param, because a {@code Param}
   * records its parent's uid when it is built.
   */
  LossEvaluator(
      String uid, String defaultPredictionCol, List<String> reductions, String defaultReduction) {
    this(uid, defaultPredictionCol, reductions, defaultReduction, List.of(ANALYTIC, JACKKNIFE));
  }

  /**
   * As above, for a metric whose interval methods are {@code intervalMethods}, the first the
   * default (a metric without a closed form has only the jackknife).
   */
  LossEvaluator(String uid, String defaultPredictionCol, List<String> reductions, String defaultReduction,
      List<String> intervalMethods) {
    this.uid = uid;
    labelCol = stringParam("labelCol", "label column name. The default value is label.");
    predictionCol =
        stringParam(
            "predictionCol",
            "prediction column name: the model output. The default value is "
                + defaultPredictionCol
                + ".");
    weightCol =
        stringParam(
            "weightCol",
            "weight column name: non-negative per-row weights; the mean becomes Σ w·loss / Σ w."
                + " Unset by default (all rows weigh 1).");
    reduction =
        stringParam(
            "reduction",
            "how row losses are reduced. Supported options: "
                + String.join(", ", reductions)
                + ". The default value is "
                + defaultReduction
                + ".",
            reductions);
    handleInvalid =
        stringParam(
            "handleInvalid",
            "how to handle invalid rows (null, NaN, out-of-range values). Supported options:"
                + " error, skip. error throws an IllegalArgumentException naming the column, value"
                + " and reason; skip leaves the row out and counts it. The default value is error.",
            List.of(ERROR, SKIP));
    intervalMethod =
        stringParam(
            "intervalMethod",
            "how the standard error, intervals and comparisons are computed. Supported options: "
                + String.join(", ", intervalMethods)
                + ". analytic is the closed form of the loss's ratio estimator; jackknife deletes one of"
                + " jackknifeGroups buckets of rows at a time, in the same pass. The default value is "
                + intervalMethods.get(0)
                + ".",
            intervalMethods);
    jackknifeGroups =
        new IntParam(uid, "jackknifeGroups", "the jackknife's number of buckets: each row falls in bucket"
            + " pmod(xxhash64(id), jackknifeGroups). Must be at least 2. The default value is 20.",
            ParamValidators.gtEq(2));
    idCol =
        stringParam(
            "idCol",
            "column whose value places a row in its jackknife bucket. Unset by default: the label,"
                + " prediction, second input, weight and baseline columns the loss reads, hashed together as"
                + " Spark SQL's xxhash64 hashes them (a vector as its array of dense values).");
    setDefault(intervalMethod, intervalMethods.get(0));
    setDefault(jackknifeGroups, 20);
    setDefault(labelCol, "label");
    setDefault(predictionCol, defaultPredictionCol);
    setDefault(reduction, defaultReduction);
    setDefault(handleInvalid, ERROR);
  }

  /** The short name of the loss, as the batch job's {@code --loss} and {@link LossRegistry} take it. */
  public abstract String lossName();

  /**
   * The loss of one row under the current params, as the engine runs it on executors: it captures
   * plain values, never the evaluator. Params that do not fit together fail here, before any job
   * starts.
   */
  abstract RowLoss rowLoss();

  /**
   * This evaluator as the engine runs it: its per-row loss and settings, fixed at the time of the
   * call. Other packages reach it through {@link Engine}.
   */
  final LossPlan plan() {
    return new LossPlan(lossName(), rowLoss(), getLabelCol(), getPredictionCol(), secondInputCol(),
        weightColOrNull(), skipsInvalid(), SUM.equals(getReduction()), false);
  }

  /**
   * The column of the loss's second input, read by a {@link RowLoss.OfThree} (margin ranking's
   * second score, Gaussian NLL's variance), or null for a loss of label and prediction alone. A
   * comparison's baseline replaces the prediction only; both models share this input.
   */
  String secondInputCol() {
    return null;
  }

  /** Column kinds accepted for {@link #secondInputCol()}: those of the prediction unless a loss says otherwise. */
  Set<ColumnKind> secondInputKinds() {
    return predictionKinds();
  }

  /**
   * The metric without resampling, what {@link #evaluate} and {@code LossFunctions.aggregate} run:
   * {@link #plan()} for a mean of per-row losses (its closed-form standard error comes with the
   * same sums); a loss computed from other state (the calibration error's bins) returns its own job.
   */
  LossJob metricJob() {
    return plan();
  }

  /**
   * What the engine runs for {@link #summarize}, {@code LossFunctions.summary} and the batch job:
   * {@link #metricJob()} with this evaluator's interval method.
   */
  final LossJob job() {
    return withInterval(metricJob(), null);
  }

  /** What the engine runs for {@link #compare} and {@code LossFunctions.comparison}. */
  LossJob comparisonJob(String baselineCol) {
    return withInterval(new PairedPlan(plan(), baselineCol), baselineCol);
  }

  /**
   * {@code job} with this evaluator's interval method: as it is for {@code analytic}, wrapped in
   * the jackknife otherwise, its buckets hashed from {@code idCol}, or else from the label,
   * prediction, second input, weight and baseline columns, in that order.
   */
  final LossJob withInterval(LossJob job, String baselineCol) {
    if (!JACKKNIFE.equals(getIntervalMethod())) {
      return job;
    }
    int groups = getJackknifeGroups();
    if (hasIdCol()) {
      return JackknifePlan.hashing(job, List.of($(idCol)), groups);
    }
    List<String> ids = new ArrayList<>(List.of(getLabelCol(), getPredictionCol()));
    if (secondInputCol() != null) {
      ids.add(secondInputCol());
    }
    if (hasWeightCol()) {
      ids.add(getWeightCol());
    }
    if (baselineCol != null) {
      ids.add(baselineCol);
    }
    return JackknifePlan.hashing(job, ids, groups);
  }

  /** The weight column for the engine: null when rows are unweighted. */
  final String weightColOrNull() {
    return hasWeightCol() ? getWeightCol() : null;
  }

  /** Whether invalid rows are skipped and counted ({@code handleInvalid=skip}) rather than an error. */
  final boolean skipsInvalid() {
    return SKIP.equals(getHandleInvalid());
  }

  /**
   * Column kinds accepted in {@code labelCol}: by default every kind (numbers, vectors, arrays),
   * as torch's element-wise losses take tensors of any shape; a loss that needs a class index or
   * a distribution narrows it, so that a wrong column fails before any row is read.
   */
  Set<ColumnKind> labelKinds() {
    return EnumSet.allOf(ColumnKind.class);
  }

  /** Column kinds accepted in {@code predictionCol}: every kind by default, as {@link #labelKinds}. */
  Set<ColumnKind> predictionKinds() {
    return EnumSet.allOf(ColumnKind.class);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public boolean isLargerBetter() {
    return false;
  }

  /**
   * The loss alone, as {@code CrossValidator} and {@code TrainValidationSplit} call it: the same
   * number as {@code summarize(dataset).loss()}, without the jackknife's buckets, which serve only
   * the standard error this method does not return (a jackknife's metric is the metric over all
   * rows). So {@code ece}, whose interval is always the jackknife's, costs here what it did before
   * it had an interval. Bad input fails as in {@link #summarize}.
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    return run(dataset, this::metricJob).loss();
  }

  /**
   * Evaluates the loss and reports how many rows contributed, were skipped as invalid, or were
   * ignored. Bad input fails with an {@link IllegalArgumentException} naming the column, the value
   * and the reason.
   */
  public LossSummary summarize(Dataset<?> dataset) {
    return run(dataset, this::job);
  }

  /** Checks the columns, then runs the job {@code job} makes (its params checked only then) in one pass. */
  private LossSummary run(Dataset<?> dataset, java.util.function.Supplier<LossJob> job) {
    validateSchema(dataset.schema());
    LossJob j = job.get();
    return LossSummary.fromRow(j.resultRow(LossPass.run(dataset, List.of(j)).get(0)));
  }

  /**
   * This loss of the candidate model ({@code predictionCol}) against a baseline model's output of
   * the same kind in {@code baselineCol}, over the same rows, in one pass: both losses, their
   * difference and its paired standard error, interval and p-value. A row invalid for either model
   * is invalid for both (an error, or skipped from both under {@code handleInvalid=skip}).
   *
   * @throws IllegalArgumentException for a missing or ill-typed column, or bad input
   */
  public LossComparison compare(Dataset<?> dataset, String baselineCol) {
    validateSchema(dataset.schema());
    checkColumn(dataset.schema(), baselineCol, predictionKinds());
    LossJob paired = comparisonJob(baselineCol);
    return LossComparison.fromRow(paired.resultRow(LossPass.run(dataset, List.of(paired)).get(0)));
  }

  /**
   * Checks that the label, prediction, weight and any further input columns exist with accepted
   * types.
   *
   * @throws IllegalArgumentException naming the column and the accepted types
   */
  public void validateSchema(StructType schema) {
    checkColumn(schema, getLabelCol(), labelKinds());
    checkColumn(schema, getPredictionCol(), predictionKinds());
    if (hasWeightCol()) {
      checkColumn(schema, getWeightCol(), EnumSet.of(ColumnKind.NUMERIC));
    }
    if (secondInputCol() != null) {
      checkColumn(schema, secondInputCol(), secondInputKinds());
    }
    if (JACKKNIFE.equals(getIntervalMethod()) && hasIdCol()) {
      checkColumn(schema, $(idCol), EnumSet.allOf(ColumnKind.class), true);
    }
  }

  /**
   * The columns this loss reads from each row: label, prediction, the loss's further input where
   * it has one (margin ranking's {@code secondPredictionCol}, Gaussian NLL's {@code varianceCol}),
   * then the weight column if set. A job selects or decodes these before evaluating.
   */
  public List<String> inputCols() {
    List<String> cols = new ArrayList<>(List.of(getLabelCol(), getPredictionCol()));
    if (secondInputCol() != null) {
      cols.add(secondInputCol());
    }
    if (hasWeightCol()) {
      cols.add(getWeightCol());
    }
    return List.copyOf(cols);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E copy(ParamMap extra) {
    return (E) defaultCopy(extra);
  }

  /** Shows the uid and every param that is set or has a default, as Spark's evaluators do. */
  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    for (Param<?> p : params()) {
      if (isDefined(p)) {
        Object v = $(p);
        shown.add(p.name() + "=" + (v instanceof double[] a ? Arrays.toString(a) : v));
      }
    }
    return getClass().getSimpleName() + ": uid=" + uid + ", " + String.join(", ", shown);
  }

  // ---- shared params ----

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public Param<String> reduction() {
    return reduction;
  }

  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  public Param<String> intervalMethod() {
    return intervalMethod;
  }

  public IntParam jackknifeGroups() {
    return jackknifeGroups;
  }

  public Param<String> idCol() {
    return idCol;
  }

  public String getIntervalMethod() {
    return $(intervalMethod);
  }

  public int getJackknifeGroups() {
    return (Integer) $(jackknifeGroups);
  }

  public String getIdCol() {
    return $(idCol);
  }

  /** Whether {@code idCol} is set to a non-empty name, as {@link #hasWeightCol} for its column. */
  private boolean hasIdCol() {
    return isDefined(idCol) && !$(idCol).isEmpty();
  }

  public E setIntervalMethod(String value) {
    return setParam(intervalMethod, value);
  }

  public E setJackknifeGroups(int value) {
    return setParam(jackknifeGroups, value);
  }

  public E setIdCol(String value) {
    return setParam(idCol, value);
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getWeightCol() {
    return $(weightCol);
  }

  /** True when {@code weightCol} is set to a non-empty name. */
  public boolean hasWeightCol() {
    return isDefined(weightCol) && !$(weightCol).isEmpty();
  }

  public String getReduction() {
    return $(reduction);
  }

  public String getHandleInvalid() {
    return $(handleInvalid);
  }

  public E setLabelCol(String value) {
    return setParam(labelCol, value);
  }

  public E setPredictionCol(String value) {
    return setParam(predictionCol, value);
  }

  public E setWeightCol(String value) {
    return setParam(weightCol, value);
  }

  public E setReduction(String value) {
    return setParam(reduction, value);
  }

  public E setHandleInvalid(String value) {
    return setParam(handleInvalid, value);
  }

  // ---- helpers for subclasses: one definition of each param kind ----

  /** Sets a param and returns this evaluator with its concrete type. */
  @SuppressWarnings("unchecked")
  final <T> E setParam(Param<T> param, T value) {
    set(param, value);
    return (E) this;
  }

  /** The value of an optional param, or null when it is unset. */
  final <T> T valueOrNull(Param<T> param) {
    return isDefined(param) ? $(param) : null;
  }

  /** A string param with no restriction on its value. */
  final Param<String> stringParam(String name, String doc) {
    return SparkCompat.stringParam(uid, name, doc, v -> v != null);
  }

  /** A string param restricted to {@code allowed}. */
  final Param<String> stringParam(String name, String doc, List<String> allowed) {
    return SparkCompat.stringParam(uid, name, doc, ParamValidators.inArray(allowed));
  }

  /** A double param within the given range. */
  final DoubleParam doubleParam(
      String name, String doc, double lower, double upper, boolean lowerIn, boolean upperIn) {
    return new DoubleParam(
        uid, name, doc, ParamValidators.inRange(lower, upper, lowerIn, upperIn));
  }

  /** A boolean param. */
  final BooleanParam booleanParam(String name, String doc) {
    return new BooleanParam(uid, name, doc);
  }

  /** An int param (any value). */
  final IntParam intParam(String name, String doc) {
    return new IntParam(uid, name, doc);
  }

  /** A non-empty array of finite, non-negative doubles, such as class weights. */
  final DoubleArrayParam weightsParam(String name, String doc) {
    Function1<double[], Object> valid =
        a -> a.length > 0 && Arrays.stream(a).allMatch(x -> x >= 0 && Double.isFinite(x));
    return new DoubleArrayParam(this, name, doc, valid);
  }

  private static void checkColumn(StructType schema, String name, Set<ColumnKind> kinds) {
    checkColumn(schema, name, kinds, false);
  }

  /** Checks that the column exists and, unless {@code anyType}, has one of the kinds. */
  private static void checkColumn(StructType schema, String name, Set<ColumnKind> kinds, boolean anyType) {
    StructField field;
    try {
      field = schema.apply(name);
    } catch (IllegalArgumentException e) {
      throw new io.github.lossdive.InvalidInputException(
          "Column "
              + name
              + " does not exist. Available columns: "
              + String.join(", ", schema.fieldNames())
              + ".");
    }
    for (ColumnKind k : kinds) {
      if (anyType || k.accepts(field.dataType())) {
        return;
      }
    }
    List<String> names = kinds.stream().map(k -> k.description).toList();
    throw new io.github.lossdive.InvalidInputException(
        "Column "
            + name
            + " must be of type "
            + String.join(" or ", names)
            + " but was actually "
            + field.dataType().simpleString()
            + ".");
  }
}
