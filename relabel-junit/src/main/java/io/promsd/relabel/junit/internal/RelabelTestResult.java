package io.promsd.relabel.junit.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.LabelDiff;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelResult;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.internal.RelabelTestCase.Expected;
import java.time.Duration;

/**
 * The outcome of one {@link RelabelTestCase}: whether it passed, and if not why, with the label
 * diff and the rule-by-rule trace that explain it.
 *
 * @param testCase the test
 * @param trace what each rule did to the test's input; its result is the actual outcome
 * @param failure one line saying why the test failed, or null if it passed
 * @param diff expected against actual labels; empty unless both sides are label sets
 * @param time how long the rules took
 */
public record RelabelTestResult(
    RelabelTestCase testCase, RelabelTrace trace, String failure, LabelDiff diff, Duration time) {

  /** Checks that the parts are present. */
  public RelabelTestResult {
    requireNonNull(testCase, "testCase");
    requireNonNull(trace, "trace");
    requireNonNull(diff, "diff");
    requireNonNull(time, "time");
  }

  /** Whether the rules did what the test expects. */
  public boolean passed() {
    return failure == null;
  }

  /** Runs the test's input through {@code relabeler} and judges the outcome. */
  static RelabelTestResult run(RelabelTestCase test, Relabeler relabeler) {
    long start = System.nanoTime();
    RelabelTrace trace = relabeler.trace(test.input());
    Duration time = Duration.ofNanos(System.nanoTime() - start);
    Verdict v = judge(test.expected(), trace);
    return new RelabelTestResult(test, trace, v.failure, v.diff, time);
  }

  /** A failure line (null when the expectation holds) and the label diff. */
  /**
   * A judgement: the failure text (null when the test passed) and the label diff.
   *
   * @param failure why the test failed, or null
   * @param diff the label diff
   */
  public record Verdict(String failure, LabelDiff diff) {}

  /** Compares the outcome recorded in {@code trace} with {@code expected}. */
  /** Judges a trace against an expectation. */
  public static Verdict judge(Expected expected, RelabelTrace trace) {
    RelabelResult actual = trace.result();
    if (expected instanceof Dropped d) {
      if (actual.kept()) {
        return new Verdict(
            d.byRule() < 0
                ? "expected the target to be dropped, but it was kept"
                : "expected rule #" + d.byRule() + " to drop the target, but it was kept",
            LabelDiff.NONE);
      }
      if (d.byRule() >= 0 && d.byRule() != actual.droppedBy()) {
        return new Verdict(
            "expected rule #" + d.byRule() + " to drop the target, but " + dropper(trace),
            LabelDiff.NONE);
      }
      return new Verdict(null, LabelDiff.NONE);
    }
    if (actual.dropped()) {
      return new Verdict("expected the target to be kept, but " + dropper(trace), LabelDiff.NONE);
    }
    Labels got = actual.labels();
    LabelDiff diff =
        expected instanceof AtLeast a
            ? LabelDiff.atLeast(a.labels(), a.absent(), got)
            : LabelDiff.between(((Exactly) expected).labels(), got);
    return new Verdict(diff.isEmpty() ? null : "output differs from the expected labels", diff);
  }

  private static String dropper(RelabelTrace trace) {
    int i = trace.result().droppedBy();
    return "rule #" + i + " (" + trace.steps().get(i).rule().action() + ") dropped it";
  }
}
