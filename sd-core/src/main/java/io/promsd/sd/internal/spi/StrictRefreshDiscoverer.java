package io.promsd.sd.internal.spi;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A discoverer that polls exactly as Prometheus's {@code discovery/refresh} does, for mechanisms
 * whose timing users compare with Prometheus's (http, eureka): a refresh at start and then every
 * interval, with no earlier retry after a failure; a failed refresh sends nothing, so the last good
 * groups stay. If the very first refresh fails, an empty update is sent with the fault (ready, but
 * not healthy). A fault is reported when it is new: the same failure again and again (a server down
 * for an hour) is reported once, until a refresh succeeds or the failure changes.
 *
 * <p>A zero (or negative) interval refreshes once and then no more, with an error that says so:
 * Prometheus's ticker panics after the first refresh.
 *
 * <p>Each run opens its refresher once, on a cached pool of daemon threads named {@code
 * <threadPrefix>N} (for an HTTP client's executor) that is shut down when the run ends; a refresher
 * that fails to open counts as a failed refresh and is opened again at the next one. Checked
 * exceptions of the refresher are failed refreshes, reported as {@code unable to refresh target
 * groups: <message>}; runtime exceptions end the run. Compare {@link RefreshDiscoverer}, which
 * retries a failure sooner.
 */
public final class StrictRefreshDiscoverer implements Discoverer {
  /** One refresh: the groups to send. */
  @FunctionalInterface
  public interface Refresher {
    /**
     * Returns the groups to send for this refresh.
     *
     * @throws InterruptedException when cancelled
     * @throws Exception for a failed refresh (its message is Prometheus's error text)
     */
    List<TargetGroup> refresh() throws Exception;
  }

  /** Makes the refresher of one run. */
  @FunctionalInterface
  public interface Opener {
    /**
     * The refresher of one run.
     *
     * @param pool the run's threads, for an HTTP client's executor
     * @param timeout the refresh interval, or the fallback when the interval is not positive
     * @throws Exception when it cannot be made (a failed refresh)
     */
    Refresher open(ExecutorService pool, Duration timeout) throws Exception;
  }

  private static final Duration FOREVER = Duration.ofDays(365 * 100L);

  private final String threadPrefix;
  private final Duration interval;
  private final Duration fallbackTimeout;
  private final String failureCounter;
  private final Opener opener;

  /**
   * Polls every {@code interval}.
   *
   * @param threadPrefix the name of the run's threads, before a number ({@code promsd-http-sd-})
   * @param interval the refresh interval as configured; zero or negative refreshes once
   * @param fallbackTimeout the timeout given to {@code opener} when {@code interval} is not
   *     positive
   * @param failureCounter a counter to add 1 to per failed refresh ({@link
   *     DiscoveryContext#count}), or null for none
   * @param opener makes the refresher of each run
   */
  public StrictRefreshDiscoverer(
      String threadPrefix,
      Duration interval,
      Duration fallbackTimeout,
      String failureCounter,
      Opener opener) {
    this.threadPrefix = requireNonNull(threadPrefix, "threadPrefix");
    this.interval = requireNonNull(interval, "interval");
    this.fallbackTimeout = requireNonNull(fallbackTimeout, "fallbackTimeout");
    this.failureCounter = failureCounter;
    this.opener = requireNonNull(opener, "opener");
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      loop(ctx, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private void loop(DiscoveryContext ctx, ExecutorService pool) throws InterruptedException {
    boolean positive = !interval.isZero() && !interval.isNegative();
    // Prometheus's clients time out after refresh_interval; a zero interval means no timeout
    // there, and one that never ends is no use: the mechanism's default bounds it.
    Duration timeout = positive ? interval : fallbackTimeout;
    Refresher refresher = null;
    boolean delivered = false;
    String lastFault = null;
    while (!ctx.isCancelled()) {
      long start = System.nanoTime();
      try {
        if (refresher == null) {
          refresher = opener.open(pool, timeout);
        }
        List<TargetGroup> groups = refresher.refresh();
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), false);
        ctx.update(groups);
        delivered = true;
        lastFault = null;
      } catch (InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        if (ctx.isCancelled()) {
          return;
        }
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), true);
        if (failureCounter != null) {
          ctx.count(failureCounter, Labels.empty(), 1);
        }
        String fault = "unable to refresh target groups: " + e.getMessage();
        if (!delivered) {
          // The (empty) initial state and its fault together: ready, but not healthy.
          ctx.update(List.of(), List.of(fault));
          delivered = true;
        } else if (!fault.equals(lastFault)) {
          ctx.reportError(fault, e);
        }
        lastFault = fault;
      }
      if (!positive) {
        ctx.reportError(
            "refresh_interval is zero: Prometheus refreshes once and then stops (its ticker"
                + " panics); promsd refreshes no more",
            null);
        ctx.sleep(FOREVER);
      } else {
        ctx.sleep(interval);
      }
    }
  }
}
