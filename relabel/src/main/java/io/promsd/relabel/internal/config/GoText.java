package io.promsd.relabel.internal.config;

import java.util.List;

/**
 * Go's ways of printing and treating strings, which Prometheus's error messages, output and checks
 * use: {@code %q} quoting ({@code strconv.Quote}), {@code %v} of a string slice, the HTML-safe JSON
 * string escaping of {@code encoding/json}, {@code strings.TrimSpace} (which Prometheus and its
 * clients apply to credentials, config values and server replies), and {@code strings.ToLower} and
 * {@code ToUpper} (one code point at a time, no locale).
 */
public final class GoText {
  private GoText() {}

  /** {@code s} quoted as Go's {@code %q} verb quotes it. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendQuoted(sb, s);
    return sb.toString();
  }

  /** Appends {@code s} quoted as Go's {@code strconv.Quote} does. */
  public static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case 0x07 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x0B -> sb.append("\\v");
        default -> {
          if (isPrint(cp)) {
            sb.appendCodePoint(cp);
          } else if (cp < 0x80) {
            sb.append("\\x").append(hex(cp, 2));
          } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
            sb.append("\\x").append(hex(cp - 0xDC00, 2)); // a byte that is not UTF-8 (!!binary)
          } else if (Character.isSurrogate((char) cp)) {
            sb.append("\\ufffd"); // a lone surrogate is invalid UTF-8 in Go: U+FFFD
          } else if (cp < 0x10000) {
            sb.append("\\u").append(hex(cp, 4));
          } else {
            sb.append("\\U").append(hex(cp, 8));
          }
        }
      }
    }
    sb.append('"');
  }

  /** Go's {@code unicode.IsPrint}: graphic characters and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7F;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
      Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER,
      Character.MODIFIER_LETTER,
      Character.OTHER_LETTER,
      Character.NON_SPACING_MARK,
      Character.ENCLOSING_MARK,
      Character.COMBINING_SPACING_MARK,
      Character.DECIMAL_DIGIT_NUMBER,
      Character.LETTER_NUMBER,
      Character.OTHER_NUMBER,
      Character.CONNECTOR_PUNCTUATION,
      Character.DASH_PUNCTUATION,
      Character.START_PUNCTUATION,
      Character.END_PUNCTUATION,
      Character.INITIAL_QUOTE_PUNCTUATION,
      Character.FINAL_QUOTE_PUNCTUATION,
      Character.OTHER_PUNCTUATION,
      Character.MATH_SYMBOL,
      Character.CURRENCY_SYMBOL,
      Character.MODIFIER_SYMBOL,
      Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }

  /** {@code fmt}'s {@code %v} of a {@code []string}: {@code [a b c]}. */
  public static String list(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  /**
   * Go's {@code strings.ToLower}: simple Unicode case mapping one code point at a time, no locale.
   * Unlike {@link String#toLowerCase()}, {@code İ} lowers to {@code i}.
   *
   * @return {@code s} itself when nothing changes
   */
  public static String toLower(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s; // ASCII with nothing to change: no copy
    }
    StringBuilder sb = new StringBuilder(n).append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(Character.toLowerCase(cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /**
   * Go's {@code strings.ToUpper}: simple Unicode case mapping one code point at a time, no locale.
   * Unlike {@link String#toUpperCase()}, {@code ß} stays {@code ß}.
   *
   * @return {@code s} itself when nothing changes
   */
  public static String toUpper(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n).append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      sb.appendCodePoint(Character.toUpperCase(cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** Go's {@code strings.TrimSpace}: strips {@code unicode.IsSpace} characters at both ends. */
  public static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  // unicode.IsSpace: ASCII white space, U+0085, U+00A0, and above Latin-1 the White_Space
  // property, which is the Zs, Zl and Zp characters. None is a surrogate, so chars suffice.
  private static boolean isSpace(char c) {
    switch (c) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
        return true;
      default:
        if (c < 0x100) {
          return false;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
            || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR;
    }
  }

  private static String hex(int v, int width) {
    String h = Integer.toHexString(v);
    return "0".repeat(Math.max(0, width - h.length())) + h;
  }

  /**
   * Appends {@code s} as a JSON string the way Go's {@code encoding/json} writes it: {@code <},
   * {@code >}, {@code &}, U+2028 and U+2029 escaped as six-character hex escapes, control
   * characters as {@code \n}, {@code \r}, {@code \t} or hex escapes, everything else raw. Go 1.22
   * began to write backspace and form feed as {@code \b} and {@code \f} ({@code shortBf});
   * Prometheus 2.42 was built with Go 1.19, 3.x with Go 1.22 or later.
   */
  public static void appendJsonString(StringBuilder sb, String s, boolean shortBf) {
    sb.append('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String esc = jsonEscape(c, shortBf);
      if (esc == null && Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (paired) {
          i++;
          continue;
        }
        esc = "\\ufffd"; // Go replaces invalid UTF-8 with U+FFFD
      }
      if (esc != null) {
        sb.append(s, start, i).append(esc);
        start = i + 1;
      }
    }
    sb.append(s, start, n).append('"');
  }

  private static String jsonEscape(char c, boolean shortBf) {
    if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
      return c == 0x2028 ? "\\u2028" : c == 0x2029 ? "\\u2029" : null;
    }
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> shortBf ? "\\b" : "\\u0008";
      case '\f' -> shortBf ? "\\f" : "\\u000c";
      default -> "\\u00" + (c < 0x10 ? "0" : "") + Integer.toHexString(c);
    };
  }
}
