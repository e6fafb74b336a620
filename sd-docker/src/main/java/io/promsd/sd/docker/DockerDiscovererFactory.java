package io.promsd.sd.docker;

import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Reads {@code docker_sd_configs} entries into {@link DockerSdConfig}s, with the validation and the
 * messages of Prometheus's {@code DockerSDConfig.UnmarshalYAML} ({@code discovery/moby/docker.go}):
 * {@code host missing}, Go's {@code url.Parse} errors, the HTTP client checks. Under {@code
 * --compat=2}, {@code match_first_network} is an unknown field, as in Prometheus 2.42. Registered
 * for {@link java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class DockerDiscovererFactory implements DiscovererFactory {
  /** For {@link java.util.ServiceLoader}. */
  public DockerDiscovererFactory() {}

  /** {@code docker_sd_configs}. */
  @Override
  public String configKey() {
    return "docker_sd_configs";
  }

  /**
   * Parses and validates one entry.
   *
   * @throws io.promsd.relabel.ConfigException with Prometheus's message
   */
  @Override
  public DockerSdConfig parse(SdConfigSource source) {
    return MobyConfigs.docker(source);
  }
}
