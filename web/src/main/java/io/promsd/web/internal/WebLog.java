package io.promsd.web.internal;

/**
 * Where a {@link WebServer} reports what it does (listening, TLS on or off, a web config file that
 * no longer reads), as a message with key-value pairs in exporter-toolkit's words, so that each
 * server can print them in its own log format. Implementations must be thread-safe.
 */
public interface WebLog {
  /** An informational event: {@code msg} and alternating keys and values. */
  void info(String msg, Object... keyvals);

  /** An error: {@code msg} and alternating keys and values. */
  void error(String msg, Object... keyvals);

  /** A log through SLF4J's logger {@code io.promsd.web.internal.WebServer}. */
  static WebLog slf4j() {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(WebServer.class);
    return new WebLog() {
      @Override
      public void info(String msg, Object... keyvals) {
        if (logger.isInfoEnabled()) {
          logger.info(format(msg, keyvals));
        }
      }

      @Override
      public void error(String msg, Object... keyvals) {
        logger.error(format(msg, keyvals));
      }

      private String format(String msg, Object... keyvals) {
        StringBuilder sb = new StringBuilder(msg);
        for (int i = 0; i + 1 < keyvals.length; i += 2) {
          sb.append(' ').append(keyvals[i]).append('=').append(keyvals[i + 1]);
        }
        return sb.toString();
      }
    };
  }
}
