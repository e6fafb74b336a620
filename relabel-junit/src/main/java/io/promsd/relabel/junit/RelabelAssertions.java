package io.promsd.relabel.junit;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.junit.internal.RelabelTestCase;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.internal.RelabelTestCase.Expected;
import io.promsd.relabel.junit.internal.RelabelTestResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fluent assertions on what relabel rules do to one label set. A failed assertion throws an {@code
 * AssertionFailedError} whose message shows the expected and actual outcome, the label diff and the
 * rule-by-rule trace, the same text as {@code promsd test relabel} prints.
 *
 * <pre>{@code
 * Relabeler rules = Relabeler.compile(
 *     RelabelConfig.parseYaml(yaml, "rules.yml", Compat.PROMETHEUS_3), Compat.PROMETHEUS_3);
 *
 * RelabelAssertions.assertThat(rules)
 *     .given("__address__", "10.0.0.1:9100", "env", "production")
 *     .keeps()
 *     .withAtLeast("env", "production")
 *     .without("__tmp_hash");
 * RelabelAssertions.assertThat(rules).given("env", "staging").dropsAtRule(0);
 * }</pre>
 *
 * <p>The statically imported {@code assertThat} overloads well beside AssertJ's. The assertion
 * objects are immutable; each runs the rules once, when {@link RelabelerAssert#given} is called.
 */
public final class RelabelAssertions {
  private RelabelAssertions() {}

  /** Starts an assertion on the rules of {@code relabeler}. */
  public static RelabelerAssert assertThat(Relabeler relabeler) {
    return new RelabelerAssert(requireNonNull(relabeler, "relabeler"));
  }

  /** Rules waiting for an input. */
  public static final class RelabelerAssert {
    private final Relabeler relabeler;

    private RelabelerAssert(Relabeler relabeler) {
      this.relabeler = relabeler;
    }

    /** Runs the rules on {@code input}. */
    public OutcomeAssert given(Labels input) {
      return new OutcomeAssert(relabeler.trace(requireNonNull(input, "input")));
    }

    /** Runs the rules on the labels {@code name1, value1, name2, value2, ...}. */
    public OutcomeAssert given(String... namesAndValues) {
      return given(Labels.of(namesAndValues));
    }

    /** Runs the rules on the labels of {@code input}. */
    public OutcomeAssert given(Map<String, String> input) {
      return given(Labels.of(input));
    }
  }

  /** What the rules did to one input. */
  public static final class OutcomeAssert {
    private final RelabelTrace trace;

    private OutcomeAssert(RelabelTrace trace) {
      this.trace = trace;
    }

    /** The rule-by-rule trace, for assertions of your own. */
    public RelabelTrace trace() {
      return trace;
    }

    /** Asserts that no rule drops the target; continue with the labels it keeps. */
    public KeptAssert keeps() {
      check(trace, new AtLeast(Labels.empty(), List.of()));
      return new KeptAssert(trace);
    }

    /** Asserts that some rule drops the target. */
    public void drops() {
      check(trace, Dropped.ANY);
    }

    /** Asserts that the rule at {@code index} (0-based) drops the target. */
    public void dropsAtRule(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("a rule index is 0 or more, got " + index);
      }
      check(trace, new Dropped(index));
    }
  }

  /** The labels of a kept target. */
  public static final class KeptAssert {
    private final RelabelTrace trace;

    private KeptAssert(RelabelTrace trace) {
      this.trace = trace;
    }

    /** The labels after the last rule. */
    public Labels labels() {
      return trace.result().labels();
    }

    /** Asserts that the labels are exactly {@code expected}. */
    public KeptAssert withExactly(Labels expected) {
      check(trace, new Exactly(requireNonNull(expected, "expected")));
      return this;
    }

    /** Asserts that the labels are exactly {@code name1, value1, name2, value2, ...}. */
    public KeptAssert withExactly(String... namesAndValues) {
      return withExactly(Labels.of(namesAndValues));
    }

    /** Asserts that the labels include {@code expected}, with these values. */
    public KeptAssert withAtLeast(Labels expected) {
      check(trace, new AtLeast(requireNonNull(expected, "expected"), List.of()));
      return this;
    }

    /** Asserts that the labels include {@code name1, value1, name2, value2, ...}. */
    public KeptAssert withAtLeast(String... namesAndValues) {
      return withAtLeast(Labels.of(namesAndValues));
    }

    /** Asserts that none of the labels {@code names} is present. */
    public KeptAssert without(String... names) {
      check(trace, new AtLeast(Labels.empty(), List.of(names)));
      return this;
    }
  }

  private static void check(RelabelTrace trace, Expected expected) {
    RelabelTestResult.Verdict v = RelabelTestResult.judge(expected, trace);
    if (v.failure() != null) {
      RelabelTestCase c = new RelabelTestCase("assertion", 0, trace.input(), expected);
      throw Failures.of(new RelabelTestResult(c, trace, v.failure(), v.diff(), Duration.ZERO));
    }
  }
}
