package io.promsd.relabel;

import java.util.List;

/**
 * The rule-by-rule record of one relabeling: the input, one {@link RelabelStep} per rule that ran
 * (a dropping rule is the last), and the result.
 *
 * @param input the labels before the first rule
 * @param steps the steps, in rule order
 * @param result the outcome, the same as {@link Relabeler#process} gives
 */
public record RelabelTrace(Labels input, List<RelabelStep> steps, RelabelResult result) {
  /** Copies the steps. */
  public RelabelTrace {
    steps = List.copyOf(steps);
  }
}
