package io.promsd.relabel;

import io.promsd.relabel.Labels.Label;
import io.promsd.relabel.internal.config.GoText;
import java.util.List;

/**
 * The readable text of a {@link RelabelTrace}, one line per rule, as {@code promsd targets
 * --explain} and {@code promsd test relabel} print it; see {@link RelabelTrace#format(String)}.
 * Immutable and thread-safe.
 */
final class TraceText {
  static final TraceText PLAIN = new TraceText(false);
  static final TraceText COLOR = new TraceText(true);

  private final boolean color;

  private TraceText(boolean color) {
    this.color = color;
  }

  void append(StringBuilder sb, RelabelTrace t, String indent) {
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
  private static String pattern(String re) {
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
