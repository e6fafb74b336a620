package io.promsd.relabel.junit;

import io.promsd.relabel.Labels.Label;
import io.promsd.relabel.RelabelAction;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.RelabelStep;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.config.GoText;
import io.promsd.relabel.junit.RelabelTestCase.AtLeast;
import io.promsd.relabel.junit.RelabelTestCase.Dropped;
import io.promsd.relabel.junit.RelabelTestCase.Exactly;
import io.promsd.relabel.junit.RelabelTestCase.Expected;
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

  /** The trace alone, without colour, each line starting with {@code indent}. */
  public static String trace(RelabelTrace trace, String indent) {
    StringBuilder sb = new StringBuilder();
    PLAIN.appendTrace(sb, trace, indent);
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
    appendTrace(sb, r.trace(), indent);
  }

  static String expected(Expected e) {
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

  private void appendTrace(StringBuilder sb, RelabelTrace t, String indent) {
    sb.append(indent).append("trace:\n");
    String in = indent + "  ";
    sb.append(in).append("input ").append(t.input()).append('\n');
    List<RelabelStep> steps = t.steps();
    int width = ("#" + Math.max(0, steps.size() - 1)).length();
    for (RelabelStep s : steps) {
      sb.append(in).append(pad("#" + s.index(), width)).append(' ');
      appendStep(sb, s);
      sb.append('\n');
    }
    if (steps.isEmpty()) {
      sb.append(in).append("(no rules)\n");
    }
  }

  private void appendStep(StringBuilder sb, RelabelStep s) {
    RelabelConfig rule = s.rule();
    RelabelAction action = rule.action();
    sb.append(pad(action.yamlName(), 9)).append(' ');
    String cond = condition(s);
    if (!cond.isEmpty()) {
      sb.append(cond).append(' ');
    }
    sb.append("=> ");
    if (s.dropped()) {
      sb.append(paint(RED + BOLD, "dropped: " + dropReason(action)));
      return;
    }
    LabelDiff d = LabelDiff.between(s.before(), s.after());
    if (d.isEmpty()) {
      sb.append(filters(action) ? "kept" : "no change");
      return;
    }
    // before as the "expected" side: added means the rule added it
    String sep = "";
    for (LabelDiff.Change c : d.changed()) {
      sb.append(sep);
      sb.append(
          paint(YELLOW, "~" + label(c.name(), c.expected()) + " -> " + GoText.quote(c.actual())));
      sep = ", ";
    }
    for (Label l : d.added()) {
      sb.append(sep).append(paint(GREEN, "+" + label(l.name(), l.value())));
      sep = ", ";
    }
    for (Label l : d.removed()) {
      sb.append(sep).append(paint(RED, "-" + label(l.name(), l.value())));
      sep = ", ";
    }
  }

  /** What the rule looked at: the joined source value and how it compared. */
  private static String condition(RelabelStep s) {
    RelabelConfig rule = s.rule();
    String source = source(rule, s.sourceValue());
    boolean matched = Boolean.TRUE.equals(s.matched());
    String re = pattern(rule.regex());
    return switch (rule.action()) {
      // a replace without source_labels whose regex matched is a constant write: nothing to show
      case REPLACE -> s.sourceValue() == null && matched ? "" : source + match(matched) + re;
      case KEEP, DROP -> source + match(matched) + re;
      case KEEPEQUAL, DROPEQUAL ->
          source
              + (matched ? " == " : " != ")
              + rule.targetLabel()
              + " "
              + GoText.quote(s.before().get(rule.targetLabel()));
      case HASHMOD -> source + " mod " + Long.toUnsignedString(rule.modulus());
      case LOWERCASE, UPPERCASE -> source;
      case LABELMAP, LABELDROP, LABELKEEP -> "names =~ " + re;
    };
  }

  /**
   * A regex as a PromQL (and Go) raw string, {@code `([^:]+):\d+`}, so that it reads as written in
   * YAML; Go-quoted when a raw string cannot hold it.
   */
  static String pattern(String re) {
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '`' || c < 0x20 || c == 0x7f) {
        return GoText.quote(re);
      }
    }
    return "`" + re + "`";
  }

  private static String match(boolean matched) {
    return matched ? " =~ " : " !~ ";
  }

  private static String source(RelabelConfig rule, String value) {
    return "["
        + String.join(", ", rule.sourceLabels())
        + "] "
        + GoText.quote(value == null ? "" : value);
  }

  private static boolean filters(RelabelAction action) {
    return action == RelabelAction.KEEP
        || action == RelabelAction.DROP
        || action == RelabelAction.KEEPEQUAL
        || action == RelabelAction.DROPEQUAL;
  }

  private static String dropReason(RelabelAction action) {
    return switch (action) {
      case KEEP -> "regex did not match";
      case DROP -> "regex matched";
      case KEEPEQUAL -> "values differ";
      case DROPEQUAL -> "values are equal";
      default -> action.yamlName();
    };
  }

  private static String label(String name, String value) {
    return name + "=" + GoText.quote(value);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
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
