package io.promsd.sd.spi;

/**
 * Discovers targets of one mechanism for one SD config (Prometheus's {@code discovery.Discoverer}).
 *
 * <p>{@link #run} is called once, on a thread of its own, and pushes what it learns through {@link
 * DiscoveryContext#update}: the first update is the full state, later updates carry the groups that
 * may have changed (sending an unchanged group again is harmless). It returns when the context is
 * cancelled; it should then release what it holds. Blocking I/O is fine, but every blocking call
 * must be interruptible or bounded, because cancellation interrupts the thread.
 *
 * <p>Faults must not escape: report them with {@link DiscoveryContext#reportError}, keep the last
 * good groups (by sending nothing) and retry; an exception thrown out of {@code run} is logged and
 * the discoverer is restarted with backoff.
 */
public interface Discoverer {
  /**
   * Runs until {@code ctx} is cancelled.
   *
   * @throws InterruptedException when interrupted by cancellation (the normal way out of a wait)
   */
  void run(DiscoveryContext ctx) throws InterruptedException;
}
