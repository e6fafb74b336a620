package io.promsd.sd.config;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code scrape_configs}, with the global defaults already applied (as Prometheus
 * applies them when it loads the file). Immutable; {@link #equals} compares every setting.
 *
 * <p>{@link ConfigLoader} makes these from a prometheus.yml. To make one in code, start from {@link
 * #builder(String)} (Prometheus's defaults) or from an existing config's {@link #toBuilder()}: a
 * class with a builder rather than a record, so that a setting Prometheus adds does not break
 * callers.
 */
public final class ScrapeConfig {
  private final String jobName;
  private final Duration scrapeInterval;
  private final Duration scrapeTimeout;
  private final String metricsPath;
  private final String scheme;
  private final Map<String, List<String>> params;
  private final boolean honorLabels;
  private final boolean honorTimestamps;
  private final List<RelabelConfig> relabelConfigs;
  private final List<RelabelConfig> metricRelabelConfigs;
  private final List<SdConfig> sdConfigs;
  private final HttpClientConfig httpClientConfig;
  private final NameValidation nameValidation;
  private final boolean scrapeNativeHistograms;
  private final boolean convertClassicHistogramsToNhcb;
  private final boolean alwaysScrapeClassicHistograms;
  private final long keepDroppedTargets;
  private final long targetLimit;
  private final String file;
  private final int line;

  private ScrapeConfig(Builder b) {
    this.jobName = b.jobName;
    this.scrapeInterval = b.scrapeInterval;
    this.scrapeTimeout = b.scrapeTimeout;
    this.metricsPath = b.metricsPath;
    this.scheme = b.scheme;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    this.honorLabels = b.honorLabels;
    this.honorTimestamps = b.honorTimestamps;
    this.relabelConfigs = List.copyOf(b.relabelConfigs);
    this.metricRelabelConfigs = List.copyOf(b.metricRelabelConfigs);
    this.sdConfigs = List.copyOf(b.sdConfigs);
    this.httpClientConfig = b.httpClientConfig;
    this.nameValidation = b.nameValidation;
    this.scrapeNativeHistograms = b.scrapeNativeHistograms;
    this.convertClassicHistogramsToNhcb = b.convertClassicHistogramsToNhcb;
    this.alwaysScrapeClassicHistograms = b.alwaysScrapeClassicHistograms;
    this.keepDroppedTargets = b.keepDroppedTargets;
    this.targetLimit = b.targetLimit;
    this.file = b.file;
    this.line = b.line;
  }

  /**
   * A builder for job {@code jobName} with the defaults Prometheus 3.x gives a job that sets
   * nothing under an empty {@code global} section: 1m interval, 10s timeout, scheme {@code http},
   * path {@code /metrics}, timestamps honored, no rules, no SD configs, the default HTTP client,
   * UTF-8 metric names.
   */
  public static Builder builder(String jobName) {
    return new Builder(requireNonNull(jobName, "jobName"));
  }

  /** A builder holding this config's settings, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(jobName);
    b.scrapeInterval = scrapeInterval;
    b.scrapeTimeout = scrapeTimeout;
    b.metricsPath = metricsPath;
    b.scheme = scheme;
    b.params = params;
    b.honorLabels = honorLabels;
    b.honorTimestamps = honorTimestamps;
    b.relabelConfigs = relabelConfigs;
    b.metricRelabelConfigs = metricRelabelConfigs;
    b.sdConfigs = sdConfigs;
    b.httpClientConfig = httpClientConfig;
    b.nameValidation = nameValidation;
    b.scrapeNativeHistograms = scrapeNativeHistograms;
    b.convertClassicHistogramsToNhcb = convertClassicHistogramsToNhcb;
    b.alwaysScrapeClassicHistograms = alwaysScrapeClassicHistograms;
    b.keepDroppedTargets = keepDroppedTargets;
    b.targetLimit = targetLimit;
    b.file = file;
    b.line = line;
    return b;
  }

  /** The job. */
  public String jobName() {
    return jobName;
  }

  /** The job's interval. */
  public Duration scrapeInterval() {
    return scrapeInterval;
  }

  /** The job's timeout. */
  public Duration scrapeTimeout() {
    return scrapeTimeout;
  }

  /** {@code metrics_path} ({@code /metrics}). */
  public String metricsPath() {
    return metricsPath;
  }

  /** {@code scheme} ({@code http}). */
  public String scheme() {
    return scheme;
  }

  /** {@code params}: name to values, in file order. */
  public Map<String, List<String>> params() {
    return params;
  }

  /** {@code honor_labels}. */
  public boolean honorLabels() {
    return honorLabels;
  }

  /** {@code honor_timestamps}. */
  public boolean honorTimestamps() {
    return honorTimestamps;
  }

  /** {@code relabel_configs}. */
  public List<RelabelConfig> relabelConfigs() {
    return relabelConfigs;
  }

  /** {@code metric_relabel_configs}. */
  public List<RelabelConfig> metricRelabelConfigs() {
    return metricRelabelConfigs;
  }

  /**
   * The SD configs in Prometheus's order, {@code static_configs} last as one {@link
   * StaticSdConfig}.
   */
  public List<SdConfig> sdConfigs() {
    return sdConfigs;
  }

  /** The job's own HTTP client settings (scrape time only; validated). */
  public HttpClientConfig httpClientConfig() {
    return httpClientConfig;
  }

  /** The job's {@code metric_name_validation_scheme} (3.x). */
  public NameValidation nameValidation() {
    return nameValidation;
  }

  /** Drives {@code __scrape_native_histograms__} (3.13+). */
  public boolean scrapeNativeHistograms() {
    return scrapeNativeHistograms;
  }

  /** Drives {@code __convert_classic_histograms_to_nhcb__}. */
  public boolean convertClassicHistogramsToNhcb() {
    return convertClassicHistogramsToNhcb;
  }

  /** Drives {@code __always_scrape_classic_histograms__}. */
  public boolean alwaysScrapeClassicHistograms() {
    return alwaysScrapeClassicHistograms;
  }

  /** Cap on the dropped targets kept for display (0 = no cap). */
  public long keepDroppedTargets() {
    return keepDroppedTargets;
  }

  /** {@code target_limit} (0 = none). */
  public long targetLimit() {
    return targetLimit;
  }

  /** The file the job was read from, or null. */
  public String file() {
    return file;
  }

  /** The line of the job's entry, or 0. */
  public int line() {
    return line;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScrapeConfig c
        && Objects.equals(jobName, c.jobName)
        && Objects.equals(scrapeInterval, c.scrapeInterval)
        && Objects.equals(scrapeTimeout, c.scrapeTimeout)
        && Objects.equals(metricsPath, c.metricsPath)
        && Objects.equals(scheme, c.scheme)
        && Objects.equals(params, c.params)
        && honorLabels == c.honorLabels
        && honorTimestamps == c.honorTimestamps
        && Objects.equals(relabelConfigs, c.relabelConfigs)
        && Objects.equals(metricRelabelConfigs, c.metricRelabelConfigs)
        && Objects.equals(sdConfigs, c.sdConfigs)
        && Objects.equals(httpClientConfig, c.httpClientConfig)
        && Objects.equals(nameValidation, c.nameValidation)
        && scrapeNativeHistograms == c.scrapeNativeHistograms
        && convertClassicHistogramsToNhcb == c.convertClassicHistogramsToNhcb
        && alwaysScrapeClassicHistograms == c.alwaysScrapeClassicHistograms
        && keepDroppedTargets == c.keepDroppedTargets
        && targetLimit == c.targetLimit
        && Objects.equals(file, c.file)
        && line == c.line;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        jobName,
        scrapeInterval,
        scrapeTimeout,
        metricsPath,
        scheme,
        params,
        honorLabels,
        honorTimestamps,
        relabelConfigs,
        metricRelabelConfigs,
        sdConfigs,
        httpClientConfig,
        nameValidation,
        scrapeNativeHistograms,
        convertClassicHistogramsToNhcb,
        alwaysScrapeClassicHistograms,
        keepDroppedTargets,
        targetLimit,
        file,
        line);
  }

  /** The settings in the form a record prints them: {@code ScrapeConfig[jobName=..., ...]}. */
  @Override
  public String toString() {
    return "ScrapeConfig["
        + "jobName="
        + jobName
        + ", scrapeInterval="
        + scrapeInterval
        + ", scrapeTimeout="
        + scrapeTimeout
        + ", metricsPath="
        + metricsPath
        + ", scheme="
        + scheme
        + ", params="
        + params
        + ", honorLabels="
        + honorLabels
        + ", honorTimestamps="
        + honorTimestamps
        + ", relabelConfigs="
        + relabelConfigs
        + ", metricRelabelConfigs="
        + metricRelabelConfigs
        + ", sdConfigs="
        + sdConfigs
        + ", httpClientConfig="
        + httpClientConfig
        + ", nameValidation="
        + nameValidation
        + ", scrapeNativeHistograms="
        + scrapeNativeHistograms
        + ", convertClassicHistogramsToNhcb="
        + convertClassicHistogramsToNhcb
        + ", alwaysScrapeClassicHistograms="
        + alwaysScrapeClassicHistograms
        + ", keepDroppedTargets="
        + keepDroppedTargets
        + ", targetLimit="
        + targetLimit
        + ", file="
        + file
        + ", line="
        + line
        + "]";
  }

  /** Builds a {@link ScrapeConfig}; not thread-safe. Every setter rejects null. */
  public static final class Builder {
    private String jobName;
    private Duration scrapeInterval = Duration.ofMinutes(1);
    private Duration scrapeTimeout = Duration.ofSeconds(10);
    private String metricsPath = "/metrics";
    private String scheme = "http";
    private Map<String, List<String>> params = Map.of();
    private boolean honorLabels = false;
    private boolean honorTimestamps = true;
    private List<RelabelConfig> relabelConfigs = List.of();
    private List<RelabelConfig> metricRelabelConfigs = List.of();
    private List<SdConfig> sdConfigs = List.of();
    private HttpClientConfig httpClientConfig = HttpClientConfig.DEFAULT;
    private NameValidation nameValidation = NameValidation.UTF8;
    private boolean scrapeNativeHistograms = false;
    private boolean convertClassicHistogramsToNhcb = false;
    private boolean alwaysScrapeClassicHistograms = false;
    private long keepDroppedTargets = 0;
    private long targetLimit = 0;
    private String file = null;
    private int line = 0;

    private Builder(String jobName) {
      this.jobName = jobName;
    }

    /** The job's name, {@code job_name}. */
    public Builder jobName(String jobName) {
      this.jobName = requireNonNull(jobName, "jobName");
      return this;
    }

    /** {@code scrape_interval} (1m). */
    public Builder scrapeInterval(Duration scrapeInterval) {
      this.scrapeInterval = requireNonNull(scrapeInterval, "scrapeInterval");
      return this;
    }

    /** {@code scrape_timeout} (10s). */
    public Builder scrapeTimeout(Duration scrapeTimeout) {
      this.scrapeTimeout = requireNonNull(scrapeTimeout, "scrapeTimeout");
      return this;
    }

    /** {@code metrics_path} ({@code /metrics}). */
    public Builder metricsPath(String metricsPath) {
      this.metricsPath = requireNonNull(metricsPath, "metricsPath");
      return this;
    }

    /** {@code scheme} ({@code http}). */
    public Builder scheme(String scheme) {
      this.scheme = requireNonNull(scheme, "scheme");
      return this;
    }

    /** {@code params}: name to values, in file order (empty). */
    public Builder params(Map<String, List<String>> params) {
      this.params = requireNonNull(params, "params");
      return this;
    }

    /** {@code honor_labels} (false). */
    public Builder honorLabels(boolean honorLabels) {
      this.honorLabels = honorLabels;
      return this;
    }

    /** {@code honor_timestamps} (true). */
    public Builder honorTimestamps(boolean honorTimestamps) {
      this.honorTimestamps = honorTimestamps;
      return this;
    }

    /** {@code relabel_configs} (none). */
    public Builder relabelConfigs(List<RelabelConfig> relabelConfigs) {
      this.relabelConfigs = requireNonNull(relabelConfigs, "relabelConfigs");
      return this;
    }

    /** {@code metric_relabel_configs} (none). */
    public Builder metricRelabelConfigs(List<RelabelConfig> metricRelabelConfigs) {
      this.metricRelabelConfigs = requireNonNull(metricRelabelConfigs, "metricRelabelConfigs");
      return this;
    }

    /**
     * The SD configs in Prometheus's order, {@code static_configs} last as one {@link
     * StaticSdConfig} (none).
     */
    public Builder sdConfigs(List<SdConfig> sdConfigs) {
      this.sdConfigs = requireNonNull(sdConfigs, "sdConfigs");
      return this;
    }

    /** The job's own HTTP client settings ({@link HttpClientConfig#DEFAULT}). */
    public Builder httpClientConfig(HttpClientConfig httpClientConfig) {
      this.httpClientConfig = requireNonNull(httpClientConfig, "httpClientConfig");
      return this;
    }

    /** The job's {@code metric_name_validation_scheme} ({@link NameValidation#UTF8}). */
    public Builder nameValidation(NameValidation nameValidation) {
      this.nameValidation = requireNonNull(nameValidation, "nameValidation");
      return this;
    }

    /** Drives {@code __scrape_native_histograms__} (false). */
    public Builder scrapeNativeHistograms(boolean scrapeNativeHistograms) {
      this.scrapeNativeHistograms = scrapeNativeHistograms;
      return this;
    }

    /** Drives {@code __convert_classic_histograms_to_nhcb__} (false). */
    public Builder convertClassicHistogramsToNhcb(boolean convertClassicHistogramsToNhcb) {
      this.convertClassicHistogramsToNhcb = convertClassicHistogramsToNhcb;
      return this;
    }

    /** Drives {@code __always_scrape_classic_histograms__} (false). */
    public Builder alwaysScrapeClassicHistograms(boolean alwaysScrapeClassicHistograms) {
      this.alwaysScrapeClassicHistograms = alwaysScrapeClassicHistograms;
      return this;
    }

    /** Cap on the dropped targets kept for display (0 = no cap). */
    public Builder keepDroppedTargets(long keepDroppedTargets) {
      this.keepDroppedTargets = keepDroppedTargets;
      return this;
    }

    /** {@code target_limit} (0 = none). */
    public Builder targetLimit(long targetLimit) {
      this.targetLimit = targetLimit;
      return this;
    }

    /** The file the job was read from, or null (null). */
    public Builder file(String file) {
      this.file = file;
      return this;
    }

    /** The line of the job's entry (0). */
    public Builder line(int line) {
      this.line = line;
      return this;
    }

    /** The config. */
    public ScrapeConfig build() {
      return new ScrapeConfig(this);
    }
  }
}
