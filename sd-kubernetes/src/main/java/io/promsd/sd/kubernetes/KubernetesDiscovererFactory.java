package io.promsd.sd.kubernetes;

import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;

/**
 * Reads {@code kubernetes_sd_configs} entries into {@link KubernetesSdConfig}s, validating them as
 * Prometheus does (messages verbatim; {@code --compat=2} follows v2.42.0). Found through {@link
 * java.util.ServiceLoader}. Stateless and thread-safe; parsing does no I/O and builds no client.
 */
public final class KubernetesDiscovererFactory implements DiscovererFactory {
  /** For {@link java.util.ServiceLoader}. */
  public KubernetesDiscovererFactory() {}

  /** {@code kubernetes_sd_configs}. */
  @Override
  public String configKey() {
    return "kubernetes_sd_configs";
  }

  /**
   * Parses one entry.
   *
   * @return the config, or null when the entry had type errors: those are collected in {@code
   *     source.decoder()} and thrown with the document's other type errors, as Go reports them
   * @throws io.promsd.relabel.ConfigException with Prometheus's message for a rejected setting,
   *     e.g. {@code cannot use 'kubeconfig_file' and 'api_server' simultaneously}
   */
  @Override
  public SdConfig parse(SdConfigSource source) {
    return ConfigDecoder.decode(source);
  }
}
