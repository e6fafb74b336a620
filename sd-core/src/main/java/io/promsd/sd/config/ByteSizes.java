package io.promsd.sd.config;

import java.util.Set;

/**
 * Byte sizes such as {@code body_size_limit}: alecthomas/units {@code Base2Bytes}, whose text
 * unmarshaling runs {@code ParseUnit} with the {@code KiB} units and then with the {@code KB} ones
 * (both base 2), and reports the second attempt's error. Stateless.
 */
final class ByteSizes {
  private ByteSizes() {}

  static final Set<String> BASE2_UNITS = Set.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");

  static final Set<String> OLD_BASE2_UNITS = Set.of("B", "KB", "MB", "GB", "TB", "PB", "EB");

  /** alecthomas/units ParseUnit's error for {@code orig} with these units, or null. */
  static String error(String orig, Set<String> units) {
    String s = orig;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return null;
    }
    String invalid = "units: invalid " + orig;
    if (s.isEmpty()) {
      return invalid;
    }
    double total = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return invalid;
      }
      int start = i;
      long whole = 0;
      for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
        if (whole >= (Long.MAX_VALUE - 10) / 10) {
          return invalid; // leadingInt's overflow
        }
        whole = whole * 10 + (s.charAt(i) - '0');
      }
      double g = whole;
      boolean pre = i > start;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        long frac = 0;
        double scale = 1;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
          if (frac >= (Long.MAX_VALUE - 10) / 10) {
            return invalid;
          }
          frac = frac * 10 + (s.charAt(i) - '0');
          scale *= 10;
        }
        g += frac / scale;
        post = i > fracStart;
      }
      if (!pre && !post) {
        return invalid;
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (!units.contains(unit)) {
        return "units: unknown unit " + unit + " in " + orig;
      }
      total += g * unitValue(unit);
    }
    if (total >= 0x1p63) {
      return "units: overflow parsing unit";
    }
    return null;
  }

  /**
   * The value of a size {@link #error} accepted with {@code units}: the sum of its parts, negated
   * for a leading {@code -}, truncated to an int64 as Go converts the float.
   */
  static long value(String orig, Set<String> units) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    double total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (s.charAt(i) == '.' || Character.isDigit(s.charAt(i)))) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      double g = number.equals(".") ? 0 : Double.parseDouble(number);
      total += unit.isEmpty() ? g : g * unitValue(unit);
    }
    long v = (long) total;
    return neg ? -v : v;
  }

  /**
   * alecthomas/units {@code Base2Bytes.String}: the value as parts from the largest unit down, each
   * part the remainder by 1024 and only non-zero parts ({@code -1KiB-512B}).
   */
  static String base2String(long n) {
    String[] units = {"", "K", "M", "G", "T", "P", "E"};
    String[] out = new String[units.length];
    for (int i = 0; i < units.length; i++) {
      if (n % 1024 != 0 || (i == 0 && n == 0)) {
        out[units.length - 1 - i] = (n % 1024) + units[i] + (i == 0 ? "B" : "iB");
      }
      n /= 1024;
      if (n == 0) {
        break;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String o : out) {
      if (o != null) {
        sb.append(o);
      }
    }
    return sb.toString();
  }

  private static double unitValue(String unit) {
    int power = "BKMGTPE".indexOf(unit.charAt(0));
    return Math.pow(1024, power);
  }
}
