package io.promsd.sd.consul;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
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
 * A {@link DiscoveryContext} for tests, standing in for the discovery manager: runs a discoverer on
 * a thread of its own, records every update and reported error, keeps the latest group per source,
 * and lets tests wait for a condition with a deadline.
 */
final class RecordingContext implements DiscoveryContext, AutoCloseable {
  /** A reported error. */
  record ReportedError(String message, Throwable cause) {}

  private final Object lock = new Object();
  private final List<List<TargetGroup>> updates = new ArrayList<>();
  private final Map<String, TargetGroup> state = new LinkedHashMap<>();
  private final List<ReportedError> errors = new ArrayList<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile boolean ended;
  private volatile Throwable failure;
  private Thread runner;

  /** Starts {@code d.run(this)} on a new thread. */
  static RecordingContext run(Discoverer d) {
    RecordingContext ctx = new RecordingContext();
    ctx.runner =
        new Thread(
            () -> {
              try {
                d.run(ctx);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable t) {
                ctx.failure = t;
              } finally {
                ctx.ended = true;
                synchronized (ctx.lock) {
                  ctx.lock.notifyAll();
                }
              }
            },
            "test-discoverer");
    ctx.runner.setDaemon(true);
    ctx.runner.start();
    return ctx;
  }

  @Override
  public void update(List<TargetGroup> groups) {
    synchronized (lock) {
      updates.add(List.copyOf(groups));
      for (TargetGroup g : groups) {
        state.put(g.source(), g);
      }
      lock.notifyAll();
    }
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
  public void reportError(String message, Throwable cause) {
    synchronized (lock) {
      errors.add(new ReportedError(message, cause));
      lock.notifyAll();
    }
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public String providerName() {
    return "consul/0";
  }

  /** The latest group per source. */
  Map<String, TargetGroup> state() {
    synchronized (lock) {
      return new LinkedHashMap<>(state);
    }
  }

  List<List<TargetGroup>> updates() {
    synchronized (lock) {
      return List.copyOf(updates);
    }
  }

  List<ReportedError> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  /** The targets of every group, merged with the group labels, as the manager would see them. */
  List<Labels> targets() {
    List<Labels> out = new ArrayList<>();
    for (TargetGroup g : state().values()) {
      for (Labels t : g.targets()) {
        Labels.Builder b = g.labels().toBuilder();
        b.setAll(t);
        out.add(b.build());
      }
    }
    return out;
  }

  /** Waits until the state satisfies {@code p}; fails with the last state otherwise. */
  void awaitState(Predicate<Map<String, TargetGroup>> p, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!p.test(state)) {
        checkAlive();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "state not reached within " + timeout + "; state " + state + "; errors " + errors);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 50_000_000));
      }
    }
  }

  /** Waits until at least {@code n} errors were reported; returns them. */
  List<ReportedError> awaitErrors(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (errors.size() < n) {
        checkAlive();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "fewer than " + n + " errors within " + timeout + ": " + errors + "; " + state);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 50_000_000));
      }
      return List.copyOf(errors);
    }
  }

  /** Waits until at least {@code n} updates were received. */
  void awaitUpdates(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (updates.size() < n) {
        checkAlive();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("fewer than " + n + " updates within " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 50_000_000));
      }
    }
  }

  private void checkAlive() {
    if (failure != null) {
      throw new AssertionError("discoverer failed", failure);
    }
  }

  /** Whether run() has returned. */
  boolean ended() {
    return ended;
  }

  /** Cancels, interrupts the runner and waits (bounded) for run() to return. */
  @Override
  public void close() {
    cancelled.countDown();
    runner.interrupt();
    try {
      runner.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the discoverer", e);
    }
    if (runner.isAlive()) {
      throw new AssertionError("discoverer did not stop within 10 s");
    }
    if (failure != null) {
      throw new AssertionError("discoverer failed", failure);
    }
  }
}
