package io.promsd.pushgateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's text for times ({@code RFC3339Nano}, as JSON writes {@code time.Time}) and durations. */
final class GoTime {
  private GoTime() {}

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", java.util.Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** RFC 3339 with nanoseconds, trailing zeros trimmed, in UTC ({@code Z}). */
  static String rfc3339Nano(long epochNanos) {
    long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nano = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    StringBuilder sb = new StringBuilder(SECONDS.format(Instant.ofEpochSecond(sec)));
    if (nano != 0) {
      String f = String.format(java.util.Locale.ROOT, "%09d", nano);
      int e = f.length();
      while (f.charAt(e - 1) == '0') {
        e--;
      }
      sb.append('.').append(f, 0, e);
    }
    return sb.append('Z').toString();
  }

  /** {@code time.Duration.String()}: {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}. */
  static String duration(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    String sign = n < 0 ? "-" : "";
    long u = Math.abs(n);
    if (u < 1_000_000_000L) {
      if (u < 1_000) {
        return sign + u + "ns";
      }
      if (u < 1_000_000) {
        return sign + frac(u, 1_000) + "µs";
      }
      return sign + frac(u, 1_000_000) + "ms";
    }
    long h = u / 3_600_000_000_000L;
    u -= h * 3_600_000_000_000L;
    long m = u / 60_000_000_000L;
    u -= m * 60_000_000_000L;
    StringBuilder sb = new StringBuilder(sign);
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(frac(u, 1_000_000_000L)).append('s');
    return sb.toString();
  }

  private static String frac(long v, long unit) {
    long whole = v / unit;
    long rest = v % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String f = Long.toString(unit + rest).substring(1);
    int e = f.length();
    while (f.charAt(e - 1) == '0') {
      e--;
    }
    return whole + "." + f.substring(0, e);
  }

  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");

  /** Go's {@code time.ParseDuration} ({@code 5m}, {@code 1h30m}, {@code 1.5s}); null when bad. */
  static Duration parseGo(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("-") || t.startsWith("+")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.isEmpty()) {
      return null;
    }
    java.util.regex.Matcher m = PART.matcher(t);
    int pos = 0;
    java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
    while (pos < t.length()) {
      if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
        return null;
      }
      java.math.BigDecimal v =
          new java.math.BigDecimal(
              m.group(1).endsWith(".")
                  ? m.group(1) + "0"
                  : m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(v.multiply(java.math.BigDecimal.valueOf(unit)));
      pos = m.end();
    }
    long n = nanos.longValue();
    return Duration.ofNanos(neg ? -n : n);
  }
}
