package io.promsd.sd.consul;

import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the catalog for services to watch ({@code watchServices} in Prometheus's consul.go), on
 * the discoverer's own thread: one blocking query at a time, then the next refresh tick.
 *
 * <p>On a new index: start a {@link ServiceWatcher} for each listed service that passes the name
 * and tag checks and is not watched yet; stop the watchers of services no longer listed and send an
 * empty group for each; if nothing is watched at all, send an empty group with an empty source. A
 * service still listed but no longer carrying the tags keeps its watcher, as in Prometheus.
 */
final class CatalogWatcher {
  private static final Logger logger = LoggerFactory.getLogger(CatalogWatcher.class);

  private final ConsulSdConfig config;
  private final Watch watch;
  private final Map<String, ServiceWatcher> watched = new LinkedHashMap<>();
  private long lastIndex;

  CatalogWatcher(ConsulSdConfig config, Watch watch) {
    this.config = config;
    this.watch = watch;
  }

  /** Runs until the context is cancelled; stops every service watcher on the way out. */
  void run() throws InterruptedException {
    Ticker ticker = new Ticker(System.nanoTime(), watch.refreshInterval());
    try {
      while (!watch.ctx().isCancelled()) {
        watchOnce();
        long wait = ticker.receive(System.nanoTime()) - System.nanoTime();
        if (wait > 0) {
          watch.ctx().sleep(Duration.ofNanos(wait));
        }
      }
    } finally {
      watched.values().forEach(ServiceWatcher::stop);
    }
  }

  private void watchOnce() throws InterruptedException {
    logger.debug(
        "watching services tags={} filter={}", String.join(",", config.tags()), config.filter());
    ConsulClient.Indexed<Map<String, List<String>>> result;
    CompletableFuture<ConsulClient.Indexed<Map<String, List<String>>>> f =
        watch.client().services(lastIndex);
    try {
      result = f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      if (watch.ctx().isCancelled()) {
        return;
      }
      watch
          .ctx()
          .reportError(
              "error refreshing service list: " + ConsulDiscoverer.message(e),
              ConsulDiscoverer.cause(e));
      watch.ctx().sleep(watch.timing().retryInterval());
      return;
    }
    if (watch.ctx().isCancelled()) {
      return;
    }
    if (result.index() == lastIndex) {
      return; // the wait timed out with no change
    }
    lastIndex = result.index();
    Map<String, List<String>> services = result.value();

    for (Map.Entry<String, List<String>> e : services.entrySet()) {
      String name = e.getKey();
      if (!shouldWatch(name, e.getValue()) || watched.containsKey(name)) {
        continue;
      }
      ServiceWatcher w = new ServiceWatcher(name, watch);
      watched.put(name, w);
      watch.emitter().expect(w);
      w.start();
    }
    for (String name : new ArrayList<>(watched.keySet())) {
      if (!services.containsKey(name)) {
        watch.emitter().remove(watched.remove(name));
      }
    }
    if (watched.isEmpty()) {
      watch.emitter().send(TargetGroup.empty(""));
    }
    watch.emitter().arm(); // the first state is the services of the first answer
  }

  /** {@code shouldWatch}: listed (or no list), and carrying every configured tag. */
  boolean shouldWatch(String name, List<String> tags) {
    return shouldWatch(config, name, tags);
  }

  static boolean shouldWatch(ConsulSdConfig config, String name, List<String> tags) {
    if (!config.services().isEmpty() && !config.services().contains(name)) {
      return false;
    }
    return tags.containsAll(config.tags());
  }
}
