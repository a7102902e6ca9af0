package io.github.lossdive.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.GroupResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's JSON document: {@code {"input", "rows", "confidence", "groups": [{"key", "rows",
 * "losses", "stdErrors", "confidenceIntervals", "reliability"?, "comparisons"?, "skipped"?,
 * "gated"?}], "gates"?}}; each gate entry {@code {"loss", "group", "kind", "limit", "value",
 * "passed", "rule", "standardError", "pValue", "adjustedPValue"}}. JSON has no infinity or NaN: such a number is written as the string
 * {@code "Infinity"} or {@code "NaN"}.
 */
final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(JobResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("input", result.input());
    root.put("rows", result.rows());
    root.put("confidence", result.confidence());
    ArrayNode list = root.putArray("groups");
    for (JobResult.Group group : result.groups()) {
      ObjectNode node = list.addObject();
      group(node, group.result(), result.confidence());
      if (!group.gated()) {
        node.put("gated", false);
      }
    }
    if (result.groups().stream().anyMatch(g -> !g.gates().isEmpty())) {
      ArrayNode array = root.putArray("gates");
      for (JobResult.Group group : result.groups()) {
        for (Gate.Check c : group.gates()) {
          ObjectNode o = array.addObject();
          o.put("loss", c.gate().loss());
          o.set("group", JSON.valueToTree(c.group()));
          o.put("kind", c.gate().kind().json);
          o.put("limit", c.gate().limit());
          number(o, "value", c.value());
          o.put("passed", c.passed());
          o.put("rule", c.rule().text());
          number(o, "standardError", c.standardError());
          number(o, "pValue", c.pValue());
          number(o, "adjustedPValue", c.adjustedPValue());
        }
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void group(ObjectNode node, GroupResult g, double confidence) {
    node.set("key", JSON.valueToTree(g.key()));
    node.put("rows", g.rows());
    ObjectNode losses = node.putObject("losses");
    ObjectNode errors = node.putObject("stdErrors");
    ObjectNode intervals = node.putObject("confidenceIntervals");
    Map<String, Long> skipped = new LinkedHashMap<>();
    g.summaries().forEach((name, s) -> {
      number(losses, name, s.loss());
      number(errors, name, s.standardError());
      ArrayNode ci = intervals.putArray(name);
      for (double v : s.confidenceInterval(confidence)) {
        if (Double.isFinite(v)) {
          ci.add(v);
        } else {
          ci.add(Double.toString(v));
        }
      }
      skipped.put(name, s.skipped());
    });
    if (g.summaries().values().stream().anyMatch(s -> !s.reliabilityDiagram().isEmpty())) {
      ObjectNode diagrams = node.putObject("reliability");
      g.summaries().forEach((name, s) -> {
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
        number(o, "baseline", c.baseline());
        number(o, "difference", c.difference());
        number(o, "stdError", c.standardError());
        number(o, "pValue", c.pValue());
      });
    }
    if (skipped.values().stream().anyMatch(n -> n > 0)) {
      node.set("skipped", JSON.valueToTree(skipped));
    }
  }

  private static void number(ObjectNode node, String name, double v) {
    if (Double.isFinite(v)) {
      node.put(name, v);
    } else {
      node.put(name, Double.toString(v));
    }
  }
}
