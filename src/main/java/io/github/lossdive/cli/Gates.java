package io.github.lossdive.cli;

import io.github.lossdive.functions.GroupResult;
import java.io.Serializable;
import java.util.List;

/**
 * The gates of a run and how they decide: each group is measured on its own ({@link #measure}),
 * then every check of the run is decided together ({@link #decide}), since the rules that weigh
 * evidence adjust each p-value for all the others.
 *
 * @param gates the {@code --max} and {@code --max-increase} gates, in option order
 * @param rule {@code --gate-rule}
 * @param alpha 1 − {@code --confidence}
 * @param minRows {@code --min-rows}: smaller groups are reported but not gated
 */
record Gates(List<Gate> gates, Gate.Rule rule, double alpha, long minRows) implements Serializable {

  /** A group with its gates measured (not yet decided), or none when it has too few rows. */
  JobResult.Group measure(GroupResult g) {
    boolean gated = g.rows() >= minRows;
    return new JobResult.Group(g, gated, gated ? gates.stream().map(gate -> gate.measure(g, rule)).toList() : List.of());
  }

  /** Every group's checks decided together. */
  List<JobResult.Group> decide(List<JobResult.Group> measured) {
    HolmAdjustment holm = new HolmAdjustment(measured.stream().flatMap(g -> g.gates().stream())
        .mapToDouble(Gate.Check::pValue).toArray());
    return measured.stream().map(g -> decide(g, holm)).toList();
  }

  /** One group's checks decided with the run's adjustment. */
  JobResult.Group decide(JobResult.Group g, HolmAdjustment holm) {
    return new JobResult.Group(g.result(), g.gated(),
        g.gates().stream().map(c -> c.decide(holm.adjust(c.pValue()), alpha)).toList());
  }
}
