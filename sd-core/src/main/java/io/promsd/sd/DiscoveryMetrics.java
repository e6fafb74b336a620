package io.promsd.sd;

import java.time.Duration;

/**
 * Hooks through which {@link DiscoveryManager} reports what Prometheus exposes as {@code
 * prometheus_sd_*} metrics. The default does nothing; the {@code sd-metrics} module implements it
 * with client_java. Called from promsd threads; implementations must be thread-safe and fast.
 */
public interface DiscoveryMetrics {
  /** Does nothing. */
  DiscoveryMetrics NONE = new DiscoveryMetrics() {};

  /** A discoverer sent an update ({@code prometheus_sd_received_updates_total}). */
  default void receivedUpdate(String provider) {}

  /** A snapshot was published ({@code prometheus_sd_updates_total}). */
  default void published(long version) {}

  /**
   * A publish was held back by the update interval ({@code prometheus_sd_updates_delayed_total}).
   */
  default void delayed() {}

  /** A job now has this many discovered targets ({@code prometheus_sd_discovered_targets}). */
  default void discoveredTargets(String job, int count) {}

  /** A job no longer exists; forget its series. */
  default void jobRemoved(String job) {}

  /** A config could not start a discoverer ({@code prometheus_sd_failed_configs}). */
  default void failedConfigs(int count) {}

  /**
   * A polling discoverer refreshed ({@code prometheus_sd_refresh_duration_seconds}, {@code
   * prometheus_sd_refresh_failures_total}).
   */
  default void refreshed(String mechanism, String provider, Duration took, boolean failed) {}

  /** A discoverer reported a fault. */
  default void error(String mechanism, String provider) {}
}
