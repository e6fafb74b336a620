package io.promsd.relabel;

/**
 * Go's {@code strings.ToLower} and {@code strings.ToUpper}: one code point at a time, simple
 * Unicode case mapping, no locale. Unlike {@link String#toLowerCase()}, {@code İ} lowers to {@code
 * i} and {@code ß} stays {@code ß} in upper case.
 */
final class CaseMapping {
  private CaseMapping() {}

  static String toLower(String s) {
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

  static String toUpper(String s) {
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
}
