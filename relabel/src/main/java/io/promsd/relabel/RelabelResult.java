package io.promsd.relabel;

/**
 * What {@link Relabeler#process} made of a label set: the labels it kept, or the index of the rule
 * that dropped it.
 *
 * @param labels the labels after every rule, or null if the target was dropped
 * @param droppedBy the 0-based index of the rule that dropped the target, or -1 if kept
 */
public record RelabelResult(Labels labels, int droppedBy) {
  /** Checks that exactly one of the two is set. */
  public RelabelResult {
    if ((labels == null) == (droppedBy < 0)) {
      throw new IllegalArgumentException("a result is either kept labels or a dropping rule");
    }
  }

  /** Whether the target survived every rule. */
  public boolean kept() {
    return labels != null;
  }

  /** Whether a rule dropped the target. */
  public boolean dropped() {
    return labels == null;
  }
}
