package io.promsd.cli;

import io.promsd.relabel.Labels;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes JSON the way Go's {@code json.MarshalIndent(v, "", " ")} does, straight to UTF-8 bytes:
 * two-space indents, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, other non-ASCII
 * raw, empty objects as {@code {}}, invalid UTF-16 as U+FFFD. Backspace and form feed follow the Go
 * version of the compat mode (Go 1.22 writes {@code \b}, {@code \f}; Go 1.19 wrote hex escapes).
 * Escaping and encoding happen in one pass over each string into one buffer: {@code check
 * service-discovery} can print hundreds of megabytes. Not thread-safe.
 */
final class JsonOut {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  // For each ASCII char: 0 = copy, 1 = needs an escape.
  private static final boolean[] ESCAPE = new boolean[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = true;
    }
    for (char c : new char[] {'"', '\\', '<', '>', '&', 0x7f}) {
      ESCAPE[c] = c != 0x7f;
    }
  }

  private final OutputStream out;
  private final boolean shortBf;
  private final byte[] buf = new byte[1 << 20];
  private int pos;

  JsonOut(OutputStream out, boolean shortBf) {
    this.out = out;
    this.shortBf = shortBf;
  }

  /** Writes ASCII text as it is. */
  void raw(String s) throws IOException {
    int n = s.length();
    if (buf.length - pos < n) {
      drain();
      if (n > buf.length) {
        out.write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  void indent(int level) throws IOException {
    if (buf.length - pos < 1 + 2 * level) {
      drain();
    }
    buf[pos++] = '\n';
    for (int i = 0; i < level; i++) {
      buf[pos++] = ' ';
      buf[pos++] = ' ';
    }
  }

  /** A label set as an object at {@code level} (its entries one level deeper). */
  void labels(Labels l, int level) throws IOException {
    if (l.isEmpty()) {
      raw("{}");
      return;
    }
    raw("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        raw(",");
      }
      indent(level + 1);
      string(l.name(i));
      raw(": ");
      string(l.value(i));
    }
    indent(level);
    raw("}");
  }

  /** A label set on one line: {@code {"a": "1", "b": "2"}}. */
  void compactLabels(Labels l) throws IOException {
    raw("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        raw(", ");
      }
      string(l.name(i));
      raw(": ");
      string(l.value(i));
    }
    raw("}");
  }

  /** A JSON string with Go's escaping, encoded as UTF-8. */
  void string(String s) throws IOException {
    int n = s.length();
    // Worst case: every char becomes a six-byte escape, plus the quotes.
    if (buf.length - pos < 6 * n + 2) {
      drain();
      if (6 * n + 2 > buf.length) {
        stringSlow(s);
        return;
      }
    }
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (!ESCAPE[c]) {
          b[p++] = (byte) c;
        } else {
          p = escape(b, p, c);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          p = hexEscape(b, p, 0xFFFD); // Go writes invalid UTF-8 as U+FFFD
        }
      } else if (c == 0x2028 || c == 0x2029) {
        p = hexEscape(b, p, c);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[p++] = '"';
    pos = p;
  }

  /** A string too long for the buffer: chunk by chunk. */
  private void stringSlow(String s) throws IOException {
    int chunk = (buf.length - 2) / 6;
    raw("\"");
    for (int i = 0; i < s.length(); i += chunk) {
      int end = Math.min(s.length(), i + chunk);
      if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
        end--; // keep a surrogate pair together
      }
      drain();
      String part = s.substring(i, end);
      int before = pos;
      string(part);
      // drop the quotes string() added around the part
      System.arraycopy(buf, before + 1, buf, before, pos - before - 2);
      pos -= 2;
      i = end - chunk;
    }
    raw("\"");
  }

  private int escape(byte[] b, int p, char c) {
    switch (c) {
      case '"' -> {
        b[p++] = '\\';
        b[p++] = '"';
      }
      case '\\' -> {
        b[p++] = '\\';
        b[p++] = '\\';
      }
      case '\n' -> {
        b[p++] = '\\';
        b[p++] = 'n';
      }
      case '\r' -> {
        b[p++] = '\\';
        b[p++] = 'r';
      }
      case '\t' -> {
        b[p++] = '\\';
        b[p++] = 't';
      }
      case '\b' -> {
        if (!shortBf) {
          return hexEscape(b, p, c);
        }
        b[p++] = '\\';
        b[p++] = 'b';
      }
      case '\f' -> {
        if (!shortBf) {
          return hexEscape(b, p, c);
        }
        b[p++] = '\\';
        b[p++] = 'f';
      }
      default -> {
        return hexEscape(b, p, c);
      }
    }
    return p;
  }

  private static int hexEscape(byte[] b, int p, int c) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[(c >> 12) & 0xF];
    b[p++] = HEX[(c >> 8) & 0xF];
    b[p++] = HEX[(c >> 4) & 0xF];
    b[p++] = HEX[c & 0xF];
    return p;
  }

  private void drain() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Writes out what is buffered. */
  void flush() throws IOException {
    drain();
    out.flush();
  }
}
