package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.http.HttpTargets.RefreshException;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.internal.spi.StrictRefreshDiscoverer;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Polls one HTTP SD endpoint as Prometheus's {@code discovery/http} with {@code discovery/refresh}
 * does ({@link StrictRefreshDiscoverer}: every {@code refresh_interval}, no earlier retry, the last
 * good groups kept through a failure, a repeated fault reported once); when the list of groups
 * shrinks, the vanished indices are sent as empty groups so their targets go.
 */
final class HttpDiscoverer implements Discoverer {
  static final String USER_AGENT_2 = "Prometheus/2.42.0";
  static final String USER_AGENT_3 = "Prometheus/3.14.0";

  /** Prometheus's counter of failed refreshes (discovery/http/metrics.go). */
  static final String FAILURES = "prometheus_sd_http_failures_total";

  private final HttpSdConfig config;
  private int lastLength;

  HttpDiscoverer(HttpSdConfig config) {
    this.config = config;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    new StrictRefreshDiscoverer(
            "promsd-http-sd-",
            config.refreshInterval(),
            HttpSdConfig.DEFAULT_REFRESH_INTERVAL,
            FAILURES,
            (pool, timeout) -> {
              HttpFetch fetch = newFetch(pool, timeout);
              return () -> refresh(fetch);
            })
        .run(ctx);
  }

  private HttpFetch newFetch(ExecutorService pool, Duration timeout) throws RefreshException {
    try {
      HttpClient client = config.httpClient().newHttpClientBuilder().executor(pool).build();
      RequestHeaders headers = config.httpClient().newRequestHeaders();
      return new HttpFetch(
          client,
          headers,
          config.url(),
          timeout,
          config.compat() == Compat.PROMETHEUS_2 ? USER_AGENT_2 : USER_AGENT_3,
          refreshHeader(config.refreshInterval()),
          HttpFetch.MAX_BODY);
    } catch (IOException e) {
      throw new RefreshException("cannot create HTTP client: " + e.getMessage(), e);
    }
  }

  /** One refresh: the groups to send, with empty ones for indices that vanished. */
  List<TargetGroup> refresh(HttpFetch fetch) throws RefreshException, InterruptedException {
    byte[] body = fetch.get();
    List<TargetGroup> groups = HttpTargets.parse(body, config.url(), config.compat());
    int l = groups.size();
    List<TargetGroup> out = new ArrayList<>(Math.max(l, lastLength));
    out.addAll(groups);
    for (int i = l; i < lastLength; i++) {
      out.add(new TargetGroup(config.url() + ":" + i, Labels.empty(), List.of()));
    }
    lastLength = l;
    return out;
  }

  /** {@code strconv.FormatFloat(d.Seconds(), 'f', -1, 64)}: 60, 1.5, 0.25. */
  static String refreshHeader(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    s = s.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }
}
