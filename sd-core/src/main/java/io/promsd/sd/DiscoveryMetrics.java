package io.promsd.sd;

import io.promsd.relabel.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Hooks through which {@link DiscoveryManager} reports what Prometheus exposes as {@code
 * prometheus_sd_*} metrics. The default does nothing; the {@code sd-metrics} module implements it
 * with client_java. Called from promsd threads (the updater, discoverer threads); implementations
 * must be thread-safe and fast, and must not call back into the manager.
 */
public interface DiscoveryMetrics {
  /** Does nothing. */
  DiscoveryMetrics NONE = new DiscoveryMetrics() {};

  /** A discoverer sent an update ({@code prometheus_sd_received_updates_total}). */
  default void receivedUpdate(String provider) {}

  /** A snapshot was published ({@code prometheus_sd_updates_total}). */
  default void published(long version) {}

  /**
   * A change could not be published at once because of the update interval ({@code
   * prometheus_sd_updates_delayed_total}); counted once per held-back snapshot.
   */
  default void delayed() {}

  /**
   * A snapshot holding this job was published: the job has {@code count} discovered targets (the
   * targets of all its groups, before relabeling) as of {@code at} ({@code
   * prometheus_sd_discovered_targets}, {@code prometheus_sd_last_update_timestamp_seconds}).
   */
  default void discoveredTargets(String job, int count, Instant at) {}

  /** A job no longer exists; forget its series. */
  default void jobRemoved(String job) {}

  /**
   * After a reload, this many SD configs could not create a discoverer ({@code
   * prometheus_sd_failed_configs}).
   */
  default void failedConfigs(int count) {}

  /**
   * A polling discoverer refreshed ({@code prometheus_sd_refresh_duration_seconds}, {@code
   * prometheus_sd_refresh_failures_total}).
   *
   * @param config the job the provider was started for (Prometheus's {@code config} label)
   */
  default void refreshed(String mechanism, String config, Duration took, boolean failed) {}

  /** A discoverer reported a fault. */
  default void error(String mechanism, String provider) {}

  /**
   * A discoverer counted something of its mechanism's own ({@link
   * io.promsd.sd.spi.DiscoveryContext#count}).
   *
   * @param mechanism e.g. {@code file}
   * @param provider the discoverer, e.g. {@code file/0}
   */
  default void count(
      String mechanism, String provider, String metric, Labels labels, double delta) {}

  /**
   * A discoverer observed a value of its mechanism's own ({@link
   * io.promsd.sd.spi.DiscoveryContext#observe}).
   */
  default void observe(
      String mechanism, String provider, String metric, Labels labels, double value) {}

  /**
   * A discoverer replaced the series it reports for a gauge of its mechanism's own ({@link
   * io.promsd.sd.spi.DiscoveryContext#gauges}); an empty map withdraws them.
   */
  default void gauges(
      String mechanism, String provider, String metric, Map<Labels, Double> series) {}
}
