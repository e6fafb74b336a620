package io.promsd.sd.eureka;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.eureka.EurekaFetch.RefreshException;
import io.promsd.sd.eureka.GoXml.XmlException;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.internal.spi.StrictRefreshDiscoverer;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Polls one Eureka server as Prometheus's {@code discovery/eureka} with {@code discovery/refresh}
 * does ({@link StrictRefreshDiscoverer}: every {@code refresh_interval}, no earlier retry, the last
 * good group kept through a failure, a repeated fault reported once). Each refresh sends one group,
 * source {@code eureka}, with a target per instance.
 */
final class EurekaDiscoverer implements Discoverer {
  static final String USER_AGENT_2 = "Prometheus/2.42.0";
  static final String USER_AGENT_3 = "Prometheus/3.14.0";
  static final String SOURCE = "eureka";

  private final EurekaSdConfig config;

  EurekaDiscoverer(EurekaSdConfig config) {
    this.config = config;
  }

  /** The URL Prometheus asks: the server and {@code /apps}, concatenated as written. */
  String appsUrl() {
    return config.server() + "/apps";
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    new StrictRefreshDiscoverer(
            "promsd-eureka-sd-",
            config.refreshInterval(),
            EurekaSdConfig.DEFAULT_REFRESH_INTERVAL,
            null,
            (pool, timeout) -> {
              EurekaFetch fetch = newFetch(pool, timeout);
              return () -> refresh(fetch);
            })
        .run(ctx);
  }

  private EurekaFetch newFetch(ExecutorService pool, Duration timeout) throws RefreshException {
    try {
      HttpClient client =
          config
              .httpClient()
              .newHttpClientBuilder()
              .followRedirects(HttpClient.Redirect.ALWAYS)
              .executor(pool)
              .build();
      RequestHeaders headers = config.httpClient().newRequestHeaders();
      return new EurekaFetch(
          client,
          headers,
          appsUrl(),
          timeout,
          config.compat() == Compat.PROMETHEUS_2 ? USER_AGENT_2 : USER_AGENT_3,
          EurekaFetch.MAX_BODY);
    } catch (IOException e) {
      throw new RefreshException("cannot create HTTP client: " + e.getMessage(), e);
    }
  }

  /** One refresh: the one group of every instance. */
  List<TargetGroup> refresh(EurekaFetch fetch) throws RefreshException, InterruptedException {
    byte[] body = fetch.get();
    return List.of(parse(body, appsUrl()));
  }

  /** The group of an {@code /apps} body, or Prometheus's error ({@code "<url>": <xml error>}). */
  static TargetGroup parse(byte[] body, String url) throws RefreshException {
    try {
      List<EurekaApps.App> apps = EurekaApps.decode(new String(body, StandardCharsets.UTF_8));
      return new TargetGroup(SOURCE, io.promsd.relabel.Labels.empty(), EurekaApps.targets(apps));
    } catch (XmlException e) {
      throw new RefreshException(GoText.quote(url) + ": " + e.getMessage(), e);
    }
  }
}
