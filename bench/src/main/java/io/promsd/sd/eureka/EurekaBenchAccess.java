package io.promsd.sd.eureka;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.TargetGroup;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * Reaches sd-eureka's package-private refresh for the benchmarks; lives only in the bench module.
 */
public final class EurekaBenchAccess {
  private final EurekaDiscoverer discoverer;
  private final EurekaFetch fetch;

  private EurekaBenchAccess(EurekaDiscoverer discoverer, EurekaFetch fetch) {
    this.discoverer = discoverer;
    this.fetch = fetch;
  }

  /** A discoverer of {@code server} with the default settings, and its fetch. */
  public static EurekaBenchAccess of(String server) throws Exception {
    EurekaSdConfig c =
        new EurekaSdConfig(
            server,
            EurekaSdConfig.DEFAULT_REFRESH_INTERVAL,
            HttpClientConfig.defaults(Compat.PROMETHEUS_3),
            Compat.PROMETHEUS_3);
    EurekaDiscoverer d = new EurekaDiscoverer(c);
    EurekaFetch f =
        new EurekaFetch(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            c.httpClient().newRequestHeaders(),
            d.appsUrl(),
            Duration.ofSeconds(60),
            EurekaDiscoverer.USER_AGENT_3,
            EurekaFetch.MAX_BODY);
    return new EurekaBenchAccess(d, f);
  }

  /** One refresh: GET, decoding, targets. */
  public List<TargetGroup> refresh() throws Exception {
    return discoverer.refresh(fetch);
  }

  /** Decoding a body and building the targets alone; the number of targets. */
  public static int parse(byte[] body) throws Exception {
    return EurekaDiscoverer.parse(body, "bench").targets().size();
  }
}
