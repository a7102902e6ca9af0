package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.testing.SparkTestBase;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job on a real HDFS: Hadoop's minicluster (a NameNode and a DataNode on 127.0.0.1, in its
 * own JVM, since its unshaded Hadoop cannot share a classpath with Spark's shaded client) holds the
 * input; the job reads it from {@code hdfs://127.0.0.1:PORT/...}, writes its report and a table of
 * groups there, refuses a place it cannot write, and the test reads the results back through Spark's
 * Hadoop client.
 */
class HdfsIT extends SparkTestBase {
  static final String IRIS = "sample-data/iris-predictions.parquet";

  @Test
  void reportsAndTablesLandOnHdfs(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("minicluster.xml");
    Path log = dir.resolve("minicluster.log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-cp", miniclusterClasspath(), "org.apache.hadoop.mapreduce.MiniHadoopClusterManager",
        "-nomr", "-format", "-nnport", Integer.toString(port), "-nnhttpport", "0", "-datanodes", "1",
        "-writeConfig", conf.toString());
    Process cluster = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.exists(conf)) {
        if (!cluster.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("HDFS minicluster did not start:\n" + Files.readString(log));
        }
        Thread.sleep(500);
      }
      String hdfs = "hdfs://127.0.0.1:" + port;
      spark.read().parquet(IRIS).write().parquet(hdfs + "/in/iris.parquet");

      JobRun r = JobRun.of(spark, "--input", hdfs + "/in/iris.parquet", "--loss", "crossEntropy", "--group-by",
          "model", "--output", hdfs + "/reports/ce.json");
      assertEquals(0, r.status(), r.err());
      FileSystem fs = new org.apache.hadoop.fs.Path(hdfs + "/").getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(hdfs + "/reports/ce.json"))) {
        assertEquals(r.json(), new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }

      JobRun table = JobRun.of(spark, "--input", hdfs + "/in/iris.parquet", "--loss", "crossEntropy",
          "--group-by", "model", "--output", hdfs + "/reports/groups.parquet");
      assertEquals(0, table.status(), table.err());
      assertEquals(2, spark.read().parquet(hdfs + "/reports/groups.parquet").count());

      // A file where a directory is needed is refused before any data is read.
      JobRun refused = JobRun.of(spark, "--input", hdfs + "/in/no-such.parquet", "--loss", "crossEntropy",
          "--output", hdfs + "/reports/ce.json/again.json");
      assertEquals(2, refused.status(), refused.err());
      assertTrue(refused.err().startsWith("lossdive: Cannot write --output " + hdfs + "/reports/ce.json/again.json: its parent "),
          refused.err());
    } finally {
      cluster.destroy();
      if (!cluster.waitFor(30, TimeUnit.SECONDS)) {
        cluster.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The minicluster's classpath, resolved once by Maven from {@code src/it/hdfs/pom.xml}. */
  private static String miniclusterClasspath() throws Exception {
    Path file = Path.of("target", "hdfs-minicluster.classpath").toAbsolutePath();
    if (!Files.exists(file)) {
      Process mvn = new ProcessBuilder("mvn", "-q", "-B", "-f", "src/it/hdfs/pom.xml", "dependency:build-classpath",
          "-Dmdep.outputFile=" + file).redirectErrorStream(true).redirectOutput(MVN_LOG.toFile()).start();
      assertTrue(mvn.waitFor(300, TimeUnit.SECONDS) && mvn.exitValue() == 0,
          "cannot resolve the minicluster's classpath: " + Files.readString(MVN_LOG));
    }
    return Files.readString(file).trim();
  }

  /** Where the Maven run's output goes. */
  private static final Path MVN_LOG = Path.of("target", "hdfs-minicluster-mvn.log").toAbsolutePath();
}
