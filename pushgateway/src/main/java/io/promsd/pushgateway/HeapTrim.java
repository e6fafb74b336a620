package io.promsd.pushgateway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * Keeps a stand-alone gateway's heap near what it holds. Under the serial collector (the launcher's
 * choice) groups that are replaced die in the old generation, and the old generation grows instead
 * of being collected until the heap reaches its maximum (a quarter of the machine's memory): a
 * gateway holding 600 groups grew to 184 MiB while clients replaced them (121 MiB with this). This
 * asks for a full collection whenever the old generation holds half as much again as it held after
 * the last one (and at least {@link #SLACK} more), so the collector then gives the space back
 * ({@code MaxHeapFreeRatio}). The cost is one full collection per half of what the gateway holds
 * pushed again. Only when the launcher asks for it ({@code -Dpromsd.pushgateway.heapTrim=true}): an
 * embedding application keeps its own collector policy.
 */
final class HeapTrim implements AutoCloseable {
  static final long SLACK = 8L << 20;

  private final MemoryPoolMXBean old;
  private final NotificationEmitter emitter;
  private final NotificationListener listener;
  private final AtomicBoolean running = new AtomicBoolean();

  private HeapTrim(MemoryPoolMXBean old) {
    this.old = old;
    this.emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    this.listener = this::notified;
    emitter.addNotificationListener(listener, null, null);
    rearm();
  }

  /** Starts when the system property asks for it and the heap has an old pool to watch. */
  static HeapTrim startIfAsked() {
    if (!Boolean.getBoolean("promsd.pushgateway.heapTrim")) {
      return null;
    }
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      String n = p.getName();
      if (p.getType() == MemoryType.HEAP
          && p.isUsageThresholdSupported()
          && (n.contains("Tenured") || n.contains("Old Gen"))) {
        return new HeapTrim(p);
      }
    }
    return null;
  }

  private void rearm() {
    MemoryUsage after = old.getCollectionUsage();
    long live = after == null ? old.getUsage().getUsed() : after.getUsed();
    long threshold = live + Math.max(live / 2, SLACK);
    long max = old.getUsage().getMax();
    if (max > 0) {
      threshold = Math.min(threshold, max);
    }
    old.setUsageThreshold(threshold);
  }

  private void notified(Notification n, Object handback) {
    if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())
        || !running.compareAndSet(false, true)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                System.gc();
                rearm();
              } finally {
                running.set(false);
              }
            },
            "promsd-pushgateway-heap-trim");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    try {
      emitter.removeNotificationListener(listener);
    } catch (javax.management.ListenerNotFoundException e) {
      // already gone
    }
  }
}
