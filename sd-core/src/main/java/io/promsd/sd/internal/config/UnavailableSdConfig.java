package io.promsd.sd.internal.config;

import static java.util.Objects.requireNonNull;

import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;

/**
 * An entry of a Prometheus discovery that promsd checks but does not run (no module on the
 * classpath implements it): the config loads and is validated as Prometheus validates it, but no
 * targets can be computed from it. The loader makes these only for mechanisms without a {@link
 * io.promsd.sd.spi.DiscovererFactory}; README lists which mechanisms are run and which are checked
 * only.
 *
 * @param mechanism the mechanism, e.g. {@code hetzner}
 */
public record UnavailableSdConfig(String mechanism) implements SdConfig {
  /** Checks. */
  public UnavailableSdConfig {
    requireNonNull(mechanism, "mechanism");
  }

  /**
   * Always fails: promsd cannot discover these targets.
   *
   * @throws UnsupportedOperationException saying which discovery is not available
   */
  @Override
  public Discoverer newDiscoverer() {
    throw new UnsupportedOperationException(message());
  }

  /** What to tell a user whose job needs this discovery, e.g. {@code hetzner_sd_configs: ...}. */
  public String message() {
    return mechanism
        + "_sd_configs: discovery not available in promsd (its configuration is checked, its"
        + " targets are not discovered)";
  }
}
