package io.github.lossdive.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@code sample-data/}: predictions of real Spark models on two public tables.
 *
 * <p>For each of {@code raw/iris.csv} (3 classes) and {@code raw/breast_cancer.csv} (binary), a
 * {@code LogisticRegression} (regParam 0.01) and a {@code RandomForestClassifier} are fitted on a seeded 70% split
 * and score the other 30%. Each table has {@code id}, {@code model} ({@code logistic} |
 * {@code forest}), {@code label}, {@code prediction}, {@code probability}, {@code rawPrediction},
 * {@code logProbability} (log of the probability clipped at 1e-15, for NLL) and
 * {@code teacherProbability} (the forest's probability for the same row: KL of the student
 * logistic model from its forest teacher). Parquet keeps the vectors; the JSON and CSV copies of
 * the Iris table hold them as arrays (in CSV as {@code [..]} strings). {@code iris-comparison.parquet}
 * is the wide form for model comparison: one row per held-out Iris row, the logistic model's
 * {@code probability} beside the forest's {@code baselineProbability}.
 *
 * <p>Run as {@code spark-submit/make-sample-data [sample-data-dir]}.
 */
public final class MakeSampleData {
  private static final long SEED = 42L;

  private MakeSampleData() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "sample-data");
    SparkSession spark = SparkSession.builder().appName("LossDive sample data")
        .master(System.getProperty("spark.master", "local[2]"))
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Dataset<Row> iris = predictions(spark, dir.resolve("raw/iris.csv"));
      write(iris, dir.resolve("iris-predictions.parquet"), "parquet");
      Dataset<Row> arrays = iris.select(plainColumns(iris));
      write(arrays, dir.resolve("iris-predictions.json"), "json");
      Dataset<Row> strings = arrays;
      for (String c : new String[] {"probability", "rawPrediction", "logProbability", "teacherProbability"}) {
        strings = strings.withColumn(c, org.apache.spark.sql.functions.to_json(strings.col(c)));
      }
      write(strings, dir.resolve("iris-predictions.csv"), "csv");
      write(sideBySide(iris), dir.resolve("iris-comparison.parquet"), "parquet");
      write(predictions(spark, dir.resolve("raw/breast_cancer.csv")),
          dir.resolve("breast-cancer-predictions.parquet"), "parquet");
    } finally {
      spark.stop();
    }
  }

  /** Both models' held-out predictions, one table, sorted by model and id. */
  static Dataset<Row> predictions(SparkSession spark, Path csv) throws IOException {
    Dataset<Row>[] split = read(spark, csv).randomSplit(new double[] {0.7, 0.3}, SEED);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    Dataset<Row> logistic = scored(new LogisticRegression().setMaxIter(100).setRegParam(0.01).fit(train), test, "logistic");
    Dataset<Row> forest = scored(
        new RandomForestClassifier().setNumTrees(20).setSeed(SEED).fit(train), test, "forest");
    Dataset<Row> teacher = forest.select(forest.col("id"), forest.col("probability").as("teacherProbability"));
    return logistic.unionByName(forest).join(teacher, "id")
        .withColumn("logProbability", org.apache.spark.sql.functions.transform(
            functions.vector_to_array(org.apache.spark.sql.functions.col("probability"), "float64"),
            p -> org.apache.spark.sql.functions.log(org.apache.spark.sql.functions.greatest(p,
                org.apache.spark.sql.functions.lit(1e-15)))))
        .select("id", "model", "label", "prediction", "probability", "rawPrediction", "logProbability",
            "teacherProbability")
        .orderBy("model", "id")
        .coalesce(1);
  }

  /** The logistic model's rows with the forest's probability of the same row as a baseline. */
  static Dataset<Row> sideBySide(Dataset<Row> predictions) {
    return predictions.where("model = 'logistic'")
        .selectExpr("id", "label", "probability", "teacherProbability AS baselineProbability")
        .orderBy("id");
  }

  private static Dataset<Row> scored(Model<?> model, Dataset<Row> test, String name) {
    return model.transform(test).withColumn("model", org.apache.spark.sql.functions.lit(name));
  }

  /**
   * Reads a table in scikit-learn's CSV layout (a first line of counts and names, then features and
   * the label) as {@code id}, {@code label}, {@code features}.
   */
  public static Dataset<Row> read(SparkSession spark, Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      double[] x = new double[f.length - 1];
      for (int j = 0; j < x.length; j++) {
        x[j] = Double.parseDouble(f[j]);
      }
      rows.add(RowFactory.create((long) i, Double.parseDouble(f[f.length - 1]), Vectors.dense(x)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema);
  }

  private static Column[] plainColumns(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (String c : df.columns()) {
      boolean vector = df.schema().apply(c).dataType() instanceof org.apache.spark.ml.linalg.VectorUDT;
      cols.add(vector ? functions.vector_to_array(df.col(c), "float64").as(c) : df.col(c));
    }
    return cols.toArray(new Column[0]);
  }

  private static void write(Dataset<Row> df, Path path, String format) {
    df.coalesce(1).write().mode(SaveMode.Overwrite).format(format).option("header", "true")
        .save(path.toString());
  }
}
