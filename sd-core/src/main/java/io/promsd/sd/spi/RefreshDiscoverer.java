package io.promsd.sd.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A discoverer for mechanisms that poll (Prometheus's {@code discovery/refresh}): refresh at start
 * and then every interval, send the groups each refresh returns, and keep the last good ones when a
 * refresh fails.
 *
 * <p>A failed refresh is reported and retried sooner than the interval, with a capped exponential
 * backoff (1 s, 2 s, 4 s, ... up to the interval), so a transient fault does not cost a whole
 * interval of staleness. If the very first refresh fails, an empty update is sent with the fault,
 * so that nobody waits for an initial state that did not come, and the provider shows as unhealthy
 * until a refresh succeeds.
 *
 * <pre>{@code
 * Discoverer d = new RefreshDiscoverer(Duration.ofSeconds(60), () -> describeInstances());
 * }</pre>
 */
public final class RefreshDiscoverer implements Discoverer {
  /** One refresh: the full current state, as groups. */
  @FunctionalInterface
  public interface Refresher {
    /**
     * Returns every group the mechanism knows now.
     *
     * @throws InterruptedException when cancelled
     * @throws Exception for a failed refresh (reported, retried)
     */
    List<TargetGroup> refresh() throws Exception;
  }

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final Duration interval;
  private final Refresher refresher;
  private final Duration firstRetry;

  /** Polls {@code refresher} every {@code interval}. */
  public RefreshDiscoverer(Duration interval, Refresher refresher) {
    this(interval, refresher, FIRST_RETRY);
  }

  /** As the two-argument form, with the first retry delay after a failure (tests). */
  public RefreshDiscoverer(Duration interval, Refresher refresher, Duration firstRetry) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("refresh interval must be positive");
    }
    this.interval = interval;
    this.refresher = requireNonNull(refresher, "refresher");
    this.firstRetry = requireNonNull(firstRetry, "firstRetry");
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    boolean delivered = false;
    Duration backoff = firstRetry;
    while (!ctx.isCancelled()) {
      long start = System.nanoTime();
      Duration next;
      try {
        List<TargetGroup> groups = refresher.refresh();
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), false);
        ctx.update(groups);
        delivered = true;
        backoff = firstRetry;
        next = interval;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (ctx.isCancelled()) {
          return;
        }
        ctx.refreshed(Duration.ofNanos(System.nanoTime() - start), true);
        String fault = "unable to refresh target groups: " + e.getMessage();
        if (delivered) {
          ctx.reportError(fault, e);
        } else {
          // The (empty) initial state and its fault together: ready, but not healthy.
          ctx.update(List.of(), List.of(fault));
          delivered = true;
        }
        next = backoff.compareTo(interval) < 0 ? backoff : interval;
        backoff = backoff.multipliedBy(2);
      }
      ctx.sleep(next);
    }
  }
}
