package io.promsd.relabel;

import io.promsd.relabel.internal.config.GoText;

/**
 * A configuration that Prometheus would reject.
 *
 * <p>{@link #getMessage()} is Prometheus's own text, verbatim (e.g. {@code relabel configuration
 * for hashmod requires non-zero modulus}). Where it happened is kept apart: the file, the line (0
 * when unknown), the job, the rule index (-1 when none). {@link #located()} joins them as the CLI
 * prints them: {@code prometheus.yml:14: job "node": relabel rule 2: <message>}.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String job;
  private final int ruleIndex;

  /** An error with Prometheus's {@code message} found at {@code file}:{@code line}. */
  public ConfigException(String message, String file, int line) {
    this(message, file, line, null, -1, null);
  }

  /** Full form; {@code file} and {@code job} may be null, {@code line} 0, {@code ruleIndex} -1. */
  public ConfigException(
      String message, String file, int line, String job, int ruleIndex, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.job = job;
    this.ruleIndex = ruleIndex;
  }

  /** The file the error is in, or null. */
  public String file() {
    return file;
  }

  /** The 1-based line of the error, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** The scrape job the error is in, or null. */
  public String job() {
    return job;
  }

  /** The 0-based index of the relabel rule the error is in, or -1. */
  public int ruleIndex() {
    return ruleIndex;
  }

  /** A copy that also names the job (keeps everything else). */
  public ConfigException withJob(String job) {
    ConfigException e = new ConfigException(getMessage(), file, line, job, ruleIndex, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** A copy located in {@code file} when it has no file yet. */
  public ConfigException inFile(String file) {
    if (this.file != null) {
      return this;
    }
    ConfigException e = new ConfigException(getMessage(), file, line, job, ruleIndex, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The location and the message, as the CLI prints them. */
  public String located() {
    StringBuilder sb = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    } else if (line > 0) {
      sb.append("line ").append(line).append(": ");
    }
    if (job != null) {
      sb.append("job ").append(GoText.quote(job)).append(": ");
    }
    if (ruleIndex >= 0) {
      sb.append("relabel rule ").append(ruleIndex).append(": ");
    }
    return sb.append(getMessage()).toString();
  }

  @Override
  public String toString() {
    return getClass().getName() + ": " + located();
  }
}
