package io.promsd.sd.spi;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.time.Duration;

/**
 * Prometheus durations ({@code model.Duration} in prometheus/common): parsed from {@code 1h30m},
 * {@code 90s}, {@code 1d}, {@code 1w}, {@code 1y}, {@code 500ms}, {@code 0}, and printed back the
 * way Prometheus prints them ({@code 90s} prints as {@code 1m30s}); {@link #decode} reads a config
 * field of that type as yaml.v2 reads it.
 */
public final class PromDuration {
  private PromDuration() {}

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600_000L, 60_000L, 1000L, 1L
  };

  /** Parses under Prometheus 3.x's rules; see {@link #parse(String, Compat)}. */
  public static Duration parse(String s) {
    return parse(s, Compat.PROMETHEUS_3);
  }

  /**
   * Parses a duration: units from {@code y} down to {@code ms}, each at most once, in decreasing
   * order, integer counts; or {@code 0}. 3.x names an unknown unit ({@code unknown unit "x" in
   * duration "1x"}); 2.42 calls every malformed string {@code not a valid duration string}.
   *
   * @throws IllegalArgumentException with Prometheus's message, e.g. {@code not a valid duration
   *     string: "1.5s"}
   */
  public static Duration parse(String s, Compat compat) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int i = 0;
    int lastUnit = -1;
    int n = s.length();
    boolean overflow = false;
    while (i < n) {
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw invalid(s);
      }
      String digits = s.substring(start, i);
      int unitStart = i;
      while (i < n && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw invalid(s);
      }
      String unit = s.substring(unitStart, i);
      int u = unitIndex(unit);
      if (u < 0) {
        if (compat == Compat.PROMETHEUS_2) {
          throw invalid(s);
        }
        throw new IllegalArgumentException(
            "unknown unit " + GoText.quote(unit) + " in duration " + GoText.quote(s));
      }
      if (u <= lastUnit) {
        throw invalid(s);
      }
      lastUnit = u;
      try {
        long count = Long.parseLong(digits);
        total = Math.addExact(total, Math.multiplyExact(count, MILLIS[u]));
        // time.Duration counts nanoseconds in an int64: about 292 years.
        if (total > Long.MAX_VALUE / 1_000_000) {
          overflow = true;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        overflow = true;
        if (compat == Compat.PROMETHEUS_3) {
          throw new IllegalArgumentException("duration out of range");
        }
      }
      if (overflow && compat == Compat.PROMETHEUS_3) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    if (overflow) {
      throw new IllegalArgumentException("duration out of range");
    }
    return Duration.ofMillis(total);
  }

  /**
   * Decodes a {@code model.Duration} field as Prometheus's {@code UnmarshalYAML} does: an absent
   * field ({@code n == null}) keeps {@code absent}; an explicit null is zero (yaml.v2 sets the zero
   * value); a sequence or mapping is a type error ({@code into string}, collected in {@code d});
   * text that does not parse fails at once with Prometheus's message, located at {@code n}.
   *
   * @throws io.promsd.relabel.ConfigException for text that is not a duration
   */
  public static Duration decode(Decoder d, Node n, Compat compat, Duration absent) {
    if (n == null) {
      return absent;
    }
    if (n.isNull()) {
      return Duration.ZERO;
    }
    if (n.kind() != Node.Kind.SCALAR) {
      d.typeError(n, "string"); // model.Duration unmarshals into a string first
      return absent;
    }
    try {
      return parse(n.text(), compat);
    } catch (IllegalArgumentException e) {
      // UnmarshalYAML returns a plain error: yaml.v2 fails at once with its text.
      throw d.error(n, e.getMessage());
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int unitIndex(String unit) {
    for (int k = 0; k < UNITS.length; k++) {
      if (UNITS[k].equals(unit)) {
        return k;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoText.quote(s));
  }

  /** Prints as Prometheus does: {@code 1m30s}, {@code 2w}, {@code 1s500ms}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    for (int k = 0; k < UNITS.length; k++) {
      long unit = MILLIS[k];
      boolean onlyWhole = k <= 1; // years and weeks only when nothing remains below them
      if (onlyWhole && ms % unit != 0) {
        continue;
      }
      long count = ms / unit;
      if (count > 0) {
        sb.append(count).append(UNITS[k]);
        ms -= count * unit;
      }
    }
    return sb.toString();
  }
}
