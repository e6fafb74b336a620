package io.promsd.cli;

import io.promsd.relabel.Labels;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes JSON the way Go's {@code json.MarshalIndent(v, "", " ")} does, streaming: two-space
 * indents, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, other non-ASCII raw, empty
 * objects as {@code {}}. Backspace and form feed follow the Go version of the compat mode (Go 1.22
 * writes {@code \b}, {@code \f}; Go 1.19 wrote hex escapes).
 */
final class JsonOut {
  private final Writer w;
  private final boolean shortBf;

  JsonOut(Writer w, boolean shortBf) {
    this.w = w;
    this.shortBf = shortBf;
  }

  void raw(String s) throws IOException {
    w.write(s);
  }

  void indent(int level) throws IOException {
    w.write('\n');
    for (int i = 0; i < level; i++) {
      w.write("  ");
    }
  }

  /** A label set as an object at {@code level} (its entries one level deeper). */
  void labels(Labels l, int level) throws IOException {
    if (l.isEmpty()) {
      w.write("{}");
      return;
    }
    w.write('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      indent(level + 1);
      string(l.name(i));
      w.write(": ");
      string(l.value(i));
    }
    indent(level);
    w.write('}');
  }

  /** A label set on one line: {@code {"a": "1", "b": "2"}}. */
  void compactLabels(Labels l) throws IOException {
    w.write('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        w.write(", ");
      }
      string(l.name(i));
      w.write(": ");
      string(l.value(i));
    }
    w.write('}');
  }

  /** A JSON string with Go's escaping. */
  void string(String s) throws IOException {
    w.write('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        continue;
      }
      if (c >= 0x80 && c != 0x2028 && c != 0x2029 && !Character.isSurrogate(c)) {
        continue;
      }
      String esc;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        esc = "\\ufffd"; // Go writes invalid UTF-8 as U+FFFD
      } else {
        esc = escape(c);
      }
      w.write(s, start, i - start);
      w.write(esc);
      start = i + 1;
    }
    w.write(s, start, n - start);
    w.write('"');
  }

  private String escape(char c) {
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\b':
        return shortBf ? "\\b" : "\\u0008";
      case '\f':
        return shortBf ? "\\f" : "\\u000c";
      default:
        String h = Integer.toHexString(c);
        return "\\u" + "0000".substring(h.length()) + h;
    }
  }
}
