package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.http.HttpTargets.RefreshException;
import io.promsd.sd.httpclient.RequestHeaders;
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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls one HTTP SD endpoint as Prometheus's {@code discovery/http} with {@code discovery/refresh}
 * does: a refresh at start and then every {@code refresh_interval}, with no earlier retry after a
 * failure; a failed refresh sends nothing, so the last good groups stay; when the list of groups
 * shrinks, the vanished indices are sent as empty groups so their targets go.
 *
 * <p>A fault is reported when it is new: the same failure again and again (a server down for an
 * hour) is reported once, until a refresh succeeds or the failure changes.
 */
final class HttpDiscoverer implements Discoverer {
  static final String USER_AGENT_2 = "Prometheus/2.42.0";
  static final String USER_AGENT_3 = "Prometheus/3.14.0";

  /** Prometheus's counter of failed refreshes (discovery/http/metrics.go). */
  static final String FAILURES = "prometheus_sd_http_failures_total";

  private final HttpSdConfig config;
  private int lastLength;
  private String lastFault;

  HttpDiscoverer(HttpSdConfig config) {
    this.config = config;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-http-sd-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      loop(ctx, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private void loop(DiscoveryContext ctx, ExecutorService pool) throws InterruptedException {
    Duration interval = config.refreshInterval();
    boolean positive = !interval.isZero() && !interval.isNegative();
    // Prometheus's client times out after refresh_interval; a zero interval means no timeout
    // there, and one that never ends is no use: we bound it by the default interval.
    Duration timeout = positive ? interval : HttpSdConfig.DEFAULT_REFRESH_INTERVAL;
    HttpFetch fetch = null;
    boolean delivered = false;
    while (!ctx.isCancelled()) {
      long start = System.nanoTime();
      try {
        if (fetch == null) {
          fetch = newFetch(pool, timeout);
        }
        List<TargetGroup> groups = refresh(fetch);
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), false);
        ctx.update(groups);
        delivered = true;
        lastFault = null;
      } catch (RefreshException e) {
        if (ctx.isCancelled()) {
          return;
        }
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), true);
        ctx.count(FAILURES, Labels.empty(), 1);
        String fault = "unable to refresh target groups: " + e.getMessage();
        if (!delivered) {
          // The (empty) initial state and its fault together: ready, but not healthy.
          ctx.update(List.of(), List.of(fault));
          delivered = true;
        } else if (!fault.equals(lastFault)) {
          ctx.reportError(fault, e);
        }
        lastFault = fault;
      }
      if (!positive) {
        // Prometheus's ticker panics on a zero interval after the first refresh.
        ctx.reportError(
            "refresh_interval is zero: Prometheus refreshes once and then stops (its ticker"
                + " panics); promsd refreshes no more",
            null);
        ctx.sleep(Duration.ofDays(365 * 100L));
      } else {
        ctx.sleep(interval);
      }
    }
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
