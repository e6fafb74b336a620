package io.promsd.sd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One listener with its own dispatcher thread and a one-slot mailbox (newest wins). */
final class Dispatcher {
  private static final Logger logger = LoggerFactory.getLogger(DiscoveryManager.class);

  private final TargetSetListener listener;
  private final Thread thread;
  private TargetSet pending; // guarded by this
  private boolean stopped; // guarded by this

  Dispatcher(TargetSetListener listener) {
    this.listener = listener;
    this.thread =
        new Thread(this::loop, "promsd-listener-" + DiscoveryManager.THREADS.incrementAndGet());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  synchronized void offer(TargetSet set) {
    if (pending == null || pending.version() < set.version()) {
      pending = set;
      notifyAll();
    }
  }

  void stop() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      DiscoveryManager.join(thread);
    }
  }

  private void loop() {
    long delivered = 0;
    while (true) {
      TargetSet next;
      synchronized (this) {
        while (!stopped && (pending == null || pending.version() <= delivered)) {
          try {
            wait();
          } catch (InterruptedException e) {
            if (stopped) {
              return;
            }
          }
        }
        if (stopped) {
          return;
        }
        next = pending;
      }
      delivered = next.version();
      try {
        listener.onUpdate(next);
      } catch (RuntimeException e) {
        logger.warn("listener failed listener={}", listener, e);
      }
    }
  }
}
