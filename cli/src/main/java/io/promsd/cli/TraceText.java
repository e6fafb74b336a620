package io.promsd.cli;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.RelabelStep;
import io.promsd.relabel.RelabelTrace;
import io.promsd.relabel.config.GoText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints a relabel trace rule by rule: what each rule saw, whether it matched, what it did. */
final class TraceText {
  private TraceText() {}

  static void print(PrintWriter out, RelabelTrace trace, String indent) {
    for (RelabelStep s : trace.steps()) {
      out.println(indent + line(s));
    }
  }

  static String line(RelabelStep s) {
    RelabelConfig r = s.rule();
    StringBuilder sb = new StringBuilder();
    sb.append("rule ").append(s.index()).append(' ');
    sb.append(String.format("%-9s", r.action() == null ? "?" : r.action().yamlName()));
    if (s.sourceValue() != null) {
      sb.append(' ').append(r.sourceLabels()).append('=').append(GoText.quote(s.sourceValue()));
    }
    if (s.matched() != null) {
      sb.append(s.matched() ? "  matched" : "  no match");
      if (r.regexPresent()) {
        sb.append(' ').append(GoText.quote(r.regex()));
      }
    }
    sb.append("  -> ").append(effect(s));
    return sb.toString();
  }

  /** What the step did, in words. */
  static String effect(RelabelStep s) {
    if (s.dropped()) {
      return "dropped";
    }
    List<String> parts = new ArrayList<>();
    Labels before = s.before();
    Labels after = s.after();
    for (int i = 0; i < after.size(); i++) {
      String n = after.name(i);
      String v = after.value(i);
      String old = before.get(n);
      if (old.isEmpty()) {
        parts.add("+" + n + "=" + GoText.quote(v));
      } else if (!old.equals(v)) {
        parts.add("~" + n + "=" + GoText.quote(v) + " (was " + GoText.quote(old) + ")");
      }
    }
    for (int i = 0; i < before.size(); i++) {
      if (!after.has(before.name(i))) {
        parts.add("-" + before.name(i));
      }
    }
    return parts.isEmpty() ? "unchanged" : String.join(", ", parts);
  }
}
