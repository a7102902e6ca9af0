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
 * replaced by {@code _}, which every table format accepts. With gates, the layout ends with
 * {@code gateRule}, then per gate {@code gate_<kind>_<loss>_passed} and
 * {@code gate_<kind>_<loss>_adjustedPValue} (null in a group too small to be gated; a repeated
 * gate's columns get {@code _2}, {@code _3}, ...).
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
  private final Gates gates;

  GroupColumns(List<String> keys, List<String> losses, List<String> compared, double confidence, Gates gates) {
    this.keys = List.copyOf(keys);
    this.losses = List.copyOf(losses);
    this.compared = List.copyOf(compared);
    this.confidence = confidence;
    this.gates = gates;
  }

  static GroupColumns of(JobResult r) {
    return new GroupColumns(r.keys(), r.losses(), r.compared(), r.confidence(), r.gates());
  }

  /** Each gate's column prefix, {@code gate_<kind>_<loss>}, made unique. */
  private List<String> gatePrefixes() {
    List<String> out = new ArrayList<>();
    for (Gate g : gates.gates()) {
      String base = "gate_" + g.kind().json + "_" + columnName(g.loss());
      String name = base;
      for (int n = 2; out.contains(name); n++) {
        name = base + "_" + n;
      }
      out.add(name);
    }
    return out;
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
    if (!gates.gates().isEmpty()) {
      h.add("gateRule");
      for (String g : gatePrefixes()) {
        h.add(g + "_passed");
        h.add(g + "_adjustedPValue");
      }
    }
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
    if (!gates.gates().isEmpty()) {
      fields.add(DataTypes.createStructField("gateRule", DataTypes.StringType, false));
      for (String g : gatePrefixes()) {
        fields.add(DataTypes.createStructField(g + "_passed", DataTypes.BooleanType, true));
        fields.add(DataTypes.createStructField(g + "_adjustedPValue", DataTypes.DoubleType, true));
      }
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * A group's values, in {@link #header()} order: key values as they are, {@code rows}, the
   * losses' doubles, then the gates' outcomes.
   */
  List<Object> values(JobResult.Group group) {
    GroupResult g = group.result();
    List<Object> v = new ArrayList<>();
    for (String k : keys) {
      v.add(g.key().get(k));
    }
    v.add(g.rows());
    each((loss, f) -> v.add(f.read().read(g.summaries().get(loss), g.comparisons().get(loss), confidence)));
    if (!gates.gates().isEmpty()) {
      v.add(gates.rule().text());
      for (int i = 0; i < gates.gates().size(); i++) {
        Gate.Check c = group.gated() ? group.gates().get(i) : null;
        v.add(c == null ? null : c.passed());
        v.add(c == null ? null : c.adjustedPValue());
      }
    }
    return v;
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
