package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.GroupResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one layout of a group as a flat row, for the CSV report and every table format alike: the
 * group keys, {@code rows}, then per loss {@code <loss>}, {@code <loss>_stdError},
 * {@code <loss>_ciLow}, {@code <loss>_ciHigh}, and with a baseline {@code <loss>_baseline},
 * {@code <loss>_difference}, {@code <loss>_differenceStdError}, {@code <loss>_pValue}. A loss's
 * column is its report name with every character other than a letter, digit or {@code _}
 * replaced by {@code _}, which every table format accepts.
 */
final class GroupColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One loss column: its suffix and how it reads a loss's summary and comparison. */
  private record Field(String suffix, boolean compared, SerializableReader read) implements Serializable {}

  /** Reads one number of a loss from its summary and comparison, at the run's confidence. */
  private interface SerializableReader extends Serializable {
    double read(LossSummary s, LossComparison c, double confidence);
  }

  private static final List<Field> FIELDS = List.of(
      new Field("", false, (s, c, level) -> s.loss()),
      new Field("_stdError", false, (s, c, level) -> s.standardError()),
      new Field("_ciLow", false, (s, c, level) -> s.confidenceInterval(level)[0]),
      new Field("_ciHigh", false, (s, c, level) -> s.confidenceInterval(level)[1]),
      new Field("_baseline", true, (s, c, level) -> c.baseline()),
      new Field("_difference", true, (s, c, level) -> c.difference()),
      new Field("_differenceStdError", true, (s, c, level) -> c.standardError()),
      new Field("_pValue", true, (s, c, level) -> c.pValue()));

  private final List<String> keys;
  private final List<String> losses;
  private final List<String> compared;
  private final double confidence;

  GroupColumns(List<String> keys, List<String> losses, List<String> compared, double confidence) {
    this.keys = List.copyOf(keys);
    this.losses = List.copyOf(losses);
    this.compared = List.copyOf(compared);
    this.confidence = confidence;
  }

  static GroupColumns of(JobResult r) {
    return new GroupColumns(r.keys(), r.losses(), r.compared(), r.confidence());
  }

  /** The column of a loss's report name. */
  static String columnName(String reportName) {
    return reportName.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The column names, in order. */
  List<String> header() {
    List<String> h = new ArrayList<>(keys);
    h.add("rows");
    each((loss, f) -> h.add(columnName(loss) + f.suffix()));
    return h;
  }

  /** The Spark schema of a row, the keys typed as in {@code input}. */
  StructType schema(StructType input) {
    List<StructField> fields = new ArrayList<>();
    for (String k : keys) {
      StructField f = input.apply(k);
      fields.add(DataTypes.createStructField(k, f.dataType(), true));
    }
    fields.add(DataTypes.createStructField("rows", DataTypes.LongType, false));
    each((loss, f) -> fields.add(DataTypes.createStructField(columnName(loss) + f.suffix(), DataTypes.DoubleType, true)));
    return DataTypes.createStructType(fields);
  }

  /** A group's values, in {@link #header()} order: key values as they are, {@code rows}, then doubles. */
  List<Object> values(GroupResult g) {
    List<Object> v = new ArrayList<>();
    for (String k : keys) {
      v.add(g.key().get(k));
    }
    v.add(g.rows());
    each((loss, f) -> v.add(f.read().read(g.summaries().get(loss), g.comparisons().get(loss), confidence)));
    return v;
  }

  /** The table column a gate reads. */
  static String gateColumn(Gate g) {
    return columnName(g.loss()) + (g.kind() == Gate.Kind.MAX ? "" : "_difference");
  }

  private void each(BiFunctionVoid visit) {
    for (String loss : losses) {
      for (Field f : FIELDS) {
        if (!f.compared() || compared.contains(loss)) {
          visit.accept(loss, f);
        }
      }
    }
  }

  private interface BiFunctionVoid {
    void accept(String loss, Field f);
  }
}
