package io.promsd.sd.consul;

import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Reads {@code consul_sd_configs} entries into {@link ConsulSdConfig}s. Registered for {@link
 * java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class ConsulDiscovererFactory implements DiscovererFactory {
  /** For {@link java.util.ServiceLoader}. */
  public ConsulDiscovererFactory() {}

  /** {@code consul_sd_configs}. */
  @Override
  public String configKey() {
    return "consul_sd_configs";
  }

  /**
   * Parses and validates one entry as Prometheus's {@code consul.SDConfig.UnmarshalYAML} does;
   * under {@code --compat=2}, {@code path_prefix}, {@code filter} and {@code health_filter} are
   * unknown fields, as in Prometheus 2.42.
   *
   * @throws io.promsd.relabel.ConfigException with Prometheus's message
   */
  @Override
  public ConsulSdConfig parse(SdConfigSource source) {
    return ConsulSdConfig.decode(source);
  }
}
