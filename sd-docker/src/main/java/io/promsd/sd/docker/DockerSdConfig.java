package io.promsd.sd.docker;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code docker_sd_configs} (Prometheus's {@code DockerSDConfig} in {@code
 * discovery/moby/docker.go}), parsed and validated by {@link DockerDiscovererFactory}.
 *
 * <p>Immutable; equal configs discover the same targets. {@link #toString()} prints the HTTP
 * client's secrets as {@code <secret>}.
 *
 * @param host the Engine API address: {@code unix:///path}, {@code tcp://host:port[/base]}, {@code
 *     http://host:port} or {@code https://host:port}
 * @param port the port of a container's target when it publishes no TCP port (default 80); Go's
 *     {@code int}, kept as written, so a negative port prints as Prometheus prints it
 * @param filters sent as the Engine API's {@code filters} with every container list
 * @param hostNetworkingHost the {@code __address__} of containers in {@code host} network mode
 *     (default {@code localhost})
 * @param refreshInterval the time between two refreshes (default 60s); also the request timeout
 * @param matchFirstNetwork 3.x only: keep only the first network (by name) of a container with
 *     several (default true); always false under {@link Compat#PROMETHEUS_2}
 * @param httpClient the inline HTTP client settings, used only for {@code http} and {@code https}
 *     hosts, as Prometheus uses them
 * @param compat which Prometheus to behave like (requests, labels, version negotiation)
 */
public record DockerSdConfig(
    String host,
    long port,
    List<Filter> filters,
    String hostNetworkingHost,
    Duration refreshInterval,
    boolean matchFirstNetwork,
    HttpClientConfig httpClient,
    Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for Docker discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

  /** Checks and copies. */
  public DockerSdConfig {
    requireNonNull(host, "host");
    requireNonNull(hostNetworkingHost, "hostNetworkingHost");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
    filters = List.copyOf(filters);
  }

  /**
   * One Engine API filter ({@code moby.Filter}): a name and the values accepted for it. The values
   * of one name are ORed and names are ANDed, by the daemon.
   *
   * @param name the filter name, e.g. {@code label}, {@code name}, {@code status}, {@code role}
   * @param values the accepted values; a filter without values is not sent
   */
  public record Filter(String name, List<String> values) {
    /** Checks and copies. */
    public Filter {
      requireNonNull(name, "name");
      values = List.copyOf(values);
    }
  }

  /** {@code docker}. */
  @Override
  public String mechanism() {
    return "docker";
  }

  /**
   * A discoverer for this config; it opens no connection until it runs.
   *
   * @throws IllegalArgumentException when the Docker client Prometheus uses could not be set up for
   *     {@code host} (e.g. {@code error setting up docker client: unable to parse docker host
   *     `localhost:2375`}), as Prometheus's {@code NewDockerDiscovery} fails
   */
  @Override
  public Discoverer newDiscoverer() {
    return new DockerDiscoverer(this, EngineClient.factory()); // fails now on a bad host
  }
}
