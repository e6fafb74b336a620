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

  private static double unitValue(String unit) {
    int power = "BKMGTPE".indexOf(unit.charAt(0));
    return Math.pow(1024, power);
  }
}
