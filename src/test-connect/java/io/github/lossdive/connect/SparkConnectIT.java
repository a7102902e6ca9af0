package io.github.lossdive.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.testing.ChildJvm;
import io.github.lossdive.testing.GoldenCase;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.connect.common.LiteralValueProtoConverter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluators through a real Spark Connect server: the server ({@code SparkConnectServer} through
 * {@code SparkSubmit}) runs in a child JVM on 127.0.0.1 with the LossDive jar on its classpath; the
 * test JVM is a Connect client. For every registered loss, an {@code MlCommand.Evaluate} names the
 * evaluator by class, sends its golden case's params (arrays such as {@code classWeights} included)
 * as literals, and evaluates a relation the client built; the answer must equal the golden value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkConnectIT {
  static final double TOLERANCE = 1e-9;

  private Process server;
  private Path log;
  private SparkSession client;

  @BeforeAll
  void startServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String jars = Stream.concat(
            Stream.of(ChildJvm.jar().toString()),
            Files.list(Path.of(System.getProperty("lossdive.connectServer"))).map(Path::toString).sorted())
        .collect(Collectors.joining(File.pathSeparator));
    log = Files.createTempFile("connect-server", ".log");
    server = ChildJvm.start(ChildJvm.withClasspath(jars, "1500m", true, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.connect.grpc.binding.port=" + port,
        "--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "spark-internal"), log);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!listening(port)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("Spark Connect server did not start:\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
    client = SparkSession.builder().remote("sc://127.0.0.1:" + port).create();
  }

  @AfterAll
  void stopServer() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Per loss, its golden case with an array param if any, else the one with the most params. */
  static Stream<GoldenCase> cases() {
    return LossRegistry.names().stream().map(n -> GoldenCase.load(n).stream()
        .max(Comparator.comparingInt((GoldenCase c) -> hasArrayParam(c) ? 1000 : 0)
            .thenComparingInt(c -> c.params().size()))
        .orElseThrow());
  }

  private static boolean hasArrayParam(GoldenCase c) {
    for (Iterator<JsonNode> it = c.params().elements(); it.hasNext(); ) {
      if (it.next().isArray()) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluateThroughConnectGivesTheGoldenValue(GoldenCase c) {
    LossEvaluator<?> e = c.evaluator();
    Dataset<org.apache.spark.sql.Row> relation = relation(c, e);
    Map<String, Expression.Literal> params = new LinkedHashMap<>();
    for (Param<?> p : e.params()) {
      if (e.isSet(p)) {
        params.put(p.name(), literal(e.getOrDefault(p)));
      }
    }
    double got = evaluate(e.getClass().getName(), params, relation);
    double want = c.expected();
    assertEquals(want, got, TOLERANCE * Math.abs(want) + 1e-300, c.name() + " with " + params.keySet());
  }

  @Test
  void anUnknownClassIsSparksUnsupportedException() {
    Dataset<org.apache.spark.sql.Row> relation = (Dataset<org.apache.spark.sql.Row>) client.sql("SELECT 1.0D AS label");
    Exception e = assertThrows(Exception.class,
        () -> evaluate("io.github.lossdive.evaluation.NoSuchEvaluator", Map.of(), relation));
    assertTrue(String.valueOf(e.getMessage()).contains("CONNECT_ML.UNSUPPORTED_EXCEPTION"), e.getMessage());
  }

  /** Sends {@code MlCommand.Evaluate} and reads the double the server answers. */
  private double evaluate(String className, Map<String, Expression.Literal> params,
      Dataset<org.apache.spark.sql.Row> relation) {
    MlCommand.Evaluate evaluate = MlCommand.Evaluate.newBuilder()
        .setEvaluator(MlOperator.newBuilder().setName(className).setUid("lossdive_connect_it")
            .setType(MlOperator.OperatorType.OPERATOR_TYPE_EVALUATOR))
        .setParams(MlParams.newBuilder().putAllParams(params))
        .setDataset(relation.plan().getRoot())
        .build();
    Command command = Command.newBuilder().setMlCommand(MlCommand.newBuilder().setEvaluate(evaluate)).build();
    scala.collection.Iterator<ExecutePlanResponse> responses = client.execute(command).iterator();
    while (responses.hasNext()) {
      ExecutePlanResponse r = responses.next();
      if (r.hasMlCommandResult()) {
        return r.getMlCommandResult().getParam().getDouble();
      }
    }
    throw new AssertionError("no ml_command_result in the answer");
  }

  /**
   * The golden rows as a relation the client builds: SQL VALUES, vectors as arrays of doubles, with
   * the loss's second input column where it has one.
   */
  private Dataset<org.apache.spark.sql.Row> relation(GoldenCase c, LossEvaluator<?> e) {
    List<String> rows = new ArrayList<>();
    for (JsonNode r : c.rows()) {
      List<String> values = new ArrayList<>(List.of(sql(r.get("label")), sql(r.get("prediction"))));
      if (c.secondParam() != null) {
        values.add(sql(r.get("second")));
      }
      if (c.weighted()) {
        values.add(sql(r.get("weight")));
      }
      rows.add("(" + String.join(", ", values) + ")");
    }
    String columns = "`" + e.getLabelCol() + "`, `" + e.getPredictionCol() + "`"
        + (c.secondParam() != null ? ", `" + c.secondCol(e) + "`" : "") + (c.weighted() ? ", weight" : "");
    return (Dataset<org.apache.spark.sql.Row>) client.sql(
        "SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(" + columns + ")");
  }

  private static String sql(JsonNode v) {
    if (!v.isArray()) {
      return Double.toString(v.asDouble()) + "D";
    }
    List<String> items = new ArrayList<>();
    for (JsonNode x : v) {
      items.add(Double.toString(x.asDouble()) + "D");
    }
    return "array(" + String.join(", ", items) + ")";
  }

  /** A param value as a Connect literal, typed as its Java value. */
  private static Expression.Literal literal(Object value) {
    DataType type = value instanceof double[] ? new ArrayType(DataTypes.DoubleType, false)
        : value instanceof Double ? DataTypes.DoubleType
        : value instanceof Integer ? DataTypes.IntegerType
        : value instanceof Boolean ? DataTypes.BooleanType
        : DataTypes.StringType;
    return LiteralValueProtoConverter.toLiteralProto(value, type);
  }
}
