package io.promsd.sd.http;

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
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), GO_TYPE);
    String[] url = {""};
    Duration[] refresh = {HttpSdConfig.DEFAULT_REFRESH_INTERVAL};
    // One pass in document order, as yaml.v2 decodes: the first value that fails at once wins.
    HttpClientConfig http =
        HttpClientConfig.decodeInline(
            f,
            source.configDir(),
            compat,
            key -> {
              switch (key) {
                case "url" -> {
                  Node n = f.take(key);
                  url[0] = n == null ? "" : d.string(n);
                }
                case "refresh_interval" ->
                    refresh[0] =
                        PromDuration.decode(
                            d, f.take(key), compat, HttpSdConfig.DEFAULT_REFRESH_INTERVAL);
                default -> {
                  // left for finish(): field X not found in type http.plain
                }
              }
            });
    f.finish();
    HttpSdConfig parsed = new HttpSdConfig(url[0], refresh[0], http, compat);
    if (d.typeErrorsSince(mark)) {
      return parsed; // Go returns the plain decode's error before validating
    }
    Node at = source.node();
    String problem = urlProblem(url[0]);
    if (problem != null) {
      throw d.error(at, problem);
    }
    if (compat == Compat.PROMETHEUS_2) {
      return parsed;
    }
    try {
      http = http.validate(); // 3.x: return c.HTTPClientConfig.Validate()
    } catch (ConfigException e) {
      throw d.error(at, e.reason());
    }
    return new HttpSdConfig(url[0], refresh[0], http, compat);
  }

  /** Prometheus's URL checks in their order, or null when the URL passes. */
  static String urlProblem(String url) {
    if (url.isEmpty()) {
      return "URL is missing";
    }
    GoUrl u;
    try {
      u = GoUrl.parse(url);
    } catch (GoUrl.ParseException e) {
      return e.getMessage();
    }
    if (!u.scheme().equals("http") && !u.scheme().equals("https")) {
      return "URL scheme must be 'http' or 'https'";
    }
    if (u.host().isEmpty()) {
      return "host is missing in URL";
    }
    return null;
  }
}
