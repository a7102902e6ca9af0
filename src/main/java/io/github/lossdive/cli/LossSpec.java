package io.github.lossdive.cli;

import io.github.lossdive.evaluation.LossEvaluator;
import io.github.lossdive.evaluation.LossRegistry;
import io.github.lossdive.functions.Evaluation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import scala.NotImplementedError;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;

/**
 * One {@code --loss} option, {@code name[:param=value[,param=value...]]}, turned into an evaluator.
 * Params use the evaluator's own names; a value is decoded by the param itself (numbers, booleans,
 * arrays as {@code [1,2,3]}), so the job accepts exactly what the Java API accepts.
 */
record LossSpec(String text, String name, LossEvaluator<?> evaluator, String baselineCol) {
  /** The spec's own param that is not an evaluator's: a baseline model's prediction column. */
  static final String BASELINE_COL = "baselineCol";

  /**
   * Parses one spec, applying the job-wide column defaults first, so a spec's own
   * {@code labelCol=...} (and {@code baselineCol=...}) wins.
   *
   * @throws IllegalArgumentException naming the spec and what is wrong with it
   */
  static LossSpec parse(String text, String labelCol, String predictionCol, String weightCol, String baselineCol) {
    return parse(text, labelCol, predictionCol, weightCol, baselineCol, java.util.Map.of());
  }

  /**
   * As above, with job-wide defaults of other params by name ({@code intervalMethod},
   * {@code jackknifeGroups}, {@code idCol}): each applies where the loss accepts its value (the
   * calibration error, which has only the jackknife, keeps it under {@code --interval-method analytic}).
   */
  static LossSpec parse(String text, String labelCol, String predictionCol, String weightCol, String baselineCol,
      java.util.Map<String, String> defaults) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    LossEvaluator<?> e = LossRegistry.create(name);
    ParamMap map = new ParamMap();
    if (labelCol != null) {
      map.put(e.labelCol(), labelCol);
    }
    if (predictionCol != null) {
      map.put(e.predictionCol(), predictionCol);
    }
    if (weightCol != null) {
      map.put(e.weightCol(), weightCol);
    }
    for (java.util.Map.Entry<String, String> d : new java.util.TreeMap<>(defaults).entrySet()) {
      if (d.getValue() != null && e.hasParam(d.getKey())) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) e.getParam(d.getKey());
        Object decoded = decode(param, d.getValue());
        if (decoded != null && (Boolean) param.isValid().apply(decoded)) {
          map.put(param, decoded);
        }
      }
    }
    if (colon >= 0) {
      for (String assignment : splitTopLevel(text.substring(colon + 1))) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
          throw new io.github.lossdive.InvalidArgumentException(
              "--loss " + text + ": expected param=value but got '" + assignment + "'.");
        }
        String param = assignment.substring(0, eq).trim();
        String value = assignment.substring(eq + 1).trim();
        if (param.equals(BASELINE_COL)) {
          baselineCol = value;
        } else {
          put(map, e, text, param, value);
        }
      }
    }
    return new LossSpec(text, name, e.copy(map), baselineCol);
  }

  /** Each loss's name in the report: its short name, or the whole spec when the name repeats. */
  static List<String> names(List<LossSpec> losses) {
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (LossSpec l : losses) {
      if (!seen.add(l.name())) {
        repeated.add(l.name());
      }
    }
    return losses.stream().map(l -> repeated.contains(l.name()) ? l.text() : l.name()).toList();
  }

  /** The run's losses under their report names, each with its baseline, as the library evaluates them. */
  static Evaluation evaluation(List<LossSpec> losses) {
    List<String> names = names(losses);
    Evaluation e = Evaluation.create();
    for (int i = 0; i < losses.size(); i++) {
      e = e.loss(names.get(i), losses.get(i).evaluator(), losses.get(i).baselineCol());
    }
    return e;
  }

  @SuppressWarnings("unchecked")
  private static void put(ParamMap map, LossEvaluator<?> e, String text, String name, String value) {
    if (!e.hasParam(name)) {
      List<String> names = new ArrayList<>();
      for (Param<?> p : e.params()) {
        names.add(p.name());
      }
      throw new io.github.lossdive.InvalidArgumentException(
          "--loss " + text + ": " + e.lossName() + " has no param " + name + ". Its params: "
              + String.join(", ", names) + ", and " + BASELINE_COL + ".");
    }
    Param<Object> param = (Param<Object>) e.getParam(name);
    Object decoded = decode(param, value);
    if (decoded == null || !(Boolean) param.isValid().apply(decoded)) {
      throw new io.github.lossdive.InvalidArgumentException(
          "--loss " + text + ": " + value + " is not a valid value for " + name + " (" + param.doc()
              + ")");
    }
    map.put(param, decoded);
  }

  /**
   * The value as the param's own JSON decoder reads it: numbers, booleans and {@code [1,2]} as
   * written, a string param's value as a JSON string; a double param's as Java reads a double, so
   * that {@code margin=1} is 1.0. Null when it is neither.
   */
  private static Object decode(Param<Object> param, String value) {
    if (param instanceof DoubleParam) {
      // Spark's JSON decoding of a double param refuses a whole number such as margin=1.
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    for (String json : new String[] {value, quoted(value)}) {
      try {
        return param.jsonDecode(json);
      } catch (Exception | NotImplementedError e) {
        // json4s throws Jackson's checked JsonParseException undeclared; try the next reading
      }
    }
    return null;
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Splits on commas that are not inside brackets, so {@code classWeights=[1,2],eps=0.1} works. */
  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
