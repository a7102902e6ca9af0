package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.functions.GroupResult;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A validation gate of the batch job, checked in every group: {@code --max LOSS=VALUE} (the loss
 * must not be above VALUE) or {@code --max-increase LOSS=VALUE} (candidate − baseline must not be
 * above VALUE). A failed gate makes the job exit with status 3, so that a pipeline stops. This
 * class is the one place that says what a gate reads and when it passes.
 *
 * @param kind what the gate reads
 * @param loss the loss's name in the report
 * @param limit the largest value that passes
 */
record Gate(Kind kind, String loss, double limit) implements Serializable {
  /** What a gate reads in a group. */
  enum Kind {
    /** The loss itself: {@code --max}. */
    MAX("--max", "max"),
    /** Candidate − baseline: {@code --max-increase}. */
    MAX_INCREASE("--max-increase", "maxIncrease");

    final String option;
    /** The kind as reports write it. */
    final String json;

    Kind(String option, String json) {
      this.option = option;
      this.json = json;
    }
  }

  /** One gate's outcome in one group. */
  record Check(Gate gate, Map<String, Object> group, double value, boolean passed) implements Serializable {
    /** The line that reports this check failed. */
    String failure() {
      return gate.option() + (group.isEmpty() ? "" : " in group " + group) + ": " + gate.loss()
          + (gate.kind() == Kind.MAX ? " is " : " increased by ") + value + ".";
    }
  }

  /**
   * Parses {@code LOSS=VALUE}.
   *
   * @throws InvalidArgumentException naming the option and what is wrong
   */
  static Gate parse(Kind kind, String text) {
    int eq = text.lastIndexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new InvalidArgumentException(kind.option + " takes LOSS=VALUE, such as crossEntropy=0.5, but got " + text + ".");
    }
    double limit;
    try {
      limit = Double.parseDouble(text.substring(eq + 1));
    } catch (NumberFormatException e) {
      limit = Double.NaN;
    }
    if (Double.isNaN(limit)) {
      throw new InvalidArgumentException(kind.option + " " + text + ": " + text.substring(eq + 1) + " is not a number.");
    }
    return new Gate(kind, text.substring(0, eq), limit);
  }

  /**
   * Checks that every gate names a loss of the run and, for {@code --max-increase}, one with a baseline.
   *
   * @throws InvalidArgumentException naming the gate and the run's losses
   */
  static void checkAll(List<Gate> gates, List<String> losses, List<String> compared) {
    for (Gate g : gates) {
      if (!losses.contains(g.loss())) {
        throw new InvalidArgumentException(g.option() + ": no loss " + g.loss() + " in this run. Losses: "
            + String.join(", ", losses) + ".");
      }
      if (g.kind() == Kind.MAX_INCREASE && !compared.contains(g.loss())) {
        throw new InvalidArgumentException(g.option() + ": " + g.loss()
            + " has no baseline to compare with: add --baseline-col COL or baselineCol=COL to its --loss.");
      }
    }
  }

  /** The gate in one group: its value, and whether it is at most the limit (NaN fails). */
  Check check(GroupResult group) {
    double value = kind == Kind.MAX ? group.summaries().get(loss).loss() : group.comparisons().get(loss).difference();
    return new Check(this, group.key(), value, value <= limit);
  }

  /** The option as the user wrote it, for messages. */
  String option() {
    return kind.option + " " + loss + "=" + limit;
  }
}
