package io.promsd.sd.http;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.TargetGroup;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** Reaches sd-http's package-private refresh for the benchmarks; lives only in the bench module. */
public final class HttpBenchAccess {
  private final HttpDiscoverer discoverer;
  private final HttpFetch fetch;

  private HttpBenchAccess(HttpDiscoverer discoverer, HttpFetch fetch) {
    this.discoverer = discoverer;
    this.fetch = fetch;
  }

  /** A discoverer of {@code url} with the default settings, and its fetch. */
  public static HttpBenchAccess of(String url) throws Exception {
    HttpSdConfig c =
        new HttpSdConfig(
            url,
            HttpSdConfig.DEFAULT_REFRESH_INTERVAL,
            HttpClientConfig.defaults(Compat.PROMETHEUS_3),
            Compat.PROMETHEUS_3);
    HttpFetch f =
        new HttpFetch(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            c.httpClient().newRequestHeaders(),
            url,
            Duration.ofSeconds(60),
            HttpDiscoverer.USER_AGENT_3,
            "60",
            HttpFetch.MAX_BODY);
    return new HttpBenchAccess(new HttpDiscoverer(c), f);
  }

  /** One refresh: GET, checks, decoding, groups. */
  public List<TargetGroup> refresh() throws Exception {
    return discoverer.refresh(fetch);
  }

  /** Decoding a body alone; the number of groups. */
  public static int parse(byte[] body, String url) throws Exception {
    return HttpTargets.parse(body, url, Compat.PROMETHEUS_3).size();
  }
}
