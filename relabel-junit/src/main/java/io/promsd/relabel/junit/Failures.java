package io.promsd.relabel.junit;

import io.promsd.relabel.Labels;
import io.promsd.relabel.Labels.Label;
import io.promsd.relabel.RelabelResult;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.internal.RelabelTestCase.Expected;
import io.promsd.relabel.junit.internal.RelabelTestResult;
import io.promsd.relabel.junit.internal.TextReport;
import org.junit.jupiter.api.AssertionFailureBuilder;

/** Turns a failed relabel test into the assertion error JUnit shows. */
final class Failures {
  private Failures() {}

  /**
   * An {@code AssertionFailedError} whose message is the failure, the expected and actual outcome,
   * the diff and the trace; its expected and actual values hold one label per line, so that IDEs
   * show a line diff.
   */
  static AssertionError of(RelabelTestResult r) {
    String message = TextReport.explain(r, "");
    Expected e = r.testCase().expected();
    return AssertionFailureBuilder.assertionFailure()
        .message(message.stripTrailing())
        .expected(expectedValue(e))
        .actual(actualValue(e, r.trace().result()))
        .includeValuesInMessage(false)
        .build();
  }

  private static String expectedValue(Expected e) {
    if (e instanceof Exactly x) {
      return lines(x.labels());
    }
    if (e instanceof AtLeast a) {
      return lines(a.labels());
    }
    return TextReport.expected(e);
  }

  private static String actualValue(Expected e, RelabelResult actual) {
    if (actual.dropped()) {
      return "dropped by rule #" + actual.droppedBy();
    }
    if (e instanceof Dropped) {
      return "kept\n" + lines(actual.labels());
    }
    if (e instanceof AtLeast a) {
      // only the labels the expectation names, so that extra labels do not show as a difference
      Labels.Builder b = Labels.builder();
      for (Label l : actual.labels()) {
        if (a.labels().has(l.name()) || a.absent().contains(l.name())) {
          b.set(l.name(), l.value());
        }
      }
      return lines(b.build());
    }
    return lines(actual.labels());
  }

  private static String lines(Labels labels) {
    StringBuilder sb = new StringBuilder();
    for (Label l : labels) {
      sb.append(l.name())
          .append('=')
          .append(io.promsd.relabel.internal.config.GoText.quote(l.value()));
      sb.append('\n');
    }
    return sb.toString();
  }
}
