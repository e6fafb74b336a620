package io.promsd.sd.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsd.relabel.Labels;
import io.promsd.sd.DiscoveryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code prometheus_sd_*} metrics Prometheus exposes for service discovery, with its names,
 * types, labels and help texts ({@code discovery/metrics.go}, {@code discovery/metrics_refresh.go},
 * {@code discovery/file/metrics.go}), fed by {@link io.promsd.sd.DiscoveryManager} through {@link
 * DiscoveryMetrics}.
 *
 * <p>Register the families once per registry, then hand each manager a view named as Prometheus
 * names its managers ({@code scrape}, {@code notify}); the name becomes the {@code name} label:
 *
 * <pre>{@code
 * SdMetrics sd = SdMetrics.register(PrometheusRegistry.defaultRegistry);
 * DiscoveryManager m = DiscoveryManager.builder().metrics(sd.manager("scrape")).build();
 * }</pre>
 *
 * <p>Exposed: {@code prometheus_sd_failed_configs{name}}, {@code
 * prometheus_sd_discovered_targets{name,config}}, {@code
 * prometheus_sd_received_updates_total{name}}, {@code prometheus_sd_updates_delayed_total{name}},
 * {@code prometheus_sd_updates_total{name}}, {@code
 * prometheus_sd_last_update_timestamp_seconds{name,config}}, {@code
 * prometheus_sd_refresh_failures_total{mechanism,config}}, {@code
 * prometheus_sd_refresh_duration_seconds{mechanism,config}} (summary), {@code
 * prometheus_sd_file_read_errors_total}, {@code prometheus_sd_file_scan_duration_seconds}
 * (summary), {@code prometheus_sd_file_watcher_errors_total} and {@code
 * prometheus_sd_file_mtime_seconds{filename}}. As in Prometheus 3.12, a job removed by a reload
 * takes its {@code discovered_targets}, {@code last_update_timestamp_seconds} and refresh series
 * with it. Not exposed: {@code prometheus_sd_refresh_duration_histogram_seconds} (3.9+).
 *
 * <p>Thread-safe.
 */
public final class SdMetrics {
  private final Gauge failedConfigs;
  private final Gauge discoveredTargets;
  private final Counter receivedUpdates;
  private final Counter delayedUpdates;
  private final Counter sentUpdates;
  private final Gauge lastUpdate;
  private final Counter refreshFailures;
  private final Summary refreshDuration;
  // The mechanisms' own metrics, by name (only those listed in the constructor are exposed).
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, List<String>> counterLabels = new HashMap<>();
  private final Map<String, Summary> summaries = new HashMap<>();
  private final Map<String, List<String>> summaryLabels = new HashMap<>();
  private final Map<String, GaugeSets> gaugeSets = new HashMap<>();

  private SdMetrics(PrometheusRegistry registry) {
    failedConfigs =
        Gauge.builder()
            .name("prometheus_sd_failed_configs")
            .help("Current number of service discovery configurations that failed to load.")
            .labelNames("name")
            .register(registry);
    discoveredTargets =
        Gauge.builder()
            .name("prometheus_sd_discovered_targets")
            .help("Current number of discovered targets.")
            .labelNames("name", "config")
            .register(registry);
    receivedUpdates =
        Counter.builder()
            .name("prometheus_sd_received_updates_total")
            .help("Total number of update events received from the SD providers.")
            .labelNames("name")
            .register(registry);
    delayedUpdates =
        Counter.builder()
            .name("prometheus_sd_updates_delayed_total")
            .help("Total number of update events that couldn't be sent immediately.")
            .labelNames("name")
            .register(registry);
    sentUpdates =
        Counter.builder()
            .name("prometheus_sd_updates_total")
            .help("Total number of update events sent to the SD consumers.")
            .labelNames("name")
            .register(registry);
    lastUpdate =
        Gauge.builder()
            .name("prometheus_sd_last_update_timestamp_seconds")
            .help("Timestamp of the last update sent to the SD consumers.")
            .labelNames("name", "config")
            .register(registry);
    refreshFailures =
        Counter.builder()
            .name("prometheus_sd_refresh_failures_total")
            .help("Number of refresh failures for the given SD mechanism.")
            .labelNames("mechanism", "config")
            .register(registry);
    refreshDuration =
        quantiles(Summary.builder())
            .name("prometheus_sd_refresh_duration_seconds")
            .help("The duration of a refresh in seconds for the given SD mechanism.")
            .labelNames("mechanism", "config")
            .register(registry);
    // File SD (discovery/file/metrics.go).
    counter(registry, "prometheus_sd_file_read_errors_total", "The number of File-SD read errors.");
    summary(
        registry,
        "prometheus_sd_file_scan_duration_seconds",
        "The duration of the File-SD scan in seconds.");
    counter(
        registry,
        "prometheus_sd_file_watcher_errors_total",
        "The number of File-SD errors caused by filesystem watch failures.");
    gaugeSet(
        registry,
        "prometheus_sd_file_mtime_seconds",
        "Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.",
        "filename");
    // DNS SD (discovery/dns/metrics.go).
    counter(registry, "prometheus_sd_dns_lookups_total", "The number of DNS-SD lookups.");
    counter(
        registry,
        "prometheus_sd_dns_lookup_failures_total",
        "The number of DNS-SD lookup failures.");
  }

