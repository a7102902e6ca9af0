package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.testing.GoldenCase;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract for every kind of engine job, without Spark, in the manner of Commons Statistics'
 * {@code BaseDoubleStatisticTest}: the plain loss ({@link LossPlan}, every golden case of every
 * registered loss), the paired comparison ({@link PairedPlan}, the comparison goldens), the
 * binned calibration error ({@link BinnedPlan}, the {@code ece} goldens), and the jackknife
 * ({@link JackknifePlan} over each of them and {@link PairedBinnedPlan}, the jackknife goldens with
 * their buckets; elsewhere each row's bucket is its number modulo G). Each case's column
 * values are filled by hand from its golden rows, folded through the job, and checked three ways:
 * <ol>
 *   <li>one pass equals the golden value of the independent reference;
 *   <li>every split of the rows into a first and a second part, merged in either order, equals
 *       the one pass (Spark merges partitions in any order);
 *   <li>storing the accumulators into a buffer and loading them back changes no result field
 *       (Spark's aggregation keeps them that way between rows).
 * </ol>
 * Spark's own partitioning and task retries are the Spark tests' job ({@code GoldenCasesTest},
 * {@code DistributedInvarianceTest}).
 */
class JobContractTest {
  static final double REFERENCE_TOLERANCE = 1e-9;
  static final double MERGE_TOLERANCE = 1e-14;

  /** A job, the rows' values by its columns, and the reference's values of its result fields. */
  record Case(String name, LossJob job, List<Object[]> rows, String[] fields, double[] expected) {
    @Override
    public String toString() {
      return name + " (" + job.getClass().getSimpleName() + ")";
    }
  }

  static Stream<Case> cases() throws Exception {
    List<Case> out = new ArrayList<>();
    for (String loss : LossRegistry.names()) {
      for (GoldenCase g : GoldenCase.load(loss)) {
        LossJob job = Engine.job(g.evaluator());
        out.add(new Case(g.name(), job, rows(g, g.evaluator(), job), new String[] {"loss"}, new double[] {g.expected()}));
      }
    }
    JsonNode root;
    try (InputStream in = JobContractTest.class.getResourceAsStream("/golden/uncertainty.json")) {
      root = new ObjectMapper().readTree(in);
    }
    for (JsonNode c : root.get("cases")) {
      GoldenCase g = new GoldenCase(c.get("loss").asText(), c.get("name").asText(), c.get("params"),
          c.get("labelType").asText(), c.get("predictionStorage").asText(), c.get("weighted").asBoolean(),
          c.get("rows"), c.get("expected").asDouble(), c.get("reference").asText());
      JsonNode want = c.get("comparison");
      if (want == null) {
        LossJob job = Engine.job(g.evaluator());
        out.add(new Case(g.name(), job, rows(g, g.evaluator(), job), new String[] {"loss", "stdError"},
            new double[] {g.expected(), c.get("standardError").asDouble()}));
      } else {
        // Fields of a comparison: candidate, baseline, difference, stdError, pValue.
        LossJob job = new PairedPlan(Engine.plan(g.evaluator()), "baseline");
        out.add(new Case(g.name(), job, rows(g, g.evaluator(), job), new String[] {"candidate", "baseline", "difference", "stdError", "pValue"},
            new double[] {
            want.get("candidate").asDouble(), want.get("baseline").asDouble(), want.get("difference").asDouble(),
            want.get("stdError").asDouble(), want.get("pValue").asDouble()}));
      }
    }
    // The jackknife (JackknifePlan), with each row's golden bucket: metric, SE and degrees of freedom.
    try (InputStream in = JobContractTest.class.getResourceAsStream("/golden/jackknife.json")) {
      root = new ObjectMapper().readTree(in);
    }
    for (JsonNode c : root.get("cases")) {
      GoldenCase g = new GoldenCase(c.get("loss").asText(), c.get("name").asText(), c.get("params"),
          "double", "vector", c.get("weighted").asBoolean(),
          c.get("rows"), c.get("expected").asDouble(), "numpy");
      LossEvaluator<?> e = g.evaluator().setIntervalMethod(LossEvaluator.JACKKNIFE)
          .setJackknifeGroups(c.get("groups").asInt());
      JsonNode want = c.get("comparison");
      if (want == null) {
        LossJob job = withGoldenBuckets(Engine.job(e));
        out.add(new Case("jackknife " + g.name(), job, rows(g, e, job), new String[] {"loss", "stdError", "degreesOfFreedom"},
            new double[] {g.expected(), c.get("standardError").asDouble(), c.get("degreesOfFreedom").asDouble()}));
      } else {
        LossJob job = withGoldenBuckets(Engine.comparison(e, "baseline"));
        out.add(new Case("jackknife " + g.name(), job, rows(g, e, job), new String[] {"difference", "stdError", "pValue", "degreesOfFreedom"},
            new double[] {
            want.get("difference").asDouble(), want.get("stdError").asDouble(), want.get("pValue").asDouble(),
            want.get("degreesOfFreedom").asDouble()}));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onePassEqualsTheReference(Case c) {
    Row r = c.job().resultRow(fold(c, 0, c.rows().size()));
    for (int i = 0; i < c.fields().length; i++) {
      assertClose(c.expected()[i], r.getDouble(r.fieldIndex(c.fields()[i])), REFERENCE_TOLERANCE,
          c + " field " + c.fields()[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everySplitMergedInEitherOrderEqualsOnePass(Case c) {
    int n = c.rows().size();
    List<Double> one = numbers(c.job().resultRow(fold(c, 0, n)));
    for (int k = 0; k <= n; k++) {
      LossAccumulator[] firstThenSecond = merge(fold(c, 0, k), fold(c, k, n));
      LossAccumulator[] secondThenFirst = merge(fold(c, k, n), fold(c, 0, k));
      for (LossAccumulator[] merged : List.of(firstThenSecond, secondThenFirst)) {
        List<Double> got = numbers(c.job().resultRow(merged));
        for (int i = 0; i < one.size(); i++) {
          assertClose(one.get(i), got.get(i), MERGE_TOLERANCE, c + " split at " + k + ", field " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void storeAndLoadChangeNothing(Case c) {
    LossAccumulator[] accs = fold(c, 0, c.rows().size());
    LossAccumulator[] loaded = c.job().newAccumulators();
    for (int i = 0; i < accs.length; i++) {
      double[] doubles = new double[accs[i].width()];
      long[] longs = new long[accs[i].width()];
      accs[i].store(doubles, longs, 0);
      loaded[i].load(doubles, longs, 0);
    }
    assertEquals(numbers(c.job().resultRow(accs)), numbers(c.job().resultRow(loaded)), c.toString());
  }

  /** The evaluator's jackknife with each row's bucket given by a column, as the golden case names it. */
  private static LossJob withGoldenBuckets(LossJob job) {
    JackknifePlan jack = (JackknifePlan) job;
    return new JackknifePlan(jack.inner(), "bucket", jack.groups());
  }

  /** Rows {@code [from, to)} folded into new accumulators, through hand-filled column values. */
  static LossAccumulator[] fold(Case c, int from, int to) {
    String[] columns = c.job().columns();
    LossAccumulator[] accs = c.job().newAccumulators();
    LossTerm[] scratch = {new LossTerm(), new LossTerm()};
    for (Object[] row : c.rows().subList(from, to)) {
      ColumnValue[] values = new ColumnValue[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = columns[i] == null ? null : new ColumnValue(columns[i], row[i] instanceof double[])
            .setObject(row[i] instanceof double[] a ? Vectors.dense(a) : row[i]);
      }
      c.job().update(accs, values, scratch);
    }
    return accs;
  }

  static LossAccumulator[] merge(LossAccumulator[] into, LossAccumulator[] other) {
    for (int i = 0; i < into.length; i++) {
      into[i].merge(other[i]);
    }
    return into;
  }

  /**
   * The golden rows as the job's columns read them: weight, label, prediction, second input,
   * baseline, and for a
   * jackknife the bucket: the row's own where the golden case names one, else its number modulo G.
   */
  static List<Object[]> rows(GoldenCase g, LossEvaluator<?> e, LossJob job) {
    String[] columns = job.columns();
    List<Object[]> rows = new ArrayList<>();
    int n = 0;
    for (JsonNode r : g.rows()) {
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] == null) {
          continue;
        }
        if (job instanceof JackknifePlan jack && jack.bucketColumn() != null && i == columns.length - 1) {
          values[i] = (double) (r.has("bucket") ? r.get("bucket").asInt() : n % jack.groups());
          continue;
        }
        String source = columns[i].equals(e.getLabelCol()) && i == 1 ? "label"
            : columns[i].equals(e.getPredictionCol()) && i == 2 ? "prediction"
            : columns[i].equals(g.secondCol(e)) ? "second" : columns[i];
        values[i] = value(r.get(source));
      }
      rows.add(values);
      n++;
    }
    return rows;
  }

  private static Object value(JsonNode v) {
    if (!v.isArray()) {
      return v.asDouble();
    }
    double[] a = new double[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i).asDouble();
    }
    return a;
  }

  /** Every number of a result row, in field order. */
  private static List<Double> numbers(Row r) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      if (r.get(i) instanceof Number x) {
        out.add(x.doubleValue());
      }
    }
    return out;
  }

  static void assertClose(double expected, double actual, double relative, String what) {
    if (Double.isNaN(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    assertEquals(expected, actual, relative * Math.max(Math.abs(expected), 1e-300) + 1e-300, what);
  }
}
