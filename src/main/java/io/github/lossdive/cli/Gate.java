package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.evaluation.LossComparison;
import io.github.lossdive.evaluation.LossSummary;
import io.github.lossdive.functions.GroupResult;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validation gate of the batch job, checked in every group: {@code --max LOSS=VALUE} (the loss
 * must not be above VALUE) or {@code --max-increase LOSS=VALUE} (candidate − baseline must not be
 * above VALUE). A failed gate makes the job exit with status 3, so that a pipeline stops. This
 * class is the one place that says what a gate reads and, with {@link Rule}, when it passes.
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

  /**
   * How a gate decides ({@code --gate-rule}), at α = 1 − {@code --confidence}. The p-values of
   * {@link #SIGNIFICANT} and {@link #PROVEN} are one-sided and normal, and Holm-adjusted over every
   * check of the run ({@link HolmAdjustment}), so that noise alone fails a run at most α of the
   * time however many groups it has.
   */
  enum Rule {
    /** Fails when the value is above the limit. */
    POINT,
    /** Fails only when the data show the value above the limit: adjusted p of "value ≤ limit" below α. */
    SIGNIFICANT,
    /** Passes only when the data show the value below the limit: adjusted p of "value ≥ limit" below α. */
    PROVEN;

    /** The rule as {@code --gate-rule} and the reports write it. */
    String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Rule parse(String text) {
      for (Rule r : values()) {
        if (r.text().equals(text)) {
          return r;
        }
      }
      throw new InvalidArgumentException("Unknown --gate-rule " + text + ". Supported: point, significant, proven.");
    }
  }

  /**
   * One gate's outcome in one group.
   *
   * @param value the loss, or the difference from the baseline
   * @param standardError its standard error (NaN where there is none)
   * @param pValue the rule's one-sided p-value ({@code point} reports that of {@code significant})
   * @param adjustedPValue {@code pValue}, Holm-adjusted over every check of the run
   */
  record Check(Gate gate, Map<String, Object> group, Rule rule, double value, double standardError, double pValue,
      double adjustedPValue, boolean passed) implements Serializable {
    /** The line that reports this check failed. */
    String failure() {
      String evidence = rule == Rule.POINT ? "" : String.format(Locale.ROOT, " (%s rule, adjusted p = %.3g)",
          rule.text(), adjustedPValue);
      return gate.option() + (group.isEmpty() ? "" : " in group " + group) + ": " + gate.loss()
          + (gate.kind() == Kind.MAX ? " is " : " increased by ") + value + evidence + ".";
    }

    /** This check decided on its adjusted p-value at level {@code alpha}. */
    Check decide(double adjusted, double alpha) {
      boolean pass = switch (rule) {
        case POINT -> value <= gate.limit();
        case SIGNIFICANT -> !(adjusted < alpha);
        case PROVEN -> adjusted < alpha;
      };
      return new Check(gate, group, rule, value, standardError, pValue, adjusted, pass);
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

  /**
   * The gate measured in one group under {@code rule}: its value, standard error and one-sided
   * p-value; not yet decided (the adjustment needs every check of the run).
   */
  Check measure(GroupResult group, Rule rule) {
    double value;
    double se;
    double p;
    if (kind == Kind.MAX) {
      LossSummary s = group.summaries().get(loss);
      value = s.loss();
      se = s.standardError();
      p = rule == Rule.PROVEN ? s.pValueBelow(limit) : s.pValueAbove(limit);
    } else {
      LossComparison c = group.comparisons().get(loss);
      value = c.difference();
      se = c.standardError();
      p = rule == Rule.PROVEN ? c.pValueBelow(limit) : c.pValueAbove(limit);
    }
    return new Check(this, group.key(), rule, value, se, p, Double.NaN, false);
  }

  /** The option as the user wrote it, for messages. */
  String option() {
    return kind.option + " " + loss + "=" + limit;
  }
}
