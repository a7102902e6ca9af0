package io.github.lossdive.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: one {@code Master} and {@code workers}
 * {@code Worker}s, each a child JVM on the project's runtime classpath, with a {@link SparkHome}
 * whose {@code jars/} links Spark's Maven jars (no binary distribution needed). Closing it stops
 * every process, also when a test failed.
 */
public final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final int port;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  public StandaloneCluster(int workerCount) throws Exception {
    home = SparkHome.create();
    // A lost worker is noticed after 10 s rather than Spark's default 60 s.
    Files.writeString(home.resolve("spark-defaults.conf"), "spark.worker.timeout 10\n");
    port = freePort();
    master = start("master", "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()),
        "--properties-file", home.resolve("spark-defaults.conf").toString());
    try {
      awaitLog(logs.get(0), "Starting Spark master at", 60);
      for (int i = 0; i < workerCount; i++) {
        startWorker(i);
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** The master URL, {@code spark://127.0.0.1:PORT}. */
  public String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** The SPARK_HOME whose jars/ the executors run on. */
  public Path home() {
    return home;
  }

  /** Kills worker {@code i} and its executors at once, as a machine failure would. */
  public void killWorker(int i) {
    Process w = workers.get(i);
    w.descendants().forEach(ProcessHandle::destroyForcibly);
    w.destroyForcibly();
  }

  /** Waits until an executor on worker {@code i} logs that it runs a task. */
  public void awaitRunningTask(int i, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Path work = home.resolve("work-" + i);
    while (System.nanoTime() < deadline) {
      try (var files = Files.walk(work)) {
        boolean running = files.filter(f -> f.getFileName().toString().equals("stderr")).anyMatch(f -> {
          try {
            return Files.readString(f).contains("Running task");
          } catch (IOException e) {
            return false;
          }
        });
        if (running) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no task ran on worker " + i + " within " + seconds + " s\n" + logs());
  }

  private void startWorker(int i) throws Exception {
    Path work = Files.createDirectories(home.resolve("work-" + i));
    Process w = start("worker-" + i, "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
        "--work-dir", work.toString(), url());
    workers.add(w);
    awaitLog(logs.get(logs.size() - 1), "Successfully registered with master", 60);
  }

  private Process start(String name, String main, String... args) throws Exception {
    Path log = home.resolve(name + ".log");
    logs.add(log);
    ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(false, main, args))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static void awaitLog(Path log, String line, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + line + "' in " + log + " after " + seconds + " s:\n"
        + (Files.exists(log) ? Files.readString(log) : ""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The logs of every process, for a failing test's message. */
  public String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path l : logs) {
      if (Files.exists(l)) {
        String text = Files.readString(l);
        sb.append("== ").append(l.getFileName()).append('\n')
            .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws Exception {
    for (Process w : workers) {
      w.destroy();
    }
    master.destroy();
    for (Process p : workers) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (!master.waitFor(10, TimeUnit.SECONDS)) {
      master.destroyForcibly();
    }
  }
}
