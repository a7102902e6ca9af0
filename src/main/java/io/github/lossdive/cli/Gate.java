package io.github.lossdive.cli;

import java.util.Map;

/**
 * A validation gate of the batch job, checked in every group: {@code --max LOSS=VALUE} (the loss
 * must not be above VALUE) or {@code --max-increase LOSS=VALUE} (candidate − baseline must not be
 * above VALUE). A failed gate makes the job exit with status 3, so that a pipeline stops.
 *
 * @param kind {@link #MAX} or {@link #MAX_INCREASE}
 * @param loss the loss's name in the report
 * @param limit the largest value that passes
 */
record Gate(String kind, String loss, double limit) {
  static final String MAX = "max";
  static final String MAX_INCREASE = "maxIncrease";

  /** One gate's outcome in one group. */
  record Result(Gate gate, Map<String, Object> group, double value, boolean passed) {}

  /**
   * Parses {@code LOSS=VALUE}.
   *
   * @throws IllegalArgumentException naming the option and what is wrong
   */
  static Gate parse(String kind, String text) {
    String option = MAX.equals(kind) ? "--max" : "--max-increase";
    int eq = text.lastIndexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(option + " takes LOSS=VALUE, such as crossEntropy=0.5, but got " + text + ".");
    }
    double limit;
    try {
      limit = Double.parseDouble(text.substring(eq + 1));
    } catch (NumberFormatException e) {
      limit = Double.NaN;
    }
    if (Double.isNaN(limit)) {
      throw new IllegalArgumentException(option + " " + text + ": " + text.substring(eq + 1) + " is not a number.");
    }
    return new Gate(kind, text.substring(0, eq), limit);
  }

  /** The gate in a group whose loss (or, for {@code maxIncrease}, difference) is {@code value}; NaN fails. */
  Result check(Map<String, Object> group, double value) {
    return new Result(this, group, value, value <= limit);
  }

  /** The line that reports this gate failed in {@code group} (empty without --group-by) at {@code value}. */
  String failure(Map<String, Object> group, Object value) {
    return option() + (group.isEmpty() ? "" : " in group " + group) + ": " + loss
        + (MAX.equals(kind) ? " is " : " increased by ") + value + ".";
  }

  /** The option as the user wrote it, for messages. */
  String option() {
    return (MAX.equals(kind) ? "--max " : "--max-increase ") + loss + "=" + limit;
  }
}
