package io.promsd.relabel;

import io.promsd.relabel.internal.config.GoText;

/**
 * A configuration that Prometheus would reject.
 *
 * <p>{@link #getMessage()} says where and why, as the CLI prints it: {@code prometheus.yml:14: job
 * "node": relabel rule 2: <reason>}, each location part present only when known. {@link #reason()}
 * is Prometheus's own text, verbatim (e.g. {@code relabel configuration for hashmod requires
 * non-zero modulus}), to compare with promtool's; the parts of the location are {@link #file()},
 * {@link #line()} (0 when unknown), {@link #job()} and {@link #ruleIndex()} (-1 when none).
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String file;
  private final int line;
  private final String job;
  private final int ruleIndex;

  /** An error with Prometheus's text {@code reason} found at {@code file}:{@code line}. */
  public ConfigException(String reason, String file, int line) {
    this(reason, file, line, null, -1, null);
  }

  /** Full form; {@code file} and {@code job} may be null, {@code line} 0, {@code ruleIndex} -1. */
  public ConfigException(
      String reason, String file, int line, String job, int ruleIndex, Throwable cause) {
    super(located(reason, file, line, job, ruleIndex), cause);
    this.reason = reason;
    this.file = file;
    this.line = line;
    this.job = job;
    this.ruleIndex = ruleIndex;
  }

  /** Prometheus's text for the error, verbatim, without the location. */
  public String reason() {
    return reason;
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
    ConfigException e = new ConfigException(reason, file, line, job, ruleIndex, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** A copy located in {@code file} when it has no file yet. */
  public ConfigException inFile(String file) {
    if (this.file != null) {
      return this;
    }
    ConfigException e = new ConfigException(reason, file, line, job, ruleIndex, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  private static String located(String reason, String file, int line, String job, int ruleIndex) {
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
    return sb.append(reason).toString();
  }
}
