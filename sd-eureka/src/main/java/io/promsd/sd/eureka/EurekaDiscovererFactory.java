package io.promsd.sd.eureka;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;

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
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), GO_TYPE);
    String[] server = {""};
    Duration[] refresh = {EurekaSdConfig.DEFAULT_REFRESH_INTERVAL};
    HttpClientConfig http =
        HttpClientConfig.decodeInline(
            f,
            source.configDir(),
            compat,
            key -> {
              switch (key) {
                case "server" -> {
                  Node n = f.take(key);
                  server[0] = n == null ? "" : d.string(n);
                }
                case "refresh_interval" ->
                    refresh[0] =
                        PromDuration.decode(
                            d, f.take(key), compat, EurekaSdConfig.DEFAULT_REFRESH_INTERVAL);
                default -> {
                  // left for finish(): field X not found in type eureka.plain
                }
              }
            });
    f.finish();
    EurekaSdConfig parsed = new EurekaSdConfig(server[0], refresh[0], http, compat);
    if (d.typeErrorsSince(mark)) {
      return parsed; // Go returns the plain decode's error before validating
    }
    Node at = source.node();
    String problem = serverProblem(server[0]);
    if (problem != null) {
      throw d.error(at, problem);
    }
    try {
      http = http.validate(); // both: return c.HTTPClientConfig.Validate()
    } catch (ConfigException e) {
      throw d.error(at, e.reason());
    }
    return new EurekaSdConfig(server[0], refresh[0], http, compat);
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
