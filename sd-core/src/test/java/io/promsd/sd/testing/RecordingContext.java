package io.promsd.sd.testing;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link DiscoveryContext} for tests, standing in for the discovery manager: it records every
 * update and reported error and keeps the latest group per source (as Prometheus's own test harness
 * merges, kubernetes_test.go {@code readResultWithTimeout}). It can run the discoverer on a thread
 * of its own ({@link #run}, {@link #start}); every wait has a deadline, nothing sleeps blindly.
 *
 * <p>Its {@link #sleep} either waits the time asked for (until cancelled), or, for a context made
 * by {@link #ticked()}, until the test's {@link #tick()}: then the test decides when a polling
 * discoverer's next refresh starts. Either way each sleep counts as one finished refresh.
 */
public final class RecordingContext implements DiscoveryContext, AutoCloseable {
  /** A reported error. */
  public record ReportedError(String message, Throwable cause) {}

  private final Object lock = new Object();
  private final boolean ticked;
  private final List<List<TargetGroup>> updates = new ArrayList<>();
  private final Map<String, TargetGroup> state = new LinkedHashMap<>();
  private final List<ReportedError> errors = new ArrayList<>();
  private int refreshes;
  private int ticks;
  private boolean cancelled;
  private volatile boolean ended;
  private volatile Throwable failure;
  private Thread runner;

  /** A context whose {@link #sleep} waits the time asked for, or until cancelled. */
  public RecordingContext() {
    this(false);
  }

  private RecordingContext(boolean ticked) {
    this.ticked = ticked;
  }

  /** A context whose {@link #sleep} waits for a {@link #tick()} (or cancellation). */
  public static RecordingContext ticked() {
    return new RecordingContext(true);
  }

  /** Starts {@code d.run(...)} on a new thread with a new (not ticked) context. */
  public static RecordingContext run(Discoverer d) {
    return new RecordingContext().start(d);
  }

  /**
   * Runs {@code d} on a daemon thread named promsd-test-discoverer; a throwable it ends with fails
   * the next wait and {@link #close()}.
   */
  public RecordingContext start(Discoverer d) {
    Thread t =
        new Thread(
            () -> {
              try {
                d.run(this);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable e) {
                failure = e;
              } finally {
                ended = true;
                synchronized (lock) {
                  lock.notifyAll();
                }
              }
            },
            "promsd-test-discoverer");
    t.setDaemon(true);
    synchronized (lock) {
      if (runner != null) {
        throw new IllegalStateException("already started");
      }
      runner = t;
    }
    t.start();
    return this;
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
    synchronized (lock) {
      return cancelled;
    }
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    long deadline = System.nanoTime() + d.toNanos();
    synchronized (lock) {
      // Every refresh of a polling discoverer ends in a sleep: count it as done.
      refreshes++;
      lock.notifyAll();
      while (!cancelled) {
        if (ticked) {
          if (ticks > 0) {
            ticks--;
            return;
          }
          lock.wait();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      }
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
    return "test/0";
  }

  /** Cancels: the discoverer's current and later sleeps throw {@link InterruptedException}. */
  public void cancel() {
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
    }
  }

  /** Lets the discoverer's current (or next) ticked sleep end: one more refresh. */
  public void tick() {
    synchronized (lock) {
      ticks++;
      lock.notifyAll();
    }
  }

  /** Ticks and waits until that refresh has finished. */
  public void refreshNow(Duration timeout) {
    int target;
    synchronized (lock) {
      target = refreshes + 1;
    }
    tick();
    awaitUninterruptibly(() -> refreshes >= target, timeout, () -> "refresh " + target);
  }

  /** Waits until {@code n} refreshes have finished (the discoverer went to sleep after each). */
  public void awaitRefreshes(int n, Duration timeout) {
    awaitUninterruptibly(() -> refreshes >= n, timeout, () -> n + " refreshes");
  }

  /** How many refreshes have finished (sleeps begun). */
  public int refreshes() {
    synchronized (lock) {
      return refreshes;
    }
  }

  /** The latest group per source, in the order sources first appeared. */
  public Map<String, TargetGroup> state() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }
  }

  /** Every update, in order. */
  public List<List<TargetGroup>> updates() {
    synchronized (lock) {
      return List.copyOf(updates);
    }
  }

  /** Every reported error, in order. */
  public List<ReportedError> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  /** The messages of every reported error, in order. */
  public List<String> errorMessages() {
    return errors().stream().map(ReportedError::message).toList();
  }

  /** The targets of every group, merged with the group labels, as the manager would see them. */
  public List<Labels> targets() {
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

  /** Waits until {@code condition} holds for this context; false if the timeout passes first. */
  public boolean await(Predicate<RecordingContext> condition, Duration timeout)
      throws InterruptedException {
    synchronized (lock) {
      return waitFor(() -> condition.test(this), System.nanoTime() + timeout.toNanos());
    }
  }

  /** Waits until the state satisfies {@code p}; fails with the last state otherwise. */
  public void awaitState(Predicate<Map<String, TargetGroup>> p, Duration timeout)
      throws InterruptedException {
    awaitOrFail(
        () -> p.test(state),
        timeout,
        () -> "state not reached within " + timeout + "; state " + state + "; errors " + errors);
  }

  /** Waits until at least {@code n} errors were reported; returns them. */
  public List<ReportedError> awaitErrors(int n, Duration timeout) throws InterruptedException {
    awaitOrFail(
        () -> errors.size() >= n,
        timeout,
        () -> "fewer than " + n + " errors within " + timeout + ": " + errors + "; " + state);
    return errors();
  }

  /** Waits until at least {@code n} updates were received. */
  public void awaitUpdates(int n, Duration timeout) throws InterruptedException {
    awaitOrFail(
        () -> updates.size() >= n, timeout, () -> "fewer than " + n + " updates within " + timeout);
  }

  /** Whether the discoverer's run() has returned. */
  public boolean ended() {
    return ended;
  }

  private void awaitOrFail(BooleanSupplier cond, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    synchronized (lock) {
      if (!waitFor(cond, System.nanoTime() + timeout.toNanos())) {
        throw new AssertionError(what.get());
      }
    }
  }

  private void awaitUninterruptibly(BooleanSupplier cond, Duration timeout, Supplier<String> what) {
    try {
      awaitOrFail(cond, timeout, () -> "timed out waiting for " + what.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what.get());
    }
  }

  /** With the lock held: waits for {@code cond} until {@code deadline}; false if it passes. */
  private boolean waitFor(BooleanSupplier cond, long deadline) throws InterruptedException {
    while (!cond.getAsBoolean()) {
      checkAlive();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 50_000_000));
    }
    return true;
  }

  private void checkAlive() {
    if (failure != null) {
      throw new AssertionError("discoverer failed", failure);
    }
  }

  /** Cancels, interrupts the runner (if started) and waits (bounded) for run() to return. */
  @Override
  public void close() {
    cancel();
    Thread t;
    synchronized (lock) {
      t = runner;
    }
    if (t == null) {
      return;
    }
    t.interrupt();
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the discoverer", e);
    }
    if (t.isAlive()) {
      throw new AssertionError("discoverer did not stop within 10 s");
    }
    checkAlive();
  }
}
