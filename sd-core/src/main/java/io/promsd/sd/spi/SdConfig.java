package io.promsd.sd.spi;

/**
 * One parsed entry of an {@code <mechanism>_sd_configs} list (Prometheus's {@code
 * discovery.Config}).
 *
 * <p>Implementations are immutable records: the manager runs one discoverer per set of {@link
 * Object#equals equal} configs, however many jobs use them, so equality must mean "would discover
 * the same targets". Paths are already resolved against the config file's directory. {@code
 * toString} must not print secrets.
 */
public interface SdConfig {
  /** The mechanism, e.g. {@code file}, {@code kubernetes}; names providers like {@code file/0}. */
  String mechanism();

  /**
   * A new discoverer for this config. Cheap and free of I/O: connections are opened in {@link
   * Discoverer#run}, so that building an expensive client costs nothing until a job needs it.
   */
  Discoverer newDiscoverer();
}
