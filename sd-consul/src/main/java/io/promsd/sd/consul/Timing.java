package io.promsd.sd.consul;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The fixed timings of Prometheus's Consul discovery ({@code watchTimeout}, {@code retryInterval}
 * and the 15 s added to the HTTP client timeout in {@code discovery/consul/consul.go}). Production
 * uses {@link #PROMETHEUS}; tests inject shorter ones.
 *
 * @param watchTimeout how long the server may hold a blocking query (sent as {@code wait})
 * @param retryInterval the pause after a failed request, before the next refresh tick
 * @param timeoutSlack added to {@code watchTimeout} to give the HTTP client timeout
 * @param firstStateCap how long the first update may wait for every service's first answer
 *     (promsd's own: Prometheus sends each service's group on its own)
 */
record Timing(
    Duration watchTimeout, Duration retryInterval, Duration timeoutSlack, Duration firstStateCap) {
  /**
   * Prometheus's values: a 2-minute blocking wait, a 15 s retry, a 2m15s client timeout; and the
   * first state waits at most one retry interval.
   */
  static final Timing PROMETHEUS =
      new Timing(
          Duration.ofMinutes(2),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15));

  Timing {
    requireNonNull(watchTimeout, "watchTimeout");
    requireNonNull(retryInterval, "retryInterval");
    requireNonNull(timeoutSlack, "timeoutSlack");
    requireNonNull(firstStateCap, "firstStateCap");
  }

  /** Test timings: the given wait, retry and slack; the first state waits 5 s at most. */
  Timing(Duration watchTimeout, Duration retryInterval, Duration timeoutSlack) {
    this(watchTimeout, retryInterval, timeoutSlack, Duration.ofSeconds(5));
  }

  /** The HTTP client timeout: the blocking wait plus the slack. */
  Duration requestTimeout() {
    return watchTimeout.plus(timeoutSlack);
  }
}
