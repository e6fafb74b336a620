package io.promsd.sd.http;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;

/**
 * One entry of {@code http_sd_configs} (Prometheus's {@code SDConfig} in {@code
 * discovery/http/http.go}), parsed and validated by {@link HttpDiscovererFactory}.
 *
 * <p>Immutable. {@link #toString()} prints secrets of the HTTP client settings as {@code <secret>};
 * the URL is printed as configured, so a password in it is redacted by callers that log it. Equal
 * configs discover the same targets, so the manager runs one discoverer for them.
 *
 * @param url the endpoint that returns the target groups ({@code http} or {@code https})
 * @param refreshInterval how often to ask it (default 60s); also the client timeout of a request
 * @param httpClient the inline HTTP client settings (auth, TLS, proxy, redirects)
 * @param compat which Prometheus to behave like (user agent, validation)
 */
public record HttpSdConfig(
    String url, Duration refreshInterval, HttpClientConfig httpClient, Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for HTTP discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

  /** Checks. */
  public HttpSdConfig {
    requireNonNull(url, "url");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
  }

  /** {@code http}. */
  @Override
  public String mechanism() {
    return "http";
  }

  /** A discoverer polling {@link #url()}; it opens no connection until it runs. */
  @Override
  public Discoverer newDiscoverer() {
    return new HttpDiscoverer(this);
  }

  @Override
  public String toString() {
    return "HttpSdConfig[url="
        + io.promsd.sd.internal.httpclient.GoUrl.redact(url)
        + ", refreshInterval="
        + refreshInterval
        + ", httpClient="
        + httpClient
        + ", compat="
        + compat
        + "]";
  }
}
