package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.InvalidInputException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Reads the job's input: its format, the reader's options, and CSV's vector columns. */
final class Inputs {
  private Inputs() {}

  /**
   * The input as a DataFrame, its schema read now so that an unreadable input fails before any work.
   *
   * @param vectorColumns the columns the losses read, decoded from {@code [..]} strings in CSV
   * @throws InvalidArgumentException when the format is unknown or cannot be told from the name
   * @throws InvalidInputException when the input cannot be read
   */
  static Dataset<Row> read(SparkSession spark, String input, String formatOption, Set<String> vectorColumns) {
    String format = formatOption != null ? formatOption.toLowerCase(Locale.ROOT) : extension(input);
    if (!JobOptions.FORMATS.contains(format)) {
      throw new InvalidArgumentException(
          "Cannot tell the format of " + input + " from its name: add --format parquet|csv|json|orc.");
    }
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    Dataset<Row> df;
    try {
      df = reader.load(input);
      df.schema();
    } catch (Exception e) {
      throw new InvalidInputException(
          "Cannot read " + input + " as " + format + ": " + LossDiveJob.firstLine(String.valueOf(e.getMessage())));
    }
    return format.equals("csv") ? decodeJsonArrays(df, vectorColumns) : df;
  }

  /**
   * CSV has no array type: a label or prediction column of strings such as {@code [0.1,0.9]} is
   * read as {@code array<double>}. A string that is not such an array becomes null, an invalid row.
   */
  static Dataset<Row> decodeJsonArrays(Dataset<Row> df, Set<String> used) {
    for (StructField f : df.schema().fields()) {
      if (used.contains(f.name()) && f.dataType() == DataTypes.StringType) {
        df = df.withColumn(f.name(), functions.from_json(functions.col(f.name()),
            DataTypes.createArrayType(DataTypes.DoubleType), Map.of()));
      }
    }
    return df;
  }

  /** The columns the losses read that may hold vectors: label, prediction, any second input, and baseline. */
  static Set<String> vectorColumns(List<LossSpec> losses) {
    Set<String> used = new HashSet<>();
    for (LossSpec l : losses) {
      used.addAll(l.evaluator().inputCols());
      if (l.evaluator().hasWeightCol()) {
        used.remove(l.evaluator().getWeightCol()); // a number, never an array
      }
      if (l.baselineCol() != null) {
        used.add(l.baselineCol());
      }
    }
    return used;
  }

  static String extension(String path) {
    String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
