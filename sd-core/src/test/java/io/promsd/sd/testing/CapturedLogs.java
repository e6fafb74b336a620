package io.promsd.sd.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test-only SLF4J provider that keeps every log line of every level (with stack traces), so tests
 * can assert what was logged, e.g. that no secret ever is. It is not registered here: a module that
 * wants it lists {@code io.promsd.sd.testing.CapturedLogs} in its test resources' {@code
 * META-INF/services/org.slf4j.spi.SLF4JServiceProvider}; the others keep SLF4J's no-op logging.
 */
public final class CapturedLogs implements SLF4JServiceProvider {
  private static final List<String> lines = new ArrayList<>();
  private static volatile boolean enabled = true;

  /** Turns capture (and every level) on or off; off for measurements. */
  public static void enabled(boolean on) {
    enabled = on;
  }

  /** Everything logged so far, one string per event (level, logger, message, stack trace). */
  public static List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Forgets everything logged so far. */
  public static void clear() {
    synchronized (lines) {
      lines.clear();
    }
  }

  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** For {@link java.util.ServiceLoader}. */
  public CapturedLogs() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name, CapturingLogger::new);
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private static final class CapturingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String msg, Object[] args, Throwable t) {
      if (!enabled) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      sb.append(level).append(' ').append(name).append(": ");
      sb.append(MessageFormatter.basicArrayFormat(msg, args));
      if (t != null) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        sb.append('\n').append(w);
      }
      synchronized (lines) {
        lines.add(sb.toString());
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return enabled;
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return enabled;
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return enabled;
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return enabled;
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return enabled;
    }
  }
}
