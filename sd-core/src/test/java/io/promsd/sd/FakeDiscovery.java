package io.promsd.sd;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.config.GlobalConfig;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Package-local fakes for manager tests (sd-core cannot use the testkit module: Maven would see a
 * cycle): a fake SD config whose discoverer hands its context to the test, and config builders.
 */
final class FakeDiscovery {
  final Map<String, DiscoveryContext> contexts = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> stops = new ConcurrentHashMap<>();

  /** An SD config whose discoverer runs until cancelled and lets the test push updates. */
  record FakeSd(String id, FakeDiscovery registry) implements SdConfig {
    @Override
    public String mechanism() {
      return "fake";
    }

    @Override
    public Discoverer newDiscoverer() {
      return ctx -> {
        registry.starts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        registry.started(id, ctx);
        try {
          while (!ctx.isCancelled()) {
            ctx.sleep(Duration.ofHours(1));
          }
        } finally {
          registry.stops.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
      };
    }

    @Override
    public String toString() {
      return "FakeSd[" + id + "]";
    }
  }

  /** An SD config whose discoverer throws the first {@code failures} times it runs. */
  record FlakySd(String id, int failures, FakeDiscovery registry) implements SdConfig {
    @Override
    public String mechanism() {
      return "flaky";
    }

    @Override
    public Discoverer newDiscoverer() {
      return ctx -> {
        int n = registry.starts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (n <= failures) {
          throw new IllegalStateException("boom " + n);
        }
        ctx.update(List.of(group("flaky", "10.0.0.9:80")));
        while (!ctx.isCancelled()) {
          ctx.sleep(Duration.ofHours(1));
        }
      };
    }
  }

  /**
   * An SD config that cannot create a discoverer (Prometheus: "Cannot create service discovery").
   */
  record BrokenSd(String id) implements SdConfig {
    @Override
    public String mechanism() {
      return "broken";
    }

    @Override
    public Discoverer newDiscoverer() {
      throw new IllegalArgumentException("no such thing " + id);
    }
  }

  /** A polling SD config: a {@link RefreshDiscoverer} every hour, retrying after 10 ms. */
  record PollingSd(String id, RefreshDiscoverer.Refresher refresher) implements SdConfig {
    @Override
    public String mechanism() {
      return "polling";
    }

    @Override
    public Discoverer newDiscoverer() {
      return new RefreshDiscoverer(Duration.ofHours(1), refresher, Duration.ofMillis(10));
    }
  }

  FakeSd sd(String id) {
    return new FakeSd(id, this);
  }

  synchronized void started(String id, DiscoveryContext ctx) {
    contexts.put(id, ctx);
    notifyAll();
  }

  /** Waits (with a deadline) until the discoverer of {@code id} has started. */
  synchronized DiscoveryContext await(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!contexts.containsKey(id)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("discoverer " + id + " did not start");
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return contexts.get(id);
  }

  int starts(String id) {
    AtomicInteger n = starts.get(id);
    return n == null ? 0 : n.get();
  }

  int stops(String id) {
    AtomicInteger n = stops.get(id);
    return n == null ? 0 : n.get();
  }

  static TargetGroup group(String source, String... addresses) {
    List<Labels> targets = new ArrayList<>();
    for (String a : addresses) {
      targets.add(Labels.of("__address__", a));
    }
    return new TargetGroup(source, Labels.of("env", "prod"), targets);
  }

  static ScrapeConfig job(String name, List<SdConfig> sds, List<RelabelConfig> rules) {
    return ScrapeConfig.builder(name).relabelConfigs(rules).sdConfigs(sds).build();
  }

  static PrometheusConfig config(ScrapeConfig... jobs) {
    return new PrometheusConfig(
        null, Compat.PROMETHEUS_3, GlobalConfig.DEFAULT, List.of(jobs), List.of());
  }
}
