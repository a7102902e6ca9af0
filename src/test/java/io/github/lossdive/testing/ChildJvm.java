package io.github.lossdive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class in a child JVM on the project's runtime classpath (Spark included) with
 * Java 17's opens, as the integration tests need: the real {@code SparkSubmit}, a standalone
 * master or worker. Paths come from failsafe's system properties.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** The built library jar. */
  public static Path jar() {
    return Path.of(System.getProperty("lossdive.jar"));
  }

  /** The built developer tools' jar (benchmarks, sample-data generator). */
  public static Path toolsJar() {
    return Path.of(System.getProperty("lossdive.toolsJar"));
  }

  /**
   * A command line {@code java <opens> -cp <runtime classpath> main args...}, with the launchers'
   * quiet (WARN) logging.
   */
  public static List<String> command(String main, String... args) throws IOException {
    return command(true, main, args);
  }

  /** As {@link #command(String, String...)}; {@code quiet=false} keeps Spark's INFO logs. */
  public static List<String> command(boolean quiet, String main, String... args) throws IOException {
    return withHeap("1g", quiet, main, args);
  }

  /** As {@link #command(boolean, String, String...)} with a heap of {@code heap} ({@code -Xmx}). */
  public static List<String> withHeap(String heap, boolean quiet, String main, String... args) throws IOException {
    return withClasspath("", heap, quiet, main, args);
  }

  /**
   * As {@link #withHeap} with {@code extra} classpath entries (separated by {@code :}) before the
   * runtime classpath.
   */
  public static List<String> withClasspath(String extra, String heap, boolean quiet, String main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(Arrays.asList(System.getProperty("lossdive.javaOpens").trim().split("\\s+")));
    if (quiet) {
      cmd.add("-Dlog4j2.configurationFile=" + Path.of("spark-submit/log4j2.properties").toAbsolutePath());
    }
    cmd.add("-cp");
    String runtime = Files.readString(Path.of(System.getProperty("lossdive.classpath"))).trim();
    cmd.add(extra.isEmpty() ? runtime : extra + java.io.File.pathSeparator + runtime);
    cmd.add(main);
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /** Starts a child that runs on (a server), its stdout and stderr going to {@code log}. */
  public static Process start(List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** The result of a finished child. */
  public record Result(int status, String out, String err) {}

  /** Runs to completion within {@code seconds}, or kills the child and fails. */
  public static Result run(List<String> command, long seconds) throws Exception {
    Path out = Files.createTempFile("child", ".out");
    Path err = Files.createTempFile("child", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError("child JVM did not finish in " + seconds + " s: " + command.get(command.size() - 1)
            + "\n" + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }
}
