package io.promsd.pushgateway;

import io.promsd.relabel.internal.config.GoText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The gateway's log lines as key/value pairs, as the real one logs them through go-kit and promlog.
 * {@code --log.format=logfmt} (the default) hands {@code msg="..." key=value} to SLF4J, so an
 * embedding application routes them as it routes its own. {@code --log.format=json} writes one JSON
 * object per line to its sink (standard error), as promlog's go-kit JSON logger does: the keys
 * {@code caller}, {@code level}, {@code msg}, {@code ts} and the line's own, sorted (Go's {@code
 * encoding/json} sorts a map's keys), strings escaped as {@code encoding/json} escapes them without
 * HTML escaping, {@code ts} in UTC with milliseconds ({@code 2006-01-02T15:04:05.000Z}). Checked
 * against the real 1.5.1 started with {@code --log.format=json}: {@code
 * {"caller":"push.go:146","err":"...","level":"error","method":"PUT","msg":"pushed metrics are
 * invalid or inconsistent with existing metrics","source":"127.0.0.1:39158","ts":"..."}}.
 */
final class GoLog {
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Logger slf4j;
  private final boolean json;
  private final Level min;
  private final Appendable sink;
  private final Supplier<Instant> clock;

  GoLog(Logger slf4j, String level, String format, Appendable sink, Supplier<Instant> clock) {
    this.slf4j = slf4j;
    this.json = "json".equals(format);
    this.min = Level.valueOf(level.toUpperCase(Locale.ROOT));
    this.sink = sink;
    this.clock = clock;
  }

  boolean json() {
    return json;
  }

  /** The web server's lines ({@code Listening on}, {@code TLS is enabled.}) through this log. */
  io.promsd.web.internal.WebLog webLog() {
    return new io.promsd.web.internal.WebLog() {
      @Override
      public void info(String msg, Object... keyvals) {
        log(Level.INFO, msg, keyvals);
      }

      @Override
      public void error(String msg, Object... keyvals) {
        log(Level.ERROR, msg, keyvals);
      }
    };
  }

  void debug(String msg, Object... kv) {
    log(Level.DEBUG, msg, kv);
  }

  void info(String msg, Object... kv) {
    log(Level.INFO, msg, kv);
  }

  void warn(String msg, Object... kv) {
    log(Level.WARN, msg, kv);
  }

  void error(String msg, Object... kv) {
    log(Level.ERROR, msg, kv);
  }

  /** Logs a line: the message and alternating keys and values (strings, numbers, booleans). */
  void log(Level level, String msg, Object... kv) {
    if (json) {
      if (level.compareTo(min) < 0) {
        return;
      }
      String line = jsonLine(level, msg, caller(), clock.get(), kv);
      synchronized (sink) {
        try {
          sink.append(line);
          if (sink instanceof java.io.Flushable f) {
            f.flush();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return;
    }
    String text = logfmt(msg, kv);
    switch (level) {
      case DEBUG -> slf4j.debug(text);
      case INFO -> slf4j.info(text);
      case WARN -> slf4j.warn(text);
      case ERROR -> slf4j.error(text);
    }
  }

  /** {@code msg="..." key=value ...}, values quoted as Go quotes them where logfmt needs it. */
  static String logfmt(String msg, Object... kv) {
    StringBuilder sb = new StringBuilder("msg=").append(logfmtValue(msg));
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append('=').append(logfmtValue(String.valueOf(kv[i + 1])));
    }
    return sb.toString();
  }

  private static String logfmtValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == 0x7f || Character.isSurrogate(c)) {
        return GoText.quote(v);
      }
    }
    return v;
  }

  /** One line of go-kit's JSON logger, with its newline. */
  static String jsonLine(Level level, String msg, String caller, Instant ts, Object... kv) {
    TreeMap<String, Object> m = new TreeMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(String.valueOf(kv[i]), kv[i + 1]);
    }
    m.put("caller", caller);
    m.put("level", level.name().toLowerCase(Locale.ROOT));
    if (msg != null) {
      m.put("msg", msg);
    }
    m.put("ts", TS.format(ts));
    StringBuilder sb = new StringBuilder(128).append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      jsonString(sb, e.getKey());
      sb.append(':');
      Object v = e.getValue();
      if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
        sb.append(v);
      } else {
        jsonString(sb, String.valueOf(v));
      }
    }
    return sb.append("}\n").toString();
  }

  /**
   * A string as Go 1.19's {@code encoding/json} writes it with HTML escaping off: {@code \"},
   * {@code \\}, {@code \n}, {@code \r}, {@code \t}, other control characters as a backslash, u and
   * four hex digits, U+2028 and U+2029 escaped, bytes that are not UTF-8 (kept as U+DC80 + the
   * byte) as U+FFFD.
   */
  static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xF, 16));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** {@code File.java:line} of the code that logged, as go-kit's {@code caller} names it. */
  private static String caller() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> !f.getClassName().startsWith(GoLog.class.getName()))
                    .findFirst()
                    .map(f -> f.getFileName() + ":" + f.getLineNumber())
                    .orElse("unknown"));
  }

  /** A socket address as Go prints a remote address: {@code host:port}. */
  static String address(java.net.InetSocketAddress a) {
    if (a == null) {
      return "";
    }
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return host.contains(":") ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
  }
}
