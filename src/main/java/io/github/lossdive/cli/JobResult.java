package io.github.lossdive.cli;

import io.github.lossdive.functions.GroupResult;
import java.io.Serializable;
import java.util.List;

/**
 * What every writer of the job (JSON, CSV, table, HTML) is given: the run's shape and, per group,
 * its typed result and its gates' outcome.
 *
 * @param input the input as the user named it
 * @param confidence the level of the reported intervals
 * @param keys the {@code --group-by} columns
 * @param losses the losses' report names, in {@code --loss} order
 * @param compared the names of the losses compared with a baseline
 * @param gates the run's gates and their rule
 * @param groups one entry per group, in key order
 */
record JobResult(String input, double confidence, List<String> keys, List<String> losses, List<String> compared,
    Gates gates, List<Group> groups) {

  /**
   * One group: its result, whether it was gated ({@code --min-rows}), and each gate's check in it,
   * in {@code --max}/{@code --max-increase} order.
   */
  record Group(GroupResult result, boolean gated, List<Gate.Check> gates) implements Serializable {}

  /** The rows of every group. */
  long rows() {
    return groups.stream().mapToLong(g -> g.result().rows()).sum();
  }

  /** The same run with these groups. */
  JobResult with(List<Group> decided) {
    return new JobResult(input, confidence, keys, losses, compared, gates, decided);
  }

  /** Every failed check, in group order. */
  List<Gate.Check> failures() {
    return groups.stream().flatMap(g -> g.gates().stream()).filter(c -> !c.passed()).toList();
  }
}
