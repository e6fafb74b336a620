package io.promsd.sd;

import io.promsd.sd.internal.ScrapeJob;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Target population for the manager's updater: small batches on the calling thread, large ones (a
 * first file of 100k targets, a cluster's first list) split across a few worker threads ({@code
 * promsd-sd-worker-N}, daemons, started on first need, stopped by {@link #close()}). Results keep
 * the groups' order. Used by one thread at a time.
 */
final class Population implements AutoCloseable {
  /** Below this many targets, splitting costs more than it saves. */
  static final int PARALLEL_THRESHOLD = 4_000;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private final int workers;
  private ExecutorService pool;

  Population(int workers) {
    this.workers = Math.max(0, workers);
  }

  /** Workers for a machine: one fewer than its processors (the caller works too), at most 3. */
  static Population forThisMachine() {
    return new Population(Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
  }

  /** Every group's targets, in order. */
  List<List<ScrapeTarget>> targets(ScrapeJob job, List<TargetGroup> groups) {
    int total = 0;
    for (TargetGroup g : groups) {
      total += g.targets().size();
    }
    if (workers == 0 || total < PARALLEL_THRESHOLD || groups.size() < 2) {
      return sequential(job, groups, 0, groups.size());
    }
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              workers,
              r -> {
                Thread t = new Thread(r, "promsd-sd-worker-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    // Cut into chunks of about equal target counts; the caller takes the last one.
    int parts = workers + 1;
    int per = (total + parts - 1) / parts;
    List<int[]> ranges = new ArrayList<>();
    int start = 0;
    int acc = 0;
    for (int i = 0; i < groups.size(); i++) {
      acc += groups.get(i).targets().size();
      if (acc >= per && ranges.size() < parts - 1) {
        ranges.add(new int[] {start, i + 1});
        start = i + 1;
        acc = 0;
      }
    }
    List<Future<List<List<ScrapeTarget>>>> futures = new ArrayList<>();
    for (int[] r : ranges) {
      futures.add(pool.submit(() -> sequential(job, groups, r[0], r[1])));
    }
    List<List<ScrapeTarget>> last = sequential(job, groups, start, groups.size());
    List<List<ScrapeTarget>> out = new ArrayList<>(groups.size());
    try {
      for (Future<List<List<ScrapeTarget>>> f : futures) {
        out.addAll(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (Future<?> f : futures) {
        f.cancel(true);
      }
      return sequential(job, groups, 0, groups.size());
    } catch (ExecutionException e) {
      throw new IllegalStateException("target population failed", e.getCause());
    }
    out.addAll(last);
    return out;
  }

  private static List<List<ScrapeTarget>> sequential(
      ScrapeJob job, List<TargetGroup> groups, int from, int to) {
    List<List<ScrapeTarget>> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(job.targets(groups.get(i)));
    }
    return out;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
