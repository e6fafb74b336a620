package io.promsd.sd.kubernetes;

import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link DiscoveryContext} that records what a discoverer sends: the latest group per source
 * (Prometheus's test harness merges the same way, kubernetes_test.go {@code
 * readResultWithTimeout}), every update, every reported error. Waits are on conditions with
 * deadlines.
 */
final class RecordingContext implements DiscoveryContext {
  private final Map<String, TargetGroup> state = new LinkedHashMap<>();
  private final List<List<TargetGroup>> updates = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);

  @Override
  public synchronized void update(List<TargetGroup> groups) {
    updates.add(List.copyOf(groups));
    for (TargetGroup g : groups) {
      state.put(g.source(), g);
    }
    notifyAll();
  }

  @Override
  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (cancelled.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("cancelled");
    }
  }

  @Override
  public synchronized void reportError(String message, Throwable cause) {
    errors.add(message);
    notifyAll();
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public String providerName() {
    return "kubernetes/0";
  }

  void cancel() {
    cancelled.countDown();
  }

  synchronized Map<String, TargetGroup> state() {
    return Map.copyOf(state);
  }

  synchronized List<List<TargetGroup>> updates() {
    return List.copyOf(updates);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** Waits until {@code condition} holds for this context, or the timeout passes. */
  synchronized boolean await(Predicate<RecordingContext> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
