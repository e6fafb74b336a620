package io.promsd.relabel;

/**
 * A relabel rule that Prometheus would reject. The message is Prometheus's text; {@link
 * #ruleIndex()} names the rule (0-based), {@link #file()} and {@link #line()} its place when it was
 * parsed from a file.
 */
public final class RelabelConfigException extends ConfigException {
  private static final long serialVersionUID = 1L;

  /** An error in rule {@code ruleIndex} (or -1), at {@code file}:{@code line} if known. */
  public RelabelConfigException(String message, String file, int line, int ruleIndex) {
    super(message, file, line, null, ruleIndex, null);
  }

  private RelabelConfigException(ConfigException e, int ruleIndex) {
    super(e.reason(), e.file(), e.line(), e.job(), ruleIndex, e.getCause());
  }

  static RelabelConfigException from(ConfigException e, int ruleIndex) {
    return new RelabelConfigException(e, ruleIndex);
  }
}
