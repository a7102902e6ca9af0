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
 * @param groups one entry per group, in key order
 */
record JobResult(String input, double confidence, List<String> keys, List<String> losses, List<String> compared,
    List<Group> groups) {

  /** One group: its result, and each gate's check in it, in {@code --max}/{@code --max-increase} order. */
  record Group(GroupResult result, List<Gate.Check> gates) implements Serializable {
    /** Checks every gate in {@code result}. */
    static Group of(GroupResult result, List<Gate> gates) {
      return new Group(result, gates.stream().map(g -> g.check(result)).toList());
    }
  }

  /** The rows of every group. */
  long rows() {
    return groups.stream().mapToLong(g -> g.result().rows()).sum();
  }

  /** Every failed check, in group order. */
  List<Gate.Check> failures() {
    return groups.stream().flatMap(g -> g.gates().stream()).filter(c -> !c.passed()).toList();
  }
}
