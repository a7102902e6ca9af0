package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.testing.ChildJvm;
import io.github.lossdive.testing.StandaloneCluster;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batch job on a real standalone cluster (a master and two workers on 127.0.0.1, started by
 * the test) through {@code SparkSubmit}, against the same job in local mode.
 */
class StandaloneClusterIT {
  static final double TOLERANCE = 1e-12;
  static final String[] JOB = {"--input", "sample-data/iris-predictions.parquet", "--loss", "crossEntropy",
      "--loss", "hinge:multiclassFormula=westonWatkins", "--loss", "nll", "--loss", "kl:labelCol=teacherProbability",
      "--group-by", "model"};

  @Test
  void clusterReportEqualsLocalMode() throws Exception {
    JsonNode local = submit("local[2]");
    try (StandaloneCluster cluster = new StandaloneCluster(2)) {
      JsonNode remote;
      try {
        remote = submit(cluster.url());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
      }
      assertSameReport(local, remote);
    }
  }

  /**
   * One worker is killed while the job runs (once a task has started on it): the job finishes on
   * the other worker with the same report.
   */
  @Test
  void jobSurvivesAWorkerKilledMidJob(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // Many small partitions keep both executors busy for several seconds.
    String input = dir.resolve("many-partitions.parquet").toString();
    try (org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder()
        .master("local[2]").config("spark.ui.enabled", "false").getOrCreate()) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> iris =
          spark.read().parquet("sample-data/iris-predictions.parquet");
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> big = iris;
      for (int i = 0; i < 9; i++) {
        big = big.unionByName(iris);
      }
      big.repartition(300).write().parquet(input);
    }
    String[] job = {"--input", input, "--loss", "crossEntropy", "--loss", "hinge", "--group-by", "model"};
    JsonNode local = submit("local[2]", job);
    try (StandaloneCluster cluster = new StandaloneCluster(2)) {
      Process driver = new ProcessBuilder(ChildJvm.command("org.apache.spark.deploy.SparkSubmit",
          submitArgs(cluster.url(), job))).redirectOutput(dir.resolve("out.json").toFile())
          .redirectError(dir.resolve("err.txt").toFile()).start();
      try {
        cluster.awaitRunningTask(0, 120);
        cluster.killWorker(0);
        if (!driver.waitFor(240, java.util.concurrent.TimeUnit.SECONDS)) {
          throw new AssertionError("job did not finish after the worker was killed\n" + cluster.logs());
        }
        assertEquals(0, driver.exitValue(), java.nio.file.Files.readString(dir.resolve("err.txt")));
        assertSameReport(local, new ObjectMapper().readTree(dir.resolve("out.json").toFile()));
      } finally {
        driver.destroyForcibly();
      }
    }
  }

  /**
   * The benchmark job runs on the cluster too: tiny data, one rep, only that it completes and
   * prints both tables (its evaluators run {@code LossPass} on the executors). Timing is not tested.
   */
  @Test
  void benchmarkRunsOnTheCluster() throws Exception {
    try (StandaloneCluster cluster = new StandaloneCluster(2)) {
      ChildJvm.Result r = ChildJvm.run(ChildJvm.command("org.apache.spark.deploy.SparkSubmit",
          submitArgs(cluster.url(), "io.github.lossdive.bench.LossBenchmark", ChildJvm.toolsJar(),
              new String[] {"--rows", "4000", "--classes", "4", "--reps", "1", "--binary-rows", "4000"})), 300);
      assertEquals(0, r.status(), r.err() + "\n" + cluster.logs());
      for (String line : List.of("Multiclass: 4000 rows x 4 classes", "LossDive 5 losses, one pass",
          "Binary: 4000 rows", "hinge: LossDive")) {
        org.junit.jupiter.api.Assertions.assertTrue(r.out().contains(line), line + " missing from\n" + r.out());
      }
    }
  }

  static JsonNode submit(String master) throws Exception {
    return submit(master, JOB);
  }

  static String[] submitArgs(String master, String[] job) {
    return submitArgs(master, "io.github.lossdive.cli.LossDiveJob", job);
  }

  static String[] submitArgs(String master, String mainClass, String[] job) {
    return submitArgs(master, mainClass, null, job);
  }

  /** With {@code toolsJar}, the main class comes from the developer tools' jar and the library rides along. */
  static String[] submitArgs(String master, String mainClass, java.nio.file.Path toolsJar, String[] job) {
    List<String> args = new ArrayList<>(List.of("--master", master, "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=512m", "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.executor.extraJavaOptions=" + System.getProperty("lossdive.javaOpens").trim(),
        "--conf", "spark.driver.host=127.0.0.1", "--class", mainClass));
    if (toolsJar != null) {
      args.addAll(List.of("--jars", ChildJvm.jar().toString(), toolsJar.toString()));
    } else {
      args.add(ChildJvm.jar().toString());
    }
    args.addAll(List.of(job));
    return args.toArray(new String[0]);
  }

  static JsonNode submit(String master, String[] job) throws Exception {
    ChildJvm.Result r = ChildJvm.run(ChildJvm.command("org.apache.spark.deploy.SparkSubmit",
        submitArgs(master, job)), 300);
    assertEquals(0, r.status(), master + ": " + r.err());
    return new ObjectMapper().readTree(r.out());
  }

  static void assertSameReport(JsonNode expected, JsonNode actual) {
    assertEquals(expected.get("rows"), actual.get("rows"));
    assertEquals(expected.get("groups").size(), actual.get("groups").size());
    for (int g = 0; g < expected.get("groups").size(); g++) {
      JsonNode e = expected.get("groups").get(g);
      JsonNode a = actual.get("groups").get(g);
      assertEquals(e.get("key"), a.get("key"));
      assertEquals(e.get("rows"), a.get("rows"));
      for (Iterator<Map.Entry<String, JsonNode>> it = e.get("losses").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> loss = it.next();
        double want = loss.getValue().asDouble();
        assertEquals(want, a.get("losses").get(loss.getKey()).asDouble(), TOLERANCE * Math.abs(want),
            e.get("key") + " " + loss.getKey());
      }
    }
  }
}
