package io.promsd.sd.eureka;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;

/**
 * One entry of {@code eureka_sd_configs} (Prometheus's {@code SDConfig} in {@code
 * discovery/eureka/eureka.go}), parsed and validated by {@link EurekaDiscovererFactory}.
 *
 * <p>Immutable. {@link #toString()} redacts a password in the server URL and secrets of the HTTP
 * client settings. Equal configs discover the same targets, so the manager runs one discoverer for
 * them.
 *
 * @param server the Eureka server's base URL; {@code /apps} is appended as written
 * @param refreshInterval how often to list the applications (default 30s)
 * @param httpClient the inline HTTP client settings (auth, TLS, proxy)
 * @param compat which Prometheus to behave like (user agent)
 */
public record EurekaSdConfig(
    String server, Duration refreshInterval, HttpClientConfig httpClient, Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for Eureka discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** Checks. */
  public EurekaSdConfig {
    requireNonNull(server, "server");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
  }

  /** {@code eureka}. */
  @Override
  public String mechanism() {
    return "eureka";
  }

  /** A discoverer polling {@code <server>/apps}; it opens no connection until it runs. */
  @Override
  public Discoverer newDiscoverer() {
    return new EurekaDiscoverer(this);
  }

  @Override
  public String toString() {
    return "EurekaSdConfig[server="
        + GoUrl.redact(server)
        + ", refreshInterval="
        + refreshInterval
        + ", httpClient="
        + httpClient
        + ", compat="
        + compat
        + "]";
  }
}
