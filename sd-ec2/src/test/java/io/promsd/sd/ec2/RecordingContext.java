package io.promsd.sd.ec2;

import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link DiscoveryContext} for driving one discoverer in a test: it records updates and errors,
 * and its {@link #sleep} waits for the test's {@link #tick()} (or cancellation), so the test
 * decides when the next refresh starts. Waits have deadlines; nothing sleeps blindly.
 */
final class RecordingContext implements DiscoveryContext, AutoCloseable {
  /** A reported error. */
  record Reported(String message, Throwable cause) {}

  private final Object lock = new Object();
  private final List<List<TargetGroup>> updates = new ArrayList<>();
  private final List<Reported> errors = new ArrayList<>();
  private int refreshes;
  private int ticks;
  private boolean cancelled;
  private Thread thread;

  /** Runs {@code d} on a daemon thread named promsd-test-discoverer. */
  RecordingContext start(Discoverer d) {
    Thread t =
        new Thread(
            () -> {
              try {
                d.run(this);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "promsd-test-discoverer");
    t.setDaemon(true);
    synchronized (lock) {
      thread = t;
    }
    t.start();
    return this;
  }

  @Override
  public void update(List<TargetGroup> groups) {
    synchronized (lock) {
      updates.add(List.copyOf(groups));
      lock.notifyAll();
    }
  }

  @Override
  public boolean isCancelled() {
    synchronized (lock) {
      return cancelled;
    }
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    synchronized (lock) {
      // Every refresh of a polling discoverer ends in a sleep: count it as done.
      refreshes++;
      lock.notifyAll();
      while (ticks == 0 && !cancelled) {
        lock.wait();
      }
      if (cancelled) {
        throw new InterruptedException("cancelled");
      }
      ticks--;
    }
  }

  @Override
  public void reportError(String message, Throwable cause) {
    synchronized (lock) {
      errors.add(new Reported(message, cause));
      lock.notifyAll();
    }
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public String providerName() {
    return "ec2/0";
  }

  /** Lets the discoverer's current (or next) sleep end: one more refresh. */
  void tick() {
    synchronized (lock) {
      ticks++;
      lock.notifyAll();
    }
  }

  /** Ticks and waits until that refresh has finished. */
  void refreshNow(Duration timeout) {
    int target;
    synchronized (lock) {
      target = refreshes + 1;
    }
    tick();
    await(c -> c.refreshes >= target, timeout, "refresh " + target);
  }

  /** Waits until {@code n} refreshes have finished (the discoverer went to sleep after each). */
  void awaitRefreshes(int n, Duration timeout) {
    await(c -> c.refreshes >= n, timeout, n + " refreshes");
  }

  List<List<TargetGroup>> updates() {
    synchronized (lock) {
      return List.copyOf(updates);
    }
  }

  List<Reported> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  int refreshes() {
    synchronized (lock) {
      return refreshes;
    }
  }

  private void await(Predicate<RecordingContext> cond, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!cond.test(this)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for " + what);
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted waiting for " + what);
        }
      }
    }
  }

  /** Cancels, interrupts and joins the discoverer thread (bounded). */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        throw new AssertionError("discoverer did not stop");
      }
    }
  }
}
