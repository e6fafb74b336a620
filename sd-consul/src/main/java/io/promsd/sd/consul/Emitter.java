package io.promsd.sd.consul;

import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands groups to the {@link DiscoveryContext} in the order they were decided, one caller at a time
 * and with no lock held during {@code update}; groups that pile up meanwhile go out together.
 *
 * <p><b>First state.</b> Prometheus sends each service's group as it arrives; the SPI asks for the
 * full state first. So groups are held until every service watched at start has answered once (or
 * failed once), then sent as one update; {@link #release()} lets them go earlier (a cap, for a
 * service that hangs). After that, groups go out as they come.
 *
 * <p><b>Removal.</b> A watcher's group is only queued while the watcher is live, checked under the
 * lock that the catalog takes to stop a watcher and queue its removal: so no stale group can follow
 * the one that removes a service (Go leaves that to a random {@code select}).
 */
final class Emitter {
  private static final Logger logger = LoggerFactory.getLogger(Emitter.class);

  private final DiscoveryContext ctx;
  private final Object lock = new Object();
  private final Queue<TargetGroup> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  // guarded by lock
  private boolean holding = true;
  private boolean armed;
  private final List<TargetGroup> held = new ArrayList<>();
  private final Set<ServiceWatcher> awaited = new HashSet<>();

  Emitter(DiscoveryContext ctx) {
    this.ctx = ctx;
  }

  /** The first state waits for this watcher's first answer. Call before starting it. */
  void expect(ServiceWatcher w) {
    synchronized (lock) {
      if (holding) {
        awaited.add(w);
      }
    }
  }

  /** Every watcher of the first state is known: send it once they have all answered. */
  void arm() {
    synchronized (lock) {
      armed = true;
      releaseIfComplete();
    }
    drain();
  }

  /** Sends what is held now, complete or not, and stops holding. Idempotent. */
  void release() {
    synchronized (lock) {
      stopHolding();
    }
    drain();
  }

  /** A watcher failed: it has answered, with nothing to send. */
  void failed(ServiceWatcher w) {
    synchronized (lock) {
      if (holding && awaited.remove(w)) {
        releaseIfComplete();
      }
    }
    drain();
  }

  /** Queues a watcher's group unless the watcher has been stopped. */
  void emit(ServiceWatcher from, TargetGroup group) {
    synchronized (lock) {
      if (from.isStopped()) {
        return;
      }
      add(group);
      if (holding && awaited.remove(from)) {
        releaseIfComplete();
      }
    }
    drain();
  }

  /** Stops a watcher and queues the group that clears its service. */
  void remove(ServiceWatcher watcher) {
    synchronized (lock) {
      watcher.stop();
      add(TargetGroup.empty(watcher.name()));
      if (holding && awaited.remove(watcher)) {
        releaseIfComplete();
      }
    }
    drain();
  }

  /** Queues a group that belongs to no watcher. */
  void send(TargetGroup group) {
    synchronized (lock) {
      add(group);
    }
    drain();
  }

  private void add(TargetGroup g) {
    if (holding) {
      held.add(g);
    } else {
      queue.add(g);
    }
  }

  private void releaseIfComplete() {
    if (armed && awaited.isEmpty()) {
      stopHolding();
    }
  }

  private void stopHolding() {
    if (holding) {
      holding = false;
      awaited.clear();
      queue.addAll(held);
      held.clear();
    }
  }

  private void drain() {
    while (!queue.isEmpty()) {
      if (!draining.compareAndSet(false, true)) {
        return; // the thread draining now will see our group
      }
      try {
        List<TargetGroup> batch = new ArrayList<>();
        for (TargetGroup g = queue.poll(); g != null; g = queue.poll()) {
          batch.add(g);
        }
        if (!batch.isEmpty() && !ctx.isCancelled()) {
          ctx.update(batch);
        }
      } catch (RuntimeException e) {
        logger.warn("discovery context rejected an update provider={}", ctx.providerName(), e);
      } finally {
        draining.set(false);
      }
    }
  }
}
