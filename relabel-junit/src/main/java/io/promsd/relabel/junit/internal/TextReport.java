package io.promsd.relabel.junit.internal;

import io.promsd.relabel.LabelDiff;
import io.promsd.relabel.Labels.Label;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.junit.internal.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.internal.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.internal.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.internal.RelabelTestCase.Expected;
import java.util.List;

/**
 * The plain-text report of relabel tests: one line per test ({@code PASS file: name} or {@code FAIL
 * file: name}), for each failure the expected and actual outcome, the label diff and the
 * rule-by-rule trace, an {@code ERROR} line per invalid file, and a summary ({@code 3 passed, 1
 * failed}). ANSI colour only when asked for. Immutable and thread-safe.
 *
 * <p>A failure reads like this:
 *
 * <pre>
 * FAIL blackbox.test.yml: probes go through the exporter
 *   output differs from the expected labels
 *   expected: {__address__="blackbox-exporter:9115", __param_target="example.com"}
 *   actual:   {__address__="example.com", __param_target="example.com"}
 *   diff (expected -&gt; actual):
 *     changed: __address__="blackbox-exporter:9115" -&gt; "example.com"
 *   trace:
 *     input {__address__="example.com"}
 *     #0 replace   [__address__] "example.com" =~ `(.*)` =&gt; +__param_target="example.com"
 * </pre>
 */
public final class TextReport {
  private static final TextReport PLAIN = new TextReport(false);
  private static final TextReport COLOR = new TextReport(true);

  private final boolean color;

  private TextReport(boolean color) {
    this.color = color;
  }

  /** A report without colour, or with ANSI colour when {@code color} is true. */
  public static TextReport of(boolean color) {
    return color ? COLOR : PLAIN;
  }

  /** The whole report: every file's lines, then the summary line. */
  public String render(List<RelabelSuiteResult> suites) {
    StringBuilder sb = new StringBuilder();
    for (RelabelSuiteResult s : suites) {
      sb.append(suite(s));
    }
    return sb.append(summary(suites)).append('\n').toString();
  }

  /** The lines of one file: one per test, with details under each failure; or its error. */
  public String suite(RelabelSuiteResult suite) {
    StringBuilder sb = new StringBuilder();
    if (!suite.valid()) {
      sb.append(paint(RED + BOLD, "ERROR")).append(' ').append(suite.error()).append('\n');
      return sb.toString();
    }
    for (RelabelTestResult r : suite.results()) {
      if (r.passed()) {
        sb.append(paint(GREEN, "PASS"));
      } else {
        sb.append(paint(RED + BOLD, "FAIL"));
      }
      sb.append(' ').append(suite.file()).append(": ").append(r.testCase().name()).append('\n');
      if (!r.passed()) {
        appendDetail(sb, r, "  ");
      }
    }
    return sb.toString();
  }

  /**
   * The summary line, {@code N passed, M failed}, with {@code , K invalid file(s)} when some files
   * could not be loaded.
   */
  public String summary(List<RelabelSuiteResult> suites) {
    int passed = 0;
    int failed = 0;
    int invalid = 0;
    for (RelabelSuiteResult s : suites) {
      passed += s.passed();
      failed += s.failed();
      invalid += s.valid() ? 0 : 1;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(passed).append(" passed, ");
    sb.append(failed > 0 ? paint(RED + BOLD, failed + " failed") : failed + " failed");
    if (invalid > 0) {
      sb.append(", ")
          .append(paint(RED + BOLD, invalid + " invalid file" + (invalid > 1 ? "s" : "")));
    }
    return sb.toString();
  }

  /**
   * Why a test failed, without colour: the failure line, expected and actual outcome, the label
   * diff and the trace, each line starting with {@code indent}. Empty for a test that passed.
   */
  public static String explain(RelabelTestResult result, String indent) {
    StringBuilder sb = new StringBuilder();
    if (!result.passed()) {
      PLAIN.appendDetail(sb, result, indent);
    }
    return sb.toString();
  }

  private void appendDetail(StringBuilder sb, RelabelTestResult r, String indent) {
    sb.append(indent).append(r.failure()).append('\n');
    sb.append(indent).append("expected: ").append(expected(r.testCase().expected())).append('\n');
    sb.append(indent).append("actual:   ").append(actual(r.trace())).append('\n');
    LabelDiff d = r.diff();
    if (!d.isEmpty()) {
      sb.append(indent).append("diff (expected -> actual):\n");
      String in = indent + "  ";
      for (Label l : d.added()) {
        sb.append(in).append(paint(GREEN, "added:   " + label(l.name(), l.value()))).append('\n');
      }
      for (Label l : d.removed()) {
        sb.append(in).append(paint(RED, "removed: " + label(l.name(), l.value()))).append('\n');
      }
      for (LabelDiff.Change c : d.changed()) {
        String text =
            "changed: " + label(c.name(), c.expected()) + " -> " + GoText.quote(c.actual());
        sb.append(in).append(paint(YELLOW, text)).append('\n');
      }
    }
    sb.append(r.trace().format(indent, color));
  }

  /** An expectation in words, as the report prints it. */
  public static String expected(Expected e) {
    if (e instanceof Exactly x) {
      return x.labels().toString();
    }
    if (e instanceof AtLeast a) {
      String s = a.labels().isEmpty() ? "kept" : "at least " + a.labels();
      return a.absent().isEmpty() ? s : s + ", without " + String.join(", ", a.absent());
    }
    Dropped d = (Dropped) e;
    return d.byRule() < 0 ? "dropped" : "dropped by rule #" + d.byRule();
  }

  static String actual(RelabelTrace t) {
    if (t.result().kept()) {
      return t.result().labels().toString();
    }
    int i = t.result().droppedBy();
    return "dropped by rule #" + i + " (" + t.steps().get(i).rule().action() + ")";
  }

  private static String label(String name, String value) {
    return name + "=" + GoText.quote(value);
  }

  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  private String paint(String codes, String text) {
    return color ? codes + text + RESET : text;
  }
}
