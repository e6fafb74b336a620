package io.promsd.sd.consul;

import java.time.Duration;

/**
 * Go's {@code time.Ticker} as a watcher loop uses it ({@code watch(); <-ticker.C}): ticks fall on a
 * fixed grid from the start; a tick that fired while the loop was busy is kept (one at most), so a
 * call slower than the interval is followed at once, and a fast one waits for the next tick. Not
 * thread-safe: one loop owns it.
 */
final class Ticker {
  private final long start;
  private final long period;
  private long lastReceive;

  /**
   * @param startNanos when the ticker was made ({@link System#nanoTime()} scale)
   * @param period the interval; must be positive (Go's NewTicker panics otherwise)
   */
  Ticker(long startNanos, Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("non-positive interval for NewTicker");
    }
    this.start = startNanos;
    this.period = period.toNanos();
    this.lastReceive = startNanos;
  }

  /**
   * When {@code <-ticker.C} returns if the loop starts waiting at {@code now}: at once if a tick
   * fired since the last receive, else at the next tick.
   */
  long receive(long now) {
    long k = Math.floorDiv(now - start, period);
    long latest = start + k * period;
    if (k >= 1 && latest - lastReceive > 0) {
      lastReceive = now;
      return now;
    }
    long next = start + (Math.max(k, 0) + 1) * period;
    lastReceive = next;
    return next;
  }
}
