package io.github.lossdive.functions;

import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import java.io.Serializable;
import java.util.Map;

/**
 * One group's results from an {@link Evaluation}: what every report of a run is written from.
 *
 * @param key the group's key values by column, in {@code groupBy} order; empty without groups
 * @param rows the group's rows, counted before any loss skipped or ignored one
 * @param summaries each loss's summary, by the name it was added under, in that order
 * @param comparisons each compared loss's comparison with its baseline, by the same names
 */
public record GroupResult(Map<String, Object> key, long rows, Map<String, LossSummary> summaries,
    Map<String, LossComparison> comparisons) implements Serializable {

  public GroupResult {
    key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    summaries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summaries));
    comparisons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(comparisons));
  }
}
