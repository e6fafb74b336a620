package io.promsd.sd.spi;

import io.promsd.relabel.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a running {@link Discoverer} talks to: where it sends groups, how it learns that it must
 * stop, where it reports faults. Implementations are thread-safe; a discoverer may call them from
 * any of its threads.
 */
public interface DiscoveryContext {
  /**
   * Hands over groups. Never blocks for long: the manager stores them and coalesces bursts. Groups
   * are applied in order; an empty group removes its source.
   *
   * <p>The first call marks the discoverer as having delivered its initial state, which is what
   * {@code promsd check service-discovery} waits for. Send it even when there is nothing to report,
   * and also when the first attempt failed (after {@link #reportError}, with an empty list), so
   * that nobody waits for a state that will not come.
   *
   * <p>A group (or one of its targets) with more than 10,000 labels, or a label name or value
   * longer than 1 Mi characters, is rejected as a fault of the discoverer, logged and reported as
   * by {@link #reportError}; what was known under its source stays (the bounds file SD, http SD and
   * {@code static_configs} apply while parsing).
   */
  void update(List<TargetGroup> groups);

  /**
   * Hands over what could be discovered despite some faults, and the faults, in one step: for a
   * discoverer that keeps the last good groups of what failed (file SD: a file that does not parse)
   * and sends the rest. Each fault is logged and reported as by {@link #reportError}, and the
   * discoverer shows as unhealthy until an update without faults; nobody can see the groups without
   * the faults. With no faults it is {@link #update(List)}.
   */
  default void update(List<TargetGroup> groups, List<String> faults) {
    for (String f : faults) {
      reportError(f, null);
    }
    update(groups);
  }

  /** Whether the discoverer must stop. */
  boolean isCancelled();

  /**
   * Sleeps for {@code d}, or less if cancelled.
   *
   * @throws InterruptedException if cancelled while sleeping
   */
  void sleep(Duration d) throws InterruptedException;

  /**
   * Reports a fault (a failed refresh, an unreachable server, a file that does not parse). It is
   * logged, and the discoverer shows as unhealthy until its next {@link #update}. A discoverer that
   * still sends what it could despite a fault uses {@link #update(List, List)} instead. The message
   * must not contain secrets.
   */
  void reportError(String message, Throwable cause);

  /** The clock to read time from (a fake one in tests). */
  Clock clock();

  /** The provider's name, e.g. {@code kubernetes/0}, for logs. */
  String providerName();

  /** Records that a refresh of a polling discoverer took {@code d} (for SD metrics). */
  default void refreshed(Duration d, boolean failed) {}

  /**
   * Adds {@code delta} to a counter of the mechanism's own, named and labelled as Prometheus names
   * it (for example file SD's {@code prometheus_sd_file_read_errors_total}); the manager hands it
   * to its {@code DiscoveryMetrics}, which may expose it or not.
   */
  default void count(String metric, Labels labels, double delta) {}

  /**
   * Records one observation of a summary or histogram of the mechanism's own (for example the
   * seconds one scan of file SD took, {@code prometheus_sd_file_scan_duration_seconds}).
   */
  default void observe(String metric, Labels labels, double value) {}

  /**
   * Replaces every series this discoverer reports for a gauge of the mechanism's own, one value per
   * label set (file SD: {@code prometheus_sd_file_mtime_seconds}, one per file it read); an empty
   * map withdraws them, as the manager does when the discoverer stops.
   */
  default void gauges(String metric, Map<Labels, Double> series) {}
}
