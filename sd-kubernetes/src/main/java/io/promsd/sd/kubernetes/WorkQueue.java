package io.promsd.sd.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A de-duplicating queue of object keys, like client-go's workqueue that every Prometheus role
 * uses: event handlers only add keys, and the discoverer thread takes them all at once, so many
 * events for one key collapse into one rebuild of its group. Thread-safe.
 */
final class WorkQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private LinkedHashSet<String> keys = new LinkedHashSet<>();
  private boolean taken;

  void add(String key) {
    lock.lock();
    try {
      keys.add(key);
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for keys, then takes all of them, in the order first added.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  List<String> drain(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (keys.isEmpty() && nanos > 0) {
        nanos = nonEmpty.awaitNanos(nanos);
      }
      if (keys.isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>(keys);
      keys = new LinkedHashSet<>();
      taken = true;
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Marks the keys of the last {@link #drain} as handled. */
  void done() {
    lock.lock();
    try {
      taken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Whether no keys are waiting and none are being handled. */
  boolean isIdle() {
    lock.lock();
    try {
      return keys.isEmpty() && !taken;
    } finally {
      lock.unlock();
    }
  }
}
