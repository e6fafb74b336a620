package io.promsd.pushgateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --push.ttl} and the {@code Pushgateway-TTL} header: deletes a group whose last successful
 * push (or, for a group only failed pushes made, its creation) is older than its TTL (its own, from
 * its last push's header, else the gateway's), within a quarter second of the deadline. One daemon
 * thread {@code promsd-pushgateway-expiry}; it scans nothing while no TTL is set.
 */
final class Expiry implements AutoCloseable {
  private final Store store;
  private final long ttlNanos;
  private final Object lock = new Object();
  private boolean closed;
  private Thread thread;

  /** Set once a push carried its own TTL: from then on, groups are scanned. */
  private volatile boolean groupTtls;

  Expiry(Store store, Duration ttl) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  void groupTtlSeen() {
    groupTtls = true;
  }

  void start() {
    thread = new Thread(this::run, "promsd-pushgateway-expiry");
    thread.setDaemon(true);
    thread.start();
  }

  /** Deletes what is due at {@code nowNanos} (Unix nanos); returns how many groups went. */
  int expire(long nowNanos) {
    int n = 0;
    if (ttlNanos <= 0 && !groupTtls) {
      return 0;
    }
    for (Store.GroupView g : store.groups()) {
      long ttl = g.ttlMillis() > 0 ? g.ttlMillis() * 1_000_000L : ttlNanos;
      if (ttl > 0 && nowNanos - g.pushWriteNanos() >= ttl && store.expire(g)) {
        n++;
      }
    }
    return n;
  }

  private void run() {
    long tick =
        ttlNanos > 0 ? Math.max(10_000_000L, Math.min(250_000_000L, ttlNanos / 4)) : 250_000_000L;
    while (true) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, tick);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
      }
      java.time.Instant t = java.time.Instant.now();
      expire(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
