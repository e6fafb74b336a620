package io.promsd.sd.consul;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that has no event to wait on (a gauge of the fake, a thread list, the
 * manager's health), checking it every few milliseconds until a deadline, as Awaitility polls.
 */
final class Await {
  private Await() {}

  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  /** Returns once {@code condition} holds; fails with {@code what} (and its detail) otherwise. */
  static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not reached within " + timeout + ": " + what.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what.get());
      }
    }
  }
}
