package io.promsd.sd.consul;

import io.promsd.sd.spi.TargetGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one service's instances with blocking health queries ({@code watchService} and {@code
 * consulService.watch} in Prometheus's consul.go), without a thread of its own: each request is
 * asynchronous and the next one is scheduled on the shared timer.
 *
 * <p>The loop, as in Go: request with the last index; on an error report it, wait the retry
 * interval, then the next tick; on an unchanged index send nothing; otherwise keep the new index
 * (whatever it is, even lower) and send the service's full group; then wait for the next refresh
 * tick. Steps never overlap, so the fields need no lock.
 */
final class ServiceWatcher {
  private static final Logger logger = LoggerFactory.getLogger(ServiceWatcher.class);

  private final String name;
  private final Watch watch;
  private Ticker ticker;
  private long lastIndex;
  private volatile boolean stopped;
  private volatile CompletableFuture<?> inFlight;
  private volatile Future<?> next;

  ServiceWatcher(String name, Watch watch) {
    this.name = name;
    this.watch = watch;
  }

  String name() {
    return name;
  }

  /** Makes the first request now. */
  void start() {
    ticker = new Ticker(System.nanoTime(), watch.refreshInterval());
    step();
  }

  boolean isStopped() {
    return stopped || watch.ctx().isCancelled();
  }

  /** Stops the loop and aborts the request in flight; idempotent. */
  void stop() {
    stopped = true;
    CompletableFuture<?> f = inFlight;
    if (f != null) {
      f.cancel(true);
    }
    Future<?> n = next;
    if (n != null) {
      n.cancel(false);
    }
  }

  private void step() {
    if (isStopped()) {
      return;
    }
    logger.debug("watching service service={}", name);
    CompletableFuture<ConsulClient.Indexed<List<ServiceEntry>>> f;
    try {
      f = watch.client().health(name, lastIndex);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    inFlight = f;
    f.whenComplete(this::completed);
    if (stopped) {
      f.cancel(true);
    }
  }

  private void completed(ConsulClient.Indexed<List<ServiceEntry>> result, Throwable error) {
    if (isStopped()) {
      return;
    }
    try {
      if (error != null) {
        watch
            .ctx()
            .reportError(
                "error refreshing service " + name + ": " + ConsulDiscoverer.message(error),
                ConsulDiscoverer.cause(error));
        watch.emitter().failed(this);
        long resume = System.nanoTime() + watch.timing().retryInterval().toNanos();
        schedule(ticker.receive(resume));
        return;
      }
      if (result.index() != lastIndex) {
        lastIndex = result.index();
        TargetGroup group =
            ServiceTargets.group(name, watch.datacenter(), watch.tagSeparator(), result.value());
        watch.emitter().emit(this, group);
      }
      // else: the wait timed out with no change
      schedule(ticker.receive(System.nanoTime()));
    } catch (RuntimeException e) {
      // A bug of ours must not end the watch: report it and go on at the retry pace.
      watch.ctx().reportError("error handling service " + name + ": " + e, e);
      schedule(ticker.receive(System.nanoTime() + watch.timing().retryInterval().toNanos()));
    }
  }

  private void schedule(long atNanos) {
    if (isStopped()) {
      return;
    }
    long delay = atNanos - System.nanoTime();
    try {
      next = watch.timer().schedule(this::step, Math.max(0, delay), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      stopped = true; // the discoverer is shutting down
    }
  }
}
