package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;

/**
 * One discovered target after relabeling and target population: active (it would be scraped),
 * dropped by a relabel rule, or failed (population rejected it, e.g. {@code no address}).
 *
 * @param discoveredLabels the labels before relabeling: target and group labels and the job
 *     defaults ({@code job}, {@code __scheme__}, ...)
 * @param labels the final labels of an active target; empty for dropped and failed ones
 * @param source the source of the group the target came from
 * @param index the target's position in its group
 * @param droppedBy the index of the rule that dropped the target, or -1
 * @param error why population failed (Prometheus's message), or null when it did not fail
 */
public record ScrapeTarget(
    Labels discoveredLabels, Labels labels, String source, int index, int droppedBy, String error) {

  /** The three outcomes. */
  public enum State {
    /** Would be scraped. */
    ACTIVE,
    /** A relabel rule dropped it. */
    DROPPED,
    /** Target population rejected it. */
    FAILED
  }

  /** Checks the parts. */
  public ScrapeTarget {
    requireNonNull(discoveredLabels, "discoveredLabels");
    requireNonNull(labels, "labels");
    requireNonNull(source, "source");
  }

  /** What happened to the target. */
  public State state() {
    if (error != null) {
      return State.FAILED;
    }
    return droppedBy >= 0 ? State.DROPPED : State.ACTIVE;
  }

  /**
   * The labels Prometheus attaches to the target's series and shows as its labels: the final labels
   * without those starting with {@code __} ({@code scrape/target.go}, {@code Target.Labels}). Empty
   * for dropped and failed targets.
   */
  public Labels publicLabels() {
    return labels.withoutPrefix("__");
  }

  /** Whether the target would be scraped. */
  public boolean isActive() {
    return state() == State.ACTIVE;
  }
}
