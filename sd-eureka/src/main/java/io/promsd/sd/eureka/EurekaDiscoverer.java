package io.promsd.sd.eureka;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.eureka.EurekaFetch.RefreshException;
import io.promsd.sd.eureka.GoXml.XmlException;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls one Eureka server as Prometheus's {@code discovery/eureka} with {@code discovery/refresh}
 * does: a refresh at start and then every {@code refresh_interval}, no earlier retry after a
 * failure; a failed refresh sends nothing, so the last good group stays. Each refresh sends one
 * group, source {@code eureka}, with a target per instance.
 *
 * <p>A fault is reported when it is new: the same failure again and again is reported once, until a
 * refresh succeeds or the failure changes.
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
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-eureka-sd-" + n.incrementAndGet());
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
    Duration timeout = positive ? interval : EurekaSdConfig.DEFAULT_REFRESH_INTERVAL;
    EurekaFetch fetch = null;
    boolean delivered = false;
    String lastFault = null;
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
