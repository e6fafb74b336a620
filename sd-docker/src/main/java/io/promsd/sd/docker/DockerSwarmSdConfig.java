package io.promsd.sd.docker;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code dockerswarm_sd_configs} (Prometheus's {@code DockerSwarmSDConfig} in {@code
 * discovery/moby/dockerswarm.go}), parsed and validated by {@link DockerSwarmDiscovererFactory}.
 *
 * <p>Immutable; equal configs discover the same targets. {@link #toString()} prints the HTTP
 * client's secrets as {@code <secret>}.
 *
 * @param host the Engine API address of a swarm manager: {@code unix:///path}, {@code
 *     tcp://host:port[/base]}, {@code http://host:port} or {@code https://host:port}
 * @param role what to discover
 * @param port the port of targets without a published port (default 80), as written
 * @param filters sent as the Engine API's {@code filters} when listing the role's objects
 * @param refreshInterval the time between two refreshes (default 60s); also the request timeout
 * @param httpClient the inline HTTP client settings, used only for {@code http} and {@code https}
 *     hosts
 * @param compat which Prometheus to behave like
 */
public record DockerSwarmSdConfig(
    String host,
    Role role,
    long port,
    List<DockerSdConfig.Filter> filters,
    Duration refreshInterval,
    HttpClientConfig httpClient,
    Compat compat)
    implements SdConfig {

  /** What a swarm discoverer lists. */
  public enum Role {
    /** Every service, one target per virtual IP and published TCP port. */
    SERVICES,
    /** Every task, one target per published host port and per network address. */
    TASKS,
    /** Every node, one target per node. */
    NODES;

    /** The name in the config: {@code services}, {@code tasks}, {@code nodes}. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks and copies. */
  public DockerSwarmSdConfig {
    requireNonNull(host, "host");
    requireNonNull(role, "role");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
    filters = List.copyOf(filters);
  }

  /** {@code dockerswarm}. */
  @Override
  public String mechanism() {
    return "dockerswarm";
  }

  /**
   * A discoverer for this config; it opens no connection until it runs.
   *
   * @throws IllegalArgumentException when the Docker client could not be set up for {@code host}
   *     ({@code error setting up docker swarm client: ...}), as Prometheus's {@code NewDiscovery}
   *     fails
   */
  @Override
  public Discoverer newDiscoverer() {
    return new SwarmDiscoverer(this, EngineClient.factory()); // fails now on a bad host
  }
}
