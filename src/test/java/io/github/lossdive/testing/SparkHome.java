package io.github.lossdive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code SPARK_HOME} made from Maven's jars, as a real cluster needs no binary distribution:
 * {@code jars/} links every jar of the runtime classpath, and {@code bin/spark-submit} runs
 * {@code org.apache.spark.deploy.SparkSubmit} on them with Java 17's opens.
 */
public final class SparkHome {
  private SparkHome() {}

  /** Builds a SPARK_HOME in a new temporary directory. */
  public static Path create() throws IOException {
    Path home = Files.createTempDirectory("lossdive-spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : Files.readString(Path.of(System.getProperty("lossdive.classpath"))).trim().split(":")) {
      Path p = Path.of(jar);
      Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
    }
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, "#!/usr/bin/env bash\n"
        + "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" "
        + System.getProperty("lossdive.javaOpens").trim()
        + " -Dlog4j2.configurationFile=" + Path.of("spark-submit/log4j2.properties").toAbsolutePath()
        + " -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
