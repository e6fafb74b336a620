package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels.Label;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How one label set differs from another, seen from the first ("expected", or the labels before a
 * rule): {@link #added} labels are in the second only, {@link #removed} labels in the first only,
 * {@link #changed} labels in both with different values. Each list is sorted by name. Immutable.
 *
 * @param added labels the output has and the expectation does not
 * @param removed labels the expectation has and the output does not
 * @param changed labels in both, with different values
 */
public record LabelDiff(List<Label> added, List<Label> removed, List<Change> changed) {

  /** No difference. */
  public static final LabelDiff NONE = new LabelDiff(List.of(), List.of(), List.of());

  /**
   * A label whose value differs.
   *
   * @param name the label name
   * @param expected the expected value
   * @param actual the value in the output
   */
  public record Change(String name, String expected, String actual) {
    /** Checks that all parts are present. */
    public Change {
      requireNonNull(name, "name");
      requireNonNull(expected, "expected");
      requireNonNull(actual, "actual");
    }
  }

  /** Copies the lists. */
  public LabelDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** The difference between an exact expectation and the output. */
  public static LabelDiff between(Labels expected, Labels actual) {
    List<Label> added = new ArrayList<>();
    List<Label> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    for (Label l : expected) {
      String got = actual.get(l.name());
      if (got.isEmpty()) {
        removed.add(l);
      } else if (!got.equals(l.value())) {
        changed.add(new Change(l.name(), l.value(), got));
      }
    }
    for (Label l : actual) {
      if (!expected.has(l.name())) {
        added.add(l);
      }
    }
    return new LabelDiff(added, removed, changed);
  }

  /**
   * The difference between an at-least expectation and the output: labels of {@code expected} that
   * are missing or different, and labels named in {@code absent} that the output has. Other labels
   * of the output are not differences.
   */
  public static LabelDiff atLeast(Labels expected, Collection<String> absent, Labels actual) {
    LabelDiff d = between(expected, actual);
    List<Label> added = new ArrayList<>();
    for (Label l : actual) {
      if (absent.contains(l.name())) {
        added.add(l);
      }
    }
    return new LabelDiff(added, d.removed, d.changed);
  }

  /** Whether there is no difference. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }
}
