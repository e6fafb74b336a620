package io.promsd.pushgateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's text for times ({@code RFC3339Nano}, as JSON writes {@code time.Time}) and durations. */
final class GoTime {
  private GoTime() {}

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** RFC 3339 with nanoseconds, trailing zeros trimmed, in UTC ({@code Z}). */
  static String rfc3339Nano(long epochNanos) {
    long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nano = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    StringBuilder sb = new StringBuilder(SECONDS.format(Instant.ofEpochSecond(sec)));
    if (nano != 0) {
      String f = String.format("%09d", nano);
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
}
