package io.promsd.relabel.junit.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;
import java.util.List;

/**
 * One test of a relabel test file: a label set handed to the rules and what the rules must make of
 * it.
 *
 * @param name the test's name, unique in its file
 * @param line the 1-based line of the test in its file, or 0 when it was not read from a file
 * @param input the labels handed to the first rule
 * @param expected what the rules must produce
 */
public record RelabelTestCase(String name, int line, Labels input, Expected expected) {

  /** Checks that all parts are present. */
  public RelabelTestCase {
    requireNonNull(name, "name");
    requireNonNull(input, "input");
    requireNonNull(expected, "expected");
  }

  /**
   * What a test expects: exactly some labels ({@code output}), at least some labels ({@code
   * output_contains}), or a drop ({@code dropped: true}, optionally {@code dropped_by}).
   */
  public sealed interface Expected {}

  /**
   * The rules keep the target and produce exactly these labels.
   *
   * @param labels the whole label set after the last rule
   */
  public record Exactly(Labels labels) implements Expected {
    /** Checks that the labels are present. */
    public Exactly {
      requireNonNull(labels, "labels");
    }
  }

  /**
   * The rules keep the target, whose labels include these, and lack the labels named in {@code
   * absent}; other labels may be present.
   *
   * @param labels labels the output must have, with these values
   * @param absent names the output must not have (written as {@code name: ""} in a test file)
   */
  public record AtLeast(Labels labels, List<String> absent) implements Expected {
    /** Copies the names. */
    public AtLeast {
      requireNonNull(labels, "labels");
      absent = List.copyOf(absent);
    }
  }

  /**
   * A rule drops the target.
   *
   * @param byRule the 0-based index of the rule that must drop it, or -1 for any rule
   */
  public record Dropped(int byRule) implements Expected {
    /** Any rule may drop the target. */
    public static final Dropped ANY = new Dropped(-1);

    /** Checks the index. */
    public Dropped {
      if (byRule < -1) {
        throw new IllegalArgumentException("byRule must be a rule index or -1, got " + byRule);
      }
    }
  }
}
