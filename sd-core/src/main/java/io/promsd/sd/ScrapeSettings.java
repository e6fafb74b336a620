package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.Relabeler;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scraper needs to scrape one job's targets as Prometheus would: the job's settings, each
 * target's URL, interval and timeout, and the job's compiled {@code metric_relabel_configs}.
 * Carried by every {@link JobTargets} of a snapshot, so settings and targets never disagree across
 * a reload. Immutable and thread-safe.
 *
 * <p>Per-target values come from the target's final labels, which relabeling may have changed:
 * {@code __scheme__}, {@code __address__}, {@code __metrics_path__}, {@code __param_*}, {@code
 * __scrape_interval__}, {@code __scrape_timeout__} (Prometheus's {@code scrape/target.go}).
 */
public final class ScrapeSettings {
  private static final String PARAM = "__param_";
  private static final String EXPORTED = "exported_";

  private final ScrapeConfig config;
  private final Compat compat;
  private final Relabeler metricRelabeler;

  private ScrapeSettings(ScrapeConfig config, Compat compat) {
    this.config = config;
    this.compat = compat;
    this.metricRelabeler =
        Relabeler.compile(config.metricRelabelConfigs(), compat, config.nameValidation());
  }

  /**
   * Compiles the settings of a job.
   *
   * @throws io.promsd.relabel.RelabelConfigException if a metric relabel rule is invalid (a loaded
   *     config has been validated already)
   */
  public static ScrapeSettings of(ScrapeConfig config, Compat compat) {
    return new ScrapeSettings(requireNonNull(config, "config"), requireNonNull(compat, "compat"));
  }

  /** The job's scrape config, as loaded. */
  public ScrapeConfig config() {
    return config;
  }

  /** The Prometheus version whose rules apply. */
  public Compat compat() {
    return compat;
  }

  /** The job name. */
  public String jobName() {
    return config.jobName();
  }

  /** The job's {@code scrape_interval}; a target may override it, see {@link #interval(Labels)}. */
  public Duration interval() {
    return config.scrapeInterval();
  }

  /** The job's {@code scrape_timeout}; a target may override it, see {@link #timeout(Labels)}. */
  public Duration timeout() {
    return config.scrapeTimeout();
  }

  /** The job's {@code scheme}. */
  public String scheme() {
    return config.scheme();
  }

  /** The job's {@code metrics_path}. */
  public String metricsPath() {
    return config.metricsPath();
  }

  /** The job's {@code params}: name to values, in file order. */
  public Map<String, List<String>> params() {
    return config.params();
  }

  /** {@code honor_labels}: whether a scraped label wins over a target label of the same name. */
  public boolean honorLabels() {
    return config.honorLabels();
  }

  /** {@code honor_timestamps}: whether scraped timestamps are kept. */
  public boolean honorTimestamps() {
    return config.honorTimestamps();
  }

  /** The job's HTTP client settings (TLS, authentication, proxy, headers). */
  public HttpClientConfig httpClientConfig() {
    return config.httpClientConfig();
  }

  /** The compiled {@code metric_relabel_configs} (no rules: returns every series unchanged). */
  public Relabeler metricRelabeler() {
    return metricRelabeler;
  }

  /**
   * The URL Prometheus scrapes for a target with these final labels: {@code
   * __scheme__://__address____metrics_path__?query}, where the query holds the job's {@code params}
   * with each {@code __param_<name>} label replacing its first value, keys sorted, escaped as Go's
   * {@code url.URL.String()} escapes them ({@code scrape/target.go}, {@code Target.URL}).
   */
  public String scrapeUrl(Labels targetLabels) {
    requireNonNull(targetLabels, "targetLabels");
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : config.params().entrySet()) {
      params.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    for (int i = 0; i < targetLabels.size(); i++) {
      String n = targetLabels.name(i);
      if (n.startsWith(PARAM)) {
        List<String> vs =
            params.computeIfAbsent(n.substring(PARAM.length()), k -> new ArrayList<>());
        if (vs.isEmpty()) {
          vs.add(targetLabels.value(i));
        } else {
          vs.set(0, targetLabels.value(i));
        }
      }
    }
    return GoUrl.format(
        targetLabels.get("__scheme__"),
        targetLabels.get("__address__"),
        targetLabels.get("__metrics_path__"),
        GoUrl.encode(params));
  }

  /** As {@link #scrapeUrl(Labels)} for an active target. */
  public String scrapeUrl(ScrapeTarget target) {
    return scrapeUrl(requireNonNull(target, "target").labels());
  }

  /**
   * The target's scrape interval: its {@code __scrape_interval__} label, else the job's. Target
   * population has checked the label, so an active target's always parses.
   */
  public Duration interval(Labels targetLabels) {
    return duration(targetLabels, "__scrape_interval__", interval());
  }

  /** The target's scrape timeout: its {@code __scrape_timeout__} label, else the job's. */
  public Duration timeout(Labels targetLabels) {
    return duration(targetLabels, "__scrape_timeout__", timeout());
  }

  private Duration duration(Labels l, String name, Duration absent) {
    String v = requireNonNull(l, "targetLabels").get(name);
    return v.isEmpty() ? absent : PromDuration.parse(v, compat);
  }

  /**
   * A scraped series as Prometheus stores it: the target's public labels added (a scraped label of
   * the same name is kept under {@code exported_<name>}, or wins when {@code honor_labels} is set),
   * then {@code metric_relabel_configs} applied ({@code scrape/scrape.go}, {@code
   * mutateSampleLabels} and {@code resolveConflictingExposedLabels}, in 2.42 and 3.x alike).
   *
   * <p>Empty when a rule drops the series, or its labels end up empty: Prometheus then skips the
   * sample. A result without {@code __name__} makes Prometheus fail the whole scrape with {@code
   * missing metric name (__name__ label)}; that is the caller's check.
   *
   * @param series the labels of a scraped sample, {@code __name__} included
   * @param targetLabels the target's final labels ({@link ScrapeTarget#labels()})
   */
  public Optional<Labels> relabelSeries(Labels series, Labels targetLabels) {
    requireNonNull(series, "series");
    requireNonNull(targetLabels, "targetLabels");
    Labels.Builder b = series.toBuilder();
    List<String[]> conflicts = null;
    for (int i = 0; i < targetLabels.size(); i++) {
      String n = targetLabels.name(i);
      if (n.startsWith("__")) {
        continue; // Target.LabelsRange passes only the public labels
      }
      String scraped = series.get(n);
      if (config.honorLabels()) {
        if (scraped.isEmpty()) {
          b.set(n, targetLabels.value(i));
        }
      } else {
        if (!scraped.isEmpty()) {
          if (conflicts == null) {
            conflicts = new ArrayList<>();
          }
          conflicts.add(new String[] {n, scraped});
        }
        b.set(n, targetLabels.value(i));
      }
    }
    if (conflicts != null) {
      // Shortest names first (a stable sort); each takes the first free exported_ name.
      conflicts.sort((x, y) -> Integer.compare(x[0].length(), y[0].length()));
      for (String[] c : conflicts) {
        String name = c[0];
        do {
          name = EXPORTED + name;
        } while (!b.get(name).isEmpty());
        b.set(name, c[1]);
      }
    }
    Labels merged = b.build();
    Labels out = metricRelabeler.apply(merged);
    return out == null || out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** As {@link #relabelSeries(Labels, Labels)} with an active target's labels. */
  public Optional<Labels> relabelSeries(Labels series, ScrapeTarget target) {
    return relabelSeries(series, requireNonNull(target, "target").labels());
  }

  @Override
  public String toString() {
    return "ScrapeSettings[job=" + config.jobName() + "]";
  }
}
