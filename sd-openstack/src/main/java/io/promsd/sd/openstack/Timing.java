package io.promsd.sd.openstack;

import java.time.Duration;

/**
 * The waits an OpenStack discoverer makes, so that tests can shorten them.
 *
 * @param requestTimeout bound on one HTTP exchange; zero means the refresh interval, which is
 *     Prometheus's {@code http.Client.Timeout} ({@code discovery/openstack/openstack.go})
 * @param firstRetry the first wait after a failed refresh (sd-core's {@code RefreshDiscoverer})
 */
record Timing(Duration requestTimeout, Duration firstRetry) {
  /** Prometheus's timing. */
  static final Timing PROMETHEUS = new Timing(Duration.ZERO, Duration.ofSeconds(1));
}
