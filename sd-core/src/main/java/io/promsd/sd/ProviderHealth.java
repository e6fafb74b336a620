package io.promsd.sd;

import java.time.Instant;
import java.util.List;

/**
 * The state of one running discoverer ("provider", as Prometheus calls a discoverer and its jobs).
 *
 * @param name e.g. {@code file/0}
 * @param mechanism e.g. {@code file}
 * @param jobs the jobs using it
 * @param initialized whether it has delivered its first full state (or failed its first try)
 * @param lastUpdate when it last sent groups, or null
 * @param lastError its last reported fault, or null (never holds secrets)
 * @param lastErrorTime when that fault was reported, or null
 * @param groups how many groups it currently has
 * @param targets how many targets those groups hold
 * @param healthy whether it is working: no fault reported since its last update, and that update
 *     came with no faults (see {@link io.promsd.sd.spi.DiscoveryContext#update(List, List)})
 */
public record ProviderHealth(
    String name,
    String mechanism,
    List<String> jobs,
    boolean initialized,
    Instant lastUpdate,
    String lastError,
    Instant lastErrorTime,
    int groups,
    int targets,
    boolean healthy) {
  /** Copies the list. */
  public ProviderHealth {
    jobs = List.copyOf(jobs);
  }
}
