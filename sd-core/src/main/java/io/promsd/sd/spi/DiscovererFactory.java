package io.promsd.sd.spi;

/**
 * Parses the entries of one {@code <mechanism>_sd_configs} key of a scrape config. Found with
 * {@link java.util.ServiceLoader}: a module registers its factory in {@code
 * META-INF/services/io.promsd.sd.spi.DiscovererFactory}.
 *
 * <p>Thread-safe and stateless.
 */
public interface DiscovererFactory {
  /** The YAML key this factory reads, e.g. {@code kubernetes_sd_configs}. */
  String configKey();

  /**
   * Parses one list entry, validating it as Prometheus does: type problems go to {@code
   * source.decoder()} (Go's collected {@code yaml: unmarshal errors}), a rejected setting throws
   * {@link io.promsd.relabel.ConfigException} with Prometheus's text.
   */
  SdConfig parse(SdConfigSource source);
}
