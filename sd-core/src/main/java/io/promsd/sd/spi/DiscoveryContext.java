package io.promsd.sd.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
   */
  void update(List<TargetGroup> groups);

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
   * logged and shown in the manager's health until the next successful update. The message must not
   * contain secrets.
   */
  void reportError(String message, Throwable cause);

  /** The clock to read time from (a fake one in tests). */
  Clock clock();

  /** The provider's name, e.g. {@code kubernetes/0}, for logs. */
  String providerName();

  /** Records that a refresh of a polling discoverer took {@code d} (for SD metrics). */
  default void refreshed(Duration d, boolean failed) {}
}
