package io.promsd.sd.config;

import io.promsd.relabel.ConfigException;

/**
 * A prometheus.yml that Prometheus would reject, as {@link ConfigLoader} reports it.
 *
 * <p>{@link #getMessage()} (and {@link #toString()}) put the file, line, job and relabel rule index
 * in front of Prometheus's text: {@code prometheus.yml:14: job "node": relabel rule 2: <reason>};
 * log it. {@link #reason()} is Prometheus's own text, verbatim, to compare with promtool's. The
 * original error (for a relabel rule a {@link io.promsd.relabel.RelabelConfigException}) is the
 * {@linkplain #getCause() cause}.
 */
public final class PrometheusConfigException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private PrometheusConfigException(ConfigException e) {
    super(e.reason(), e.file(), e.line(), e.job(), e.ruleIndex(), e);
    setStackTrace(e.getStackTrace());
  }

  /** {@code e} as an sd-core exception (itself if it is one already). */
  static PrometheusConfigException of(ConfigException e) {
    return e instanceof PrometheusConfigException p ? p : new PrometheusConfigException(e);
  }
}
