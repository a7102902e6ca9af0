package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code --stream} mode's input: new files of a directory, or the JSON rows of a Kafka topic's
 * messages, as a streaming DataFrame of the rows' columns.
 */
final class StreamInput {
  private StreamInput() {}

  /**
   * The stream of rows.
   *
   * @param failOnBroken whether a Kafka message that is not a JSON row of the schema fails the
   *     query (else its fields that cannot be read are null, and the losses skip and count the row)
   * @param vectorColumns the columns the losses read, decoded from {@code [..]} strings in CSV
   * @throws InvalidArgumentException for a missing {@code --schema} or format
   * @throws InvalidInputException when the schema cannot be read or taken from the files
   */
  static Dataset<Row> read(SparkSession spark, JobOptions o, boolean failOnBroken, Set<String> vectorColumns) {
    JobOptions.Streaming s = o.stream();
    if (KafkaTopic.is(o.input())) {
      KafkaTopic topic = KafkaTopic.parse("--input", o.input());
      if (s.schema() == null) {
        throw new InvalidArgumentException("--input " + o.input() + " needs --schema: Kafka messages carry no schema.");
      }
      Dataset<Row> messages = spark.readStream().format("kafka").option("kafka.bootstrap.servers", topic.servers())
          .option("subscribe", topic.topic()).option("startingOffsets", "earliest").load();
      return messages.select(functions.from_json(functions.col("value").cast("string"), schema(s.schema()),
          Map.of("mode", failOnBroken ? "FAILFAST" : "PERMISSIVE")).as("row")).select("row.*");
    }
    String format = o.format() != null ? o.format().toLowerCase(Locale.ROOT) : Inputs.extension(o.input());
    if (!JobOptions.FORMATS.contains(format)) {
      throw new InvalidArgumentException("Cannot tell the format of " + o.input() + " from its name: add --format"
          + " parquet|csv|json|orc.");
    }
    StructType schema = s.schema() != null ? schema(s.schema()) : present(spark, o.input(), format);
    DataStreamReader reader = spark.readStream().format(format).schema(schema);
    if (format.equals("csv")) {
      reader = reader.option("header", "true");
    }
    Dataset<Row> df = reader.load(o.input());
    return format.equals("csv") ? Inputs.decodeJsonArrays(df, vectorColumns) : df;
  }

  private static StructType schema(String ddl) {
    try {
      return StructType.fromDDL(ddl);
    } catch (Exception e) {
      throw new InvalidArgumentException("--schema is not a schema (DDL such as \"ts TIMESTAMP, label DOUBLE\"): "
          + LossDiveJob.firstLine(String.valueOf(e.getMessage())));
    }
  }

  /** The schema of the files already in the directory. */
  private static StructType present(SparkSession spark, String input, String format) {
    try {
      return spark.read().format(format).option("header", "true").option("inferSchema", "true").load(input).schema();
    } catch (Exception e) {
      throw new InvalidInputException("Cannot take the stream's schema from the files in " + input + " (give"
          + " --schema): " + LossDiveJob.firstLine(String.valueOf(e.getMessage())));
    }
  }
}
