package io.github.lossdive.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One golden case written by {@code src/test/python/make_goldens.py} (or a loss's own generator):
 * an evaluator's params, the rows, and the value an independent reference (torch, scikit-learn,
 * Spark) gives for them.
 *
 * @param secondParam for a loss with a second input, the param naming its column
 *     ({@code secondPredictionCol}, {@code varianceCol}), whose value the rows hold as {@code second};
 *     null otherwise
 * @param secondStorage how that column is stored, as {@code predictionStorage}
 */
public record GoldenCase(
    String loss,
    String name,
    JsonNode params,
    String labelType,
    String predictionStorage,
    boolean weighted,
    JsonNode rows,
    double expected,
    String reference,
    String secondParam,
    String secondStorage) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A case of a loss of label and prediction alone. */
  public GoldenCase(String loss, String name, JsonNode params, String labelType, String predictionStorage,
      boolean weighted, JsonNode rows, double expected, String reference) {
    this(loss, name, params, labelType, predictionStorage, weighted, rows, expected, reference, null, null);
  }

  @Override
  public String toString() {
    return name;
  }

  /** All cases of one loss's golden file. */
  public static List<GoldenCase> load(String loss) {
    try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/" + loss + ".json")) {
      JsonNode root = JSON.readTree(in);
      List<GoldenCase> out = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        out.add(
            new GoldenCase(
                loss,
                c.get("name").asText(),
                c.get("params"),
                c.get("labelType").asText(),
                c.get("predictionStorage").asText(),
                c.get("weighted").asBoolean(),
                c.get("rows"),
                c.get("expected").asDouble(),
                c.get("reference").asText(),
                c.has("second") ? c.get("second").get("param").asText() : null,
                c.has("second") ? c.get("second").get("storage").asText() : null));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The evaluator with the case's params, each decoded by its own Spark {@code Param}. */
  public LossEvaluator<?> evaluator() {
    LossEvaluator<?> e = LossRegistry.create(loss);
    ParamMap map = new ParamMap();
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) e.getParam(p.getKey());
      map.put(param, param.jsonDecode(p.getValue().toString()));
    }
    if (weighted) {
      e.setWeightCol("weight");
    }
    return e.copy(map);
  }

  /** The column of the second input under {@code e}'s params, or null when the loss has none. */
  public String secondCol(LossEvaluator<?> e) {
    return secondParam == null ? null : (String) e.getOrDefault(e.getParam(secondParam));
  }

  /**
   * The rows as a DataFrame with columns label, prediction (the evaluator's names), the second
   * input where the loss has one, weight, and baseline where the rows hold a baseline model's
   * prediction.
   */
  public Dataset<Row> dataset(SparkSession spark, LossEvaluator<?> e) {
    StructType schema =
        new StructType()
            .add(e.getLabelCol(), type(labelType))
            .add(e.getPredictionCol(), type(predictionStorage));
    if (secondParam != null) {
      schema = schema.add(secondCol(e), type(secondStorage));
    }
    if (weighted) {
      schema = schema.add("weight", DataTypes.DoubleType);
    }
    boolean paired = rows.get(0).has("baseline");
    if (paired) {
      schema = schema.add("baseline", type(predictionStorage));
    }
    List<Row> data = new ArrayList<>();
    for (JsonNode r : rows) {
      List<Object> values = new ArrayList<>(List.of(value(r.get("label"), labelType),
          value(r.get("prediction"), predictionStorage)));
      if (secondParam != null) {
        values.add(value(r.get("second"), secondStorage));
      }
      if (weighted) {
        values.add(r.get("weight").asDouble());
      }
      if (paired) {
        values.add(value(r.get("baseline"), predictionStorage));
      }
      data.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(data, schema);
  }

  private static DataType type(String kind) {
    return switch (kind) {
      case "double", "scalar" -> DataTypes.DoubleType;
      case "float" -> DataTypes.FloatType;
      case "int" -> DataTypes.IntegerType;
      case "long" -> DataTypes.LongType;
      case "short" -> DataTypes.ShortType;
      case "byte" -> DataTypes.ByteType;
      case "decimal" -> DataTypes.createDecimalType(10, 0);
      case "vector", "sparse" -> SQLDataTypes.VectorType();
      case "array_double" -> DataTypes.createArrayType(DataTypes.DoubleType, false);
      case "array_float" -> DataTypes.createArrayType(DataTypes.FloatType, false);
      default -> throw new IllegalArgumentException("unknown storage " + kind);
    };
  }

  private static Object value(JsonNode v, String kind) {
    switch (kind) {
      case "double", "scalar":
        return v.asDouble();
      case "float":
        return (float) v.asDouble();
      case "int":
        return (int) v.asDouble();
      case "long":
        return (long) v.asDouble();
      case "short":
        return (short) v.asDouble();
      case "byte":
        return (byte) v.asDouble();
      case "decimal":
        return BigDecimal.valueOf((long) v.asDouble());
      default:
        break;
    }
    double[] a = new double[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i).asDouble();
    }
    return switch (kind) {
      case "vector" -> Vectors.dense(a);
      case "sparse" -> Vectors.dense(a).toSparse();
      case "array_double" -> toList(a, false);
      case "array_float" -> toList(a, true);
      default -> throw new IllegalArgumentException("unknown storage " + kind);
    };
  }

  private static List<Object> toList(double[] a, boolean asFloat) {
    List<Object> out = new ArrayList<>();
    for (double x : a) {
      out.add(asFloat ? (Object) (float) x : (Object) x);
    }
    return out;
  }
}
