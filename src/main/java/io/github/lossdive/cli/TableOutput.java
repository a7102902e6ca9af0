package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lossdive.functions.Evaluation;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;

/**
 * The job's result as a table with one row per group, written by Spark
 * ({@code --output PATH.parquet} and the other table formats), in {@link GroupColumns}' layout.
 * Up to 16,384 groups come from one pass whose per-group results the driver merges (a few MB);
 * more come from Spark's aggregation and go straight to the files: a million groups are a million
 * rows of a file, not a million objects in the driver's heap. Gates are checked on the same typed
 * results as every other output, by Spark, and only 20 failing groups per gate are brought back.
 */
final class TableOutput {
  /** Failing groups per gate named on stderr; the rest are counted. */
  static final int NAMED_FAILURES = 20;

  private TableOutput() {}

  /**
   * Writes the table and returns the short JSON summary that stdout prints and the failure lines.
   *
   * @param format parquet, orc, csv or json
   */
  static Written write(Dataset<Row> input, Evaluation evaluation, JobResult shape, OutputLocation output,
      String format) {
    Gates gates = shape.gates();
    Dataset<Row> groups = evaluation.toDF(input);
    JavaRDD<JobResult.Group> measured = groups.javaRDD().map(evaluation.resultReader()).map(gates::measure)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Every check's p-value, for the run's adjustment: one double per group and gate in the driver.
      HolmAdjustment holm = new HolmAdjustment(measured.flatMap(g -> g.gates().stream().map(Gate.Check::pValue)
          .iterator()).collect().stream().mapToDouble(Double::doubleValue).toArray());
      Broadcast<HolmAdjustment> shared = JavaSparkContext.fromSparkContext(input.sparkSession().sparkContext())
          .broadcast(holm);
      JavaRDD<JobResult.Group> results = measured.map(g -> gates.decide(g, shared.value()));
      GroupColumns columns = GroupColumns.of(shape);
      JavaRDD<Row> rows = results.map(g -> RowFactory.create(columns.values(g).toArray()));
      input.sparkSession().createDataFrame(rows, columns.schema(input.schema()))
          .write().mode(SaveMode.Overwrite).format(format).option("header", "true").save(output.uri());
      long[] totals = results.map(g -> new long[] {1, g.result().rows()}).fold(new long[] {0, 0},
          (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("input", shape.input());
      summary.put("rows", totals[1]);
      summary.put("groups", totals[0]);
      summary.put("output", output.text());
      summary.put("format", format);
      List<String> failures = new ArrayList<>();
      summary.put("gateRule", gates.rule().text());
      ArrayNode gateNodes = summary.putArray("gates");
      for (int i = 0; i < gates.gates().size(); i++) {
        Gate gate = gates.gates().get(i);
        int at = i;
        JavaRDD<Gate.Check> failed = results.filter(JobResult.Group::gated).map(g -> g.gates().get(at))
            .filter(c -> !c.passed());
        long count = failed.count();
        ObjectNode o = gateNodes.addObject();
        o.put("loss", gate.loss());
        o.put("kind", gate.kind().json);
        o.put("limit", gate.limit());
        o.put("failedGroups", count);
        failed.take(NAMED_FAILURES).forEach(c -> failures.add(c.failure()));
        if (count > NAMED_FAILURES) {
          failures.add(gate.option() + ": " + (count - NAMED_FAILURES) + " more groups failed (see " + output.text()
              + ").");
        }
      }
      return new Written(summary.toPrettyString(), failures);
    } finally {
      measured.unpersist(false);
    }
  }

  /** What the table output prints and reports. */
  record Written(String summary, List<String> failures) {}
}
