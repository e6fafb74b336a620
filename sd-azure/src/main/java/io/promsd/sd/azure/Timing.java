package io.promsd.sd.azure;

import java.time.Duration;

/**
 * The waits an Azure client makes, so that tests can shorten them.
 *
 * @param autorestBackoff go-autorest's {@code DefaultRetryDuration} (30 s): the base of 2.42's
 *     exponential backoff for 408, 429, 500, 502, 503 and 504 without {@code Retry-After}
 * @param azcoreRetryDelay azcore's default {@code RetryDelay} (800 ms): the base of 3.x's backoff
 * @param azcoreMaxRetryDelay azcore's default {@code MaxRetryDelay} (60 s)
 * @param imdsBackoffUnit adal's IMDS retry unit (1 s: waits of 2, 6, 14, 30, 60 s)
 * @param requestTimeout bound on one HTTP exchange (Prometheus has none; the refresh interval)
 * @param concurrency how many network-interface requests run at once
 */
record Timing(
    Duration autorestBackoff,
    Duration azcoreRetryDelay,
    Duration azcoreMaxRetryDelay,
    Duration imdsBackoffUnit,
    Duration requestTimeout,
    int concurrency) {

  /** Prometheus's timing (the SDKs' defaults); the request timeout is set per config. */
  static final Timing PROMETHEUS =
      new Timing(
          Duration.ofSeconds(30),
          Duration.ofMillis(800),
          Duration.ofSeconds(60),
          Duration.ofSeconds(1),
          Duration.ZERO,
          16);

  Timing withRequestTimeout(Duration d) {
    return new Timing(
        autorestBackoff, azcoreRetryDelay, azcoreMaxRetryDelay, imdsBackoffUnit, d, concurrency);
  }
}
