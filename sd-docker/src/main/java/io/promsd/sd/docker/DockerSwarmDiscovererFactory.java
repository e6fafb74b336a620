package io.promsd.sd.docker;

import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Reads {@code dockerswarm_sd_configs} entries into {@link DockerSwarmSdConfig}s, with the
 * validation and the messages of Prometheus's {@code DockerSwarmSDConfig.UnmarshalYAML} ({@code
 * discovery/moby/dockerswarm.go}): {@code host missing}, Go's {@code url.Parse} errors, {@code role
 * missing (one of: tasks, services, nodes)}, {@code invalid role X, expected tasks, services, or
 * nodes}, the HTTP client checks. Registered for {@link java.util.ServiceLoader}; thread-safe and
 * stateless.
 */
public final class DockerSwarmDiscovererFactory implements DiscovererFactory {
  /** For {@link java.util.ServiceLoader}. */
  public DockerSwarmDiscovererFactory() {}

  /** {@code dockerswarm_sd_configs}. */
  @Override
  public String configKey() {
    return "dockerswarm_sd_configs";
  }

  /**
   * Parses and validates one entry.
   *
   * @throws io.promsd.relabel.ConfigException with Prometheus's message
   */
  @Override
  public DockerSwarmSdConfig parse(SdConfigSource source) {
    return MobyConfigs.swarm(source);
  }
}
