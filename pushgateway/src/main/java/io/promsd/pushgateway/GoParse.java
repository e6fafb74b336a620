package io.promsd.pushgateway;

import java.util.regex.Pattern;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} and {@code strconv.ParseInt(s, 10, 64)}, decimal forms.
 */
final class GoParse {
  private GoParse() {}

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** The value, or null where Go answers an error (syntax, or out of range). */
  static Double parseFloat(String s) {
    Double special = special(s);
    if (special != null) {
      return special;
    }
    if (!DECIMAL.matcher(s).matches()) {
      return null;
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      return null; // ErrRange
    }
    return d;
  }

  // strconv/atof.go special(): a sign is allowed before inf/infinity but not before nan
  private static Double special(String s) {
    if (s.isEmpty()) {
      return null;
    }
    int sign = 1;
    String r = s;
    char c = s.charAt(0);
    if (c == '+' || c == '-') {
      sign = c == '-' ? -1 : 1;
      r = s.substring(1);
      if (r.equalsIgnoreCase("inf") || r.equalsIgnoreCase("infinity")) {
        return sign * Double.POSITIVE_INFINITY;
      }
      return null;
    }
    if (r.equalsIgnoreCase("inf") || r.equalsIgnoreCase("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (r.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  /** The value, or null where Go answers an error. */
  static Long parseInt64(String s) {
    int i = 0;
    if (s.isEmpty()) {
      return null;
    }
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      i = 1;
    }
    if (i == s.length()) {
      return null;
    }
    for (int k = i; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
