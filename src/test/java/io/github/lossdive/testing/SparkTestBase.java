package io.github.lossdive.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One local Spark session per test class: {@code local[2]}, no UI, few shuffle partitions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkTestBase {
  protected SparkSession spark;

  @BeforeAll
  void startSpark() {
    spark =
        SparkSession.builder()
            .master(master())
            .appName(getClass().getSimpleName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  void stopSpark() {
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  /** This class's session, for helpers outside the class. */
  public SparkSession spark() {
    return spark;
  }

  /** The master URL; a test class may override it (for task retries, say). */
  protected String master() {
    return "local[2]";
  }
}
