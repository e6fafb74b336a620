package io.promsd.sd.eureka;

import io.promsd.relabel.Compat;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.internal.spi.PolledUrlFields;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Parses {@code eureka_sd_configs} entries into {@link EurekaSdConfig}s with the checks and texts
 * of Prometheus's {@code SDConfig.UnmarshalYAML} ({@code discovery/eureka/eureka.go}): {@code
 * eureka_sd: empty or null eureka server}, Go's {@code url.Parse} errors, {@code eureka_sd: invalid
 * eureka server URL} (no scheme or no host), then {@code HTTPClientConfig.Validate()}, in 2.42 as
 * in 3.x.
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Thread-safe and stateless.
 */
public final class EurekaDiscovererFactory implements DiscovererFactory {
  /** The Go type yaml.v2 names in unknown-field errors ({@code type plain SDConfig}). */
  static final String GO_TYPE = "eureka.plain";

  /** The factory {@link java.util.ServiceLoader} creates. */
  public EurekaDiscovererFactory() {}

  /** {@code eureka_sd_configs}. */
  @Override
  public String configKey() {
    return "eureka_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    return parseEureka(source);
  }

  /** As {@link #parse}, typed. */
  EurekaSdConfig parseEureka(SdConfigSource source) {
    Compat compat = source.compat();
    PolledUrlFields f =
        PolledUrlFields.decode(
            source,
            GO_TYPE,
            "server",
            EurekaSdConfig.DEFAULT_REFRESH_INTERVAL,
            EurekaDiscovererFactory::serverProblem,
            true); // both: return c.HTTPClientConfig.Validate()
    return new EurekaSdConfig(f.url(), f.refreshInterval(), f.httpClient(), compat);
  }

  /** Prometheus's server checks in their order, or null when the server passes. */
  static String serverProblem(String server) {
    if (server.isEmpty()) {
      return "eureka_sd: empty or null eureka server";
    }
    GoUrl u;
    try {
      u = GoUrl.parse(server);
    } catch (GoUrl.ParseException e) {
      return e.getMessage();
    }
    if (u.scheme().isEmpty() || u.host().isEmpty()) {
      return "eureka_sd: invalid eureka server URL";
    }
    return null;
  }
}
