package io.promsd.sd.internal.spi;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The fields of an SD config that polls one URL: the URL under its own key, {@code
 * refresh_interval} and the inline HTTP client settings (Prometheus's {@code http} and {@code
 * eureka} {@code SDConfig}s), decoded as their {@code UnmarshalYAML} does: one pass in document
 * order as yaml.v2 decodes (the first value that fails at once wins), unknown fields left for the
 * decoder's {@code finish()}; then, only when the plain decode had no type error (Go returns that
 * error before validating), the URL check and, where the mechanism does it, {@code
 * HTTPClientConfig.Validate()}.
 *
 * @param url the URL as written ({@code ""} when absent or null)
 * @param refreshInterval {@code refresh_interval}, or the mechanism's default
 * @param httpClient the HTTP client settings, validated when {@code decode} was asked to
 */
public record PolledUrlFields(String url, Duration refreshInterval, HttpClientConfig httpClient) {
  /** Checks. */
  public PolledUrlFields {
    requireNonNull(url, "url");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
  }

  /**
   * Decodes one entry.
   *
   * @param source the entry
   * @param goType the Go type yaml.v2 names in unknown-field errors ({@code http.plain})
   * @param urlKey the URL's key ({@code url}, {@code server})
   * @param defaultRefresh the mechanism's default {@code refresh_interval}
   * @param urlProblem Prometheus's URL checks in their order: the error text, or null when the URL
   *     passes
   * @param validateHttpClient whether the mechanism validates the HTTP client settings
   * @throws ConfigException the URL's problem or the settings' validation error, at the entry
   */
  public static PolledUrlFields decode(
      SdConfigSource source,
      String goType,
      String urlKey,
      Duration defaultRefresh,
      UnaryOperator<String> urlProblem,
      boolean validateHttpClient) {
    Compat compat = source.compat();
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), goType);
    String[] url = {""};
    Duration[] refresh = {defaultRefresh};
    HttpClientConfig http =
        HttpClientConfig.decodeInline(
            f,
            source.configDir(),
            compat,
            key -> {
              if (key.equals(urlKey)) {
                Node n = f.take(key);
                url[0] = n == null ? "" : d.string(n);
              } else if (key.equals("refresh_interval")) {
                refresh[0] = PromDuration.decode(d, f.take(key), compat, defaultRefresh);
              }
              // anything else is left for finish(): field X not found in type <goType>
            });
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return new PolledUrlFields(url[0], refresh[0], http);
    }
    Node at = source.node();
    String problem = urlProblem.apply(url[0]);
    if (problem != null) {
      throw d.error(at, problem);
    }
    if (validateHttpClient) {
      try {
        http = http.validate();
      } catch (ConfigException e) {
        throw d.error(at, e.reason());
      }
    }
    return new PolledUrlFields(url[0], refresh[0], http);
  }

  /**
   * Prometheus's checks of an http(s) endpoint URL, in their order ({@code discovery/http} and
   * {@code discovery/puppetdb} {@code UnmarshalYAML}): {@code URL is missing}, Go's {@code
   * url.Parse} error, {@code URL scheme must be 'http' or 'https'}, {@code host is missing in URL};
   * null when the URL passes.
   */
  public static String httpUrlProblem(String url) {
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
