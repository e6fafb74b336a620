package io.promsd.sd.consul;

import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands groups to the {@link DiscoveryContext} in the order they were decided, one caller at a time
 * and with no lock held during {@code update}; groups that pile up meanwhile go out together.
 *
 * <p>A watcher's group is only queued if the watcher is still live, checked under the same lock
 * that the catalog takes to stop a watcher and queue its removal: so no stale group can follow the
 * one that removes a service (Go leaves that to a random {@code select}).
 */
final class Emitter {
  private static final Logger logger = LoggerFactory.getLogger(Emitter.class);

  private final DiscoveryContext ctx;
  private final Object lock = new Object();
  private final Queue<TargetGroup> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  Emitter(DiscoveryContext ctx) {
    this.ctx = ctx;
  }

  /** Queues a watcher's group unless the watcher has been stopped. */
  void emit(ServiceWatcher from, TargetGroup group) {
    synchronized (lock) {
      if (from.isStopped()) {
        return;
      }
      queue.add(group);
    }
    drain();
  }

  /** Stops a watcher and queues the group that clears its service. */
  void remove(ServiceWatcher watcher) {
    synchronized (lock) {
      watcher.stop();
      queue.add(TargetGroup.empty(watcher.name()));
    }
    drain();
  }

  /** Queues a group that belongs to no watcher. */
  void send(TargetGroup group) {
    queue.add(group);
    drain();
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
