package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's result: per group, its key, row count, and per requested loss its value, standard error,
 * confidence interval and (with a baseline) paired comparison; then the gates' outcomes. Rendered as
 * SPEC.md's JSON document or as CSV with one row per group.
 */
final class Report {
  /**
   * One group's results; {@code key} is empty without {@code --group-by}. {@code comparisons} holds
   * the losses that have a baseline.
   */
  record Group(Map<String, Object> key, long rows, Map<String, LossSummary> losses,
      Map<String, LossComparison> comparisons) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String input;
  private final List<String> keyColumns;
  private final List<String> lossNames;
  private final double confidence;
  private final List<Group> groups = new ArrayList<>();
  private final List<Gate.Result> gates = new ArrayList<>();

  Report(String input, List<String> keyColumns, List<String> lossNames, double confidence) {
    this.input = input;
    this.keyColumns = keyColumns;
    this.lossNames = lossNames;
    this.confidence = confidence;
  }

  void add(Group g) {
    groups.add(g);
  }

  /** Checks every gate in every group and records the outcomes; returns the failures. */
  List<Gate.Result> check(List<Gate> list) {
    List<Gate.Result> failed = new ArrayList<>();
    for (Group g : groups) {
      for (Gate gate : list) {
        double value = Gate.MAX.equals(gate.kind())
            ? g.losses().get(gate.loss()).loss()
            : g.comparisons().get(gate.loss()).difference();
        Gate.Result r = gate.check(g.key(), value);
        gates.add(r);
        if (!r.passed()) {
          failed.add(r);
        }
      }
    }
    return failed;
  }

  List<Group> groups() {
    return groups;
  }

  /** The gates' outcomes, after {@link #check}. */
  List<Gate.Result> gateResults() {
    return gates;
  }

  long rows() {
    return groups.stream().mapToLong(Group::rows).sum();
  }

  /**
   * SPEC.md's document: {@code {"input", "rows", "groups": [{"key", "rows", "losses",
   * "stdErrors", "confidenceIntervals", "comparisons"?, "skipped"?}], "gates"?}}.
   */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("input", input);
    root.put("rows", rows());
    root.put("confidence", confidence);
    ArrayNode list = root.putArray("groups");
    for (Group g : groups) {
      ObjectNode node = list.addObject();
      node.set("key", JSON.valueToTree(g.key()));
      node.put("rows", g.rows());
      ObjectNode losses = node.putObject("losses");
      ObjectNode errors = node.putObject("stdErrors");
      ObjectNode intervals = node.putObject("confidenceIntervals");
      Map<String, Long> skipped = new LinkedHashMap<>();
      g.losses().forEach((name, s) -> {
        putNumber(losses, name, s.loss());
        putNumber(errors, name, s.standardError());
        ArrayNode ci = intervals.putArray(name);
        for (double v : s.confidenceInterval(confidence)) {
          addNumber(ci, v);
        }
        skipped.put(name, s.skipped());
      });
      if (g.losses().values().stream().anyMatch(s -> !s.reliabilityDiagram().isEmpty())) {
        ObjectNode diagrams = node.putObject("reliability");
        g.losses().forEach((name, s) -> {
          if (!s.reliabilityDiagram().isEmpty()) {
            ArrayNode bins = diagrams.putArray(name);
            for (LossSummary.Bin b : s.reliabilityDiagram()) {
              ObjectNode o = bins.addObject();
              o.put("weight", b.weight());
              o.put("confidence", b.confidence());
              o.put("accuracy", b.accuracy());
            }
          }
        });
      }
      if (!g.comparisons().isEmpty()) {
        ObjectNode comparisons = node.putObject("comparisons");
        g.comparisons().forEach((name, c) -> {
          ObjectNode o = comparisons.putObject(name);
          putNumber(o, "baseline", c.baseline());
          putNumber(o, "difference", c.difference());
          putNumber(o, "stdError", c.standardError());
          putNumber(o, "pValue", c.pValue());
        });
      }
      if (skipped.values().stream().anyMatch(n -> n > 0)) {
        node.set("skipped", JSON.valueToTree(skipped));
      }
    }
    if (!gates.isEmpty()) {
      ArrayNode array = root.putArray("gates");
      for (Gate.Result r : gates) {
        ObjectNode o = array.addObject();
        o.put("loss", r.gate().loss());
        o.set("group", JSON.valueToTree(r.group()));
        o.put("kind", r.gate().kind());
        o.put("limit", r.gate().limit());
        putNumber(o, "value", r.value());
        o.put("passed", r.passed());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A header, then one line per group: key columns, rows, and per loss its value and standard error
   * (and, with a baseline, the difference and its p-value). RFC 4180, through univocity's writer
   * (Spark's own CSV engine): a field with a comma, quote or line break is quoted; a null key is an
   * empty field, an empty string {@code ""}, the text {@code null} stays {@code null}.
   */
  String toCsv() {
    List<String> header = new ArrayList<>(keyColumns);
    header.add("rows");
    for (String l : lossNames) {
      header.add(l);
      header.add(l + "_stdError");
      if (!groups.isEmpty() && groups.get(0).comparisons().containsKey(l)) {
        header.add(l + "_difference");
        header.add(l + "_pValue");
      }
    }
    StringWriter text = new StringWriter();
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator("\n");
    settings.setNullValue(null);
    settings.setEmptyValue("\"\"");
    settings.setQuoteEscapingEnabled(true);
    CsvWriter csv = new CsvWriter(text, settings);
    csv.writeRow(header.toArray());
    for (Group g : groups) {
      List<Object> cells = new ArrayList<>();
      for (String k : keyColumns) {
        Object v = g.key().get(k);
        cells.add(v == null ? null : String.valueOf(v));
      }
      cells.add(Long.toString(g.rows()));
      for (String l : lossNames) {
        cells.add(Double.toString(g.losses().get(l).loss()));
        cells.add(Double.toString(g.losses().get(l).standardError()));
        LossComparison c = g.comparisons().get(l);
        if (c != null) {
          cells.add(Double.toString(c.difference()));
          cells.add(Double.toString(c.pValue()));
        }
      }
      csv.writeRow(cells.toArray());
    }
    csv.close();
    return text.toString();
  }

  static Map<String, Object> key(List<String> columns, List<Object> values) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      key.put(columns.get(i), values.get(i));
    }
    return key;
  }

  /** JSON has no infinity: a non-finite number is written as the string "Infinity" or "NaN". */
  private static void putNumber(ObjectNode node, String name, double v) {
    if (Double.isFinite(v)) {
      node.put(name, v);
    } else {
      node.put(name, Double.toString(v));
    }
  }

  private static void addNumber(ArrayNode node, double v) {
    if (Double.isFinite(v)) {
      node.add(v);
    } else {
      node.add(Double.toString(v));
    }
  }

}
