package io.promsd.relabel;

import java.util.List;

/**
 * What one rule did to one label set, as recorded by {@link Relabeler#trace}.
 *
 * @param index the 0-based index of the rule
 * @param rule the rule
 * @param before the labels the rule saw
 * @param after the labels it left, or null if it dropped the target
 * @param sourceValue the joined value of {@code source_labels}, or null when the rule has none
 * @param matched whether the regex matched (for {@code keepequal}/{@code dropequal}: whether the
 *     values were equal; for {@code labelmap}/{@code labeldrop}/{@code labelkeep}: whether any name
 *     matched); null for actions that match nothing ({@code hashmod}, {@code lowercase}, {@code
 *     uppercase})
 * @param written the names the rule set, in order, even to the value they had (the Set calls of
 *     Prometheus's label builder with a non-empty value)
 * @param deleted the names the rule deleted, even absent ones (Del calls, including sets to the
 *     empty value)
 */
public record RelabelStep(
    int index,
    RelabelConfig rule,
    Labels before,
    Labels after,
    String sourceValue,
    Boolean matched,
    List<String> written,
    List<String> deleted) {

  /** Copies the lists. */
  public RelabelStep {
    written = List.copyOf(written);
    deleted = List.copyOf(deleted);
  }

  /** Whether this rule dropped the target. */
  public boolean dropped() {
    return after == null;
  }

  /** Whether the rule changed the labels (a drop counts as a change). */
  public boolean changed() {
    return after == null || !after.equals(before);
  }
}
