package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.sd.internal.spi.PolledUrlFields;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Parses {@code http_sd_configs} entries into {@link HttpSdConfig}s with the checks and texts of
 * Prometheus's {@code SDConfig.UnmarshalYAML} ({@code discovery/http/http.go}): {@code URL is
 * missing}, Go's {@code url.Parse} errors, {@code URL scheme must be 'http' or 'https'}, {@code
 * host is missing in URL}; 3.x then validates the inline HTTP client settings (since v2.48), 2.42
 * does not.
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Thread-safe and stateless.
 */
public final class HttpDiscovererFactory implements DiscovererFactory {
  /** The Go type yaml.v2 names in unknown-field errors ({@code type plain SDConfig}). */
  static final String GO_TYPE = "http.plain";

  /** The factory {@link java.util.ServiceLoader} creates. */
  public HttpDiscovererFactory() {}

  /** {@code http_sd_configs}. */
  @Override
  public String configKey() {
    return "http_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    return parseHttp(source);
  }

  /** As {@link #parse}, typed. */
  HttpSdConfig parseHttp(SdConfigSource source) {
    Compat compat = source.compat();
    PolledUrlFields f =
        PolledUrlFields.decode(
            source,
            GO_TYPE,
            "url",
            HttpSdConfig.DEFAULT_REFRESH_INTERVAL,
            PolledUrlFields::httpUrlProblem,
            compat == Compat.PROMETHEUS_3); // 3.x only: return c.HTTPClientConfig.Validate()
    return new HttpSdConfig(f.url(), f.refreshInterval(), f.httpClient(), compat);
  }
}
