package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.evaluation.CrossEntropyEvaluator;
import io.github.lossdive.evaluation.HingeLossEvaluator;
import io.github.lossdive.testing.ChildJvm;
import io.github.lossdive.testing.SparkHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.github.lossdive.testing.SparkTestBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The job through Spark's real entry point, {@code org.apache.spark.deploy.SparkSubmit}, in a
 * child JVM with the built jar, as a cluster would run it.
 */
class SparkSubmitIT extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void sparkSubmitRunsTheJobAndPrintsTheReport() throws Exception {
    ChildJvm.Result r = ChildJvm.run(ChildJvm.command("org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--class", "io.github.lossdive.cli.LossDiveJob", ChildJvm.jar().toString(),
        "--input", IRIS, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model"), 240);
    assertEquals(0, r.status(), r.err());
    JsonNode report = new ObjectMapper().readTree(r.out());
    Dataset<Row> df = spark.read().parquet(IRIS);
    for (JsonNode g : report.get("groups")) {
      Dataset<Row> rows = df.where(df.col("model").equalTo(g.get("key").get("model").asText()));
      double ce = new CrossEntropyEvaluator().evaluate(rows);
      double hinge = new HingeLossEvaluator().evaluate(rows);
      assertEquals(ce, g.get("losses").get("crossEntropy").asDouble(), 1e-12 * ce);
      assertEquals(hinge, g.get("losses").get("hinge").asDouble(), 1e-12 * hinge);
    }
  }

  /** The launcher with SPARK_HOME set goes through $SPARK_HOME/bin/spark-submit, from any directory. */
  @Test
  void launcherUsesSparkHomeSparkSubmit() throws Exception {
    Path home = SparkHome.create();
    Path launcher = Path.of("spark-submit/lossdive").toAbsolutePath();
    Path input = Path.of(IRIS).toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--master", "local[2]", "--input", input.toString(),
        "--loss", "crossEntropy").directory(Files.createTempDirectory("elsewhere").toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(p.waitFor(240, TimeUnit.SECONDS), "launcher did not finish");
      assertEquals(0, p.exitValue(), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
    double ce = new CrossEntropyEvaluator().evaluate(spark.read().parquet(IRIS));
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertEquals(ce, report.get("groups").get(0).get("losses").get("crossEntropy").asDouble(), 1e-12 * ce);
  }

  @Test
  void badInputThroughSparkSubmitExitsWith2() throws Exception {
    ChildJvm.Result r = ChildJvm.run(ChildJvm.command("org.apache.spark.deploy.SparkSubmit",
        "--master", "local[1]", "--class", "io.github.lossdive.cli.LossDiveJob", ChildJvm.jar().toString(),
        "--input", IRIS, "--loss", "bce"), 240);
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("lossdive: Column probability has value ["), r.err());
  }
}
