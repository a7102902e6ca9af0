package io.github.lossdive.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker for the tests: Kafka 4 in KRaft mode (broker and controller in one process),
 * in a child JVM on 127.0.0.1, its storage formatted in a temporary directory. Its classpath is
 * its own ({@code src/test-kafka/broker/pom.xml}, resolved by Maven once into
 * {@code target/kafka-broker.classpath}): Kafka 4's server and clients, apart from the
 * kafka-clients that Spark's connector uses in the test JVM.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Path CLASSPATH = Path.of("target", "kafka-broker.classpath");
  private final Process process;
  private final Path dir;
  private final String bootstrap;

  private KafkaBroker(Process process, Path dir, String bootstrap) {
    this.process = process;
    this.dir = dir;
    this.bootstrap = bootstrap;
  }

  /** Formats a new broker's storage in a temporary directory, starts it, and waits until it answers. */
  public static KafkaBroker start() throws Exception {
    Path dir = Files.createTempDirectory("kafka-broker");
    int port = freePort();
    int controller = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("logs"),
        "num.partitions=2",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true") + "\n");
    String cp = classpath();
    ChildJvm.Result format = ChildJvm.run(java(cp, "kafka.tools.StorageTool", "format", "--cluster-id",
        "q1Sh-9_ISia_zwGINzRvyQ", "--config", config.toString(), "--ignore-formatted"), 120);
    if (format.status() != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + format.out() + format.err());
    }
    Process p = ChildJvm.start(java(cp, "kafka.Kafka", config.toString()), dir.resolve("broker.log"));
    KafkaBroker broker = new KafkaBroker(p, dir, "127.0.0.1:" + port);
    broker.awaitReady();
    return broker;
  }

  /** {@code HOST:PORT} of the broker. */
  public String bootstrap() {
    return bootstrap;
  }

  /** Creates topics of {@code partitions} partitions each. */
  public void createTopics(int partitions, String... names) throws Exception {
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (String n : names) {
        topics.add(new NewTopic(n, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** Sends each value to {@code topic} (no key), and waits until all are acknowledged. */
  public void produce(String topic, List<String> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, v));
      }
      producer.flush();
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The Kafka broker exited: " + Files.readString(dir.resolve("broker.log")));
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("The Kafka broker did not answer within 90 s: " + last + "\n"
        + Files.readString(dir.resolve("broker.log")));
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The broker's classpath, resolved by Maven from its own POM the first time. */
  private static synchronized String classpath() throws Exception {
    if (!Files.exists(CLASSPATH)) {
      Path out = CLASSPATH.toAbsolutePath();
      Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", "src/test-kafka/broker/pom.xml",
          "dependency:build-classpath", "-Dmdep.outputFile=" + out).inheritIO().start();
      if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
        throw new IllegalStateException("Cannot resolve the Kafka broker's classpath (src/test-kafka/broker/pom.xml).");
      }
    }
    return Files.readString(CLASSPATH).trim();
  }

  private static List<String> java(String classpath, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits for a condition, polling; on a timeout the message ends with the tail of {@code log}. */
  public static void await(Duration timeout, java.util.function.BooleanSupplier done, String what, Path log)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String text = Files.exists(log) ? Files.readString(log) : "(no log)";
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; log:\n"
            + text.substring(Math.max(0, text.length() - 6000)));
      }
      Thread.sleep(250);
    }
  }
}
