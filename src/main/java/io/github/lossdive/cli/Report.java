package io.github.lossdive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's result: per group, its key, row count and one value per requested loss; rendered as
 * SPEC.md's JSON document or as CSV with one row per group.
 */
final class Report {
  /** One group's results; {@code key} is empty without {@code --group-by}. */
  record Group(Map<String, Object> key, long rows, Map<String, Double> losses, Map<String, Long> skipped) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String input;
  private final List<String> keyColumns;
  private final List<String> lossNames;
  private final List<Group> groups = new ArrayList<>();

  Report(String input, List<String> keyColumns, List<String> lossNames) {
    this.input = input;
    this.keyColumns = keyColumns;
    this.lossNames = lossNames;
  }

  void add(Group g) {
    groups.add(g);
  }

  long rows() {
    return groups.stream().mapToLong(Group::rows).sum();
  }

  /** SPEC.md's document: {@code {"input", "rows", "groups": [{"key", "rows", "losses"}]}}. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("input", input);
    root.put("rows", rows());
    ArrayNode list = root.putArray("groups");
    for (Group g : groups) {
      ObjectNode node = list.addObject();
      node.set("key", JSON.valueToTree(g.key()));
      node.put("rows", g.rows());
      ObjectNode losses = node.putObject("losses");
      g.losses().forEach((name, v) -> putNumber(losses, name, v));
      if (g.skipped().values().stream().anyMatch(n -> n > 0)) {
        node.set("skipped", JSON.valueToTree(g.skipped()));
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A header, then one line per group: key columns, rows, one column per loss. */
  String toCsv() {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(keyColumns);
    header.add("rows");
    header.addAll(lossNames);
    sb.append(String.join(",", header.stream().map(Report::csvField).toList())).append('\n');
    for (Group g : groups) {
      List<String> cells = new ArrayList<>();
      for (String k : keyColumns) {
        cells.add(csvField(String.valueOf(g.key().get(k))));
      }
      cells.add(Long.toString(g.rows()));
      for (String l : lossNames) {
        cells.add(Double.toString(g.losses().get(l)));
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  static Map<String, Object> key(List<String> columns, List<Object> values) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      key.put(columns.get(i), values.get(i));
    }
    return key;
  }

  /** JSON has no infinity: a non-finite loss is written as the string "Infinity" or "NaN". */
  private static void putNumber(ObjectNode node, String name, double v) {
    if (Double.isFinite(v)) {
      node.put(name, v);
    } else {
      node.put(name, Double.toString(v));
    }
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