  private void counter(PrometheusRegistry registry, String name, String help, String... labels) {
    counters.put(
        name, Counter.builder().name(name).help(help).labelNames(labels).register(registry));
    counterLabels.put(name, List.of(labels));
  }

  private void summary(PrometheusRegistry registry, String name, String help, String... labels) {
    summaries.put(
        name,
        quantiles(Summary.builder()).name(name).help(help).labelNames(labels).register(registry));
    summaryLabels.put(name, List.of(labels));
  }

  private void gaugeSet(PrometheusRegistry registry, String name, String help, String... labels) {
    GaugeSets g = new GaugeSets(name, help, List.of(labels));
    registry.register(g);
    gaugeSets.put(name, g);
  }

  private static String[] values(List<String> names, Labels labels) {
    String[] out = new String[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels.get(names.get(i));
    }
    return out;
  }

  /** Prometheus's summary objectives: 0.5 ± 0.05, 0.9 ± 0.01, 0.99 ± 0.001. */
  private static Summary.Builder quantiles(Summary.Builder b) {
    return b.quantile(0.5, 0.05).quantile(0.9, 0.01).quantile(0.99, 0.001);
  }

  /**
   * Registers the SD metric families in {@code registry}; call once per registry.
   *
   * @throws IllegalStateException if they are registered there already
   */
  public static SdMetrics register(PrometheusRegistry registry) {
    return new SdMetrics(requireNonNull(registry, "registry"));
  }

  /**
   * The hooks for one discovery manager, whose series carry {@code name="<name>"} ({@code scrape}
   * for the targets of scrape jobs, as in Prometheus). Its counters are exposed at zero from now
   * on.
   */
  public DiscoveryMetrics manager(String name) {
    requireNonNull(name, "name");
    failedConfigs.labelValues(name).set(0);
    receivedUpdates.initLabelValues(name);
    delayedUpdates.initLabelValues(name);
    sentUpdates.initLabelValues(name);
    return new ManagerMetrics(name);
  }

  /** One manager's view. */
  private final class ManagerMetrics implements DiscoveryMetrics {
    private final String name;

    ManagerMetrics(String name) {
      this.name = name;
    }

    @Override
    public void receivedUpdate(String provider) {
      receivedUpdates.labelValues(name).inc();
    }

    @Override
    public void published(long version) {
      sentUpdates.labelValues(name).inc();
    }

    @Override
    public void delayed() {
      delayedUpdates.labelValues(name).inc();
    }

    @Override
    public void discoveredTargets(String job, int count, Instant at) {
      discoveredTargets.labelValues(name, job).set(count);
      lastUpdate.labelValues(name, job).set(at.toEpochMilli() / 1000.0);
    }

    @Override
    public void jobRemoved(String job) {
      discoveredTargets.remove(name, job);
      lastUpdate.remove(name, job);
      refreshFailures.removeIf(labels -> labels.get(1).equals(job));
      refreshDuration.removeIf(labels -> labels.get(1).equals(job));
    }

    @Override
    public void failedConfigs(int count) {
      failedConfigs.labelValues(name).set(count);
    }

    @Override
    public void refreshed(String mechanism, String config, Duration took, boolean failed) {
      refreshDuration.labelValues(mechanism, config).observe(seconds(took));
      if (failed) {
        refreshFailures.labelValues(mechanism, config).inc();
      }
    }

    @Override
    public void count(
        String mechanism, String provider, String metric, Labels labels, double delta) {
      Counter c = counters.get(metric);
      if (c != null) {
        c.labelValues(values(counterLabels.get(metric), labels)).inc(delta);
      }
    }

    @Override
    public void observe(
        String mechanism, String provider, String metric, Labels labels, double value) {
      Summary sm = summaries.get(metric);
      if (sm != null) {
        sm.labelValues(values(summaryLabels.get(metric), labels)).observe(value);
      }
    }

    @Override
    public void gauges(
        String mechanism, String provider, String metric, Map<Labels, Double> series) {
      GaugeSets g = gaugeSets.get(metric);
      if (g != null) {
        g.put(name + "/" + provider, series);
      }
    }

    @Override
    public String toString() {
      return "SdMetrics[" + name + "]";
    }
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
