package io.promsd.sd.consul;

import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code consul_sd_configs} entry ({@code Discovery.Run} in Prometheus's
 * discovery/consul/consul.go).
 *
 * <p>On its own thread it builds the HTTP client, learns the datacenter from {@code /v1/agent/self}
 * when none is configured (retrying every 15 s), then either watches the catalog (no services
 * listed, or tags or a catalog filter set) or watches each listed service directly. Service
 * watchers run without threads of their own: their requests are asynchronous and their pacing is
 * kept by one timer thread. Groups carry the service name as source and always the service's
 * complete instance list; they are sent as each service answers, so the first update holds whatever
 * answered first, as in Prometheus.
 *
 * <p>Faults (transport errors, non-200 answers, bad JSON) are reported through {@link
 * DiscoveryContext#reportError}, send nothing (so the last targets stay), and are retried after
 * Prometheus's fixed 15 s pause and the next refresh tick. Messages never carry the token.
 */
final class ConsulDiscoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(ConsulDiscoverer.class);

  private final ConsulSdConfig config;
  private final Timing timing;
  private final Function<String, String> env;

  ConsulDiscoverer(ConsulSdConfig config, Timing timing, Function<String, String> env) {
    this.config = config;
    this.timing = timing;
    this.env = env;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    if (config.refreshInterval().isZero() || config.refreshInterval().isNegative()) {
      // Prometheus accepts the config, then panics in time.NewTicker; we report and idle.
      ctx.reportError(
          "consul SD cannot run: refresh_interval must be positive (Go: non-positive interval for"
              + " NewTicker)",
          null);
      idle(ctx);
      return;
    }
    ConsulClient client;
    try {
      client = ConsulClient.create(config, timing, env); // the HTTP client is built here, lazily
    } catch (ConsulException e) {
      // Prometheus fails to create this discoverer ("Cannot create service discovery").
      ctx.reportError("cannot create consul service discovery: " + e.getMessage(), e);
      idle(ctx);
      return;
    }
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("timer"));
    timer.setRemoveOnCancelPolicy(true);
    List<ServiceWatcher> direct = new ArrayList<>();
    try {
      String datacenter = datacenter(ctx, client);
      if (datacenter == null) {
        return; // cancelled
      }
      Emitter emitter = new Emitter(ctx);
      // Don't hold the first state back for ever for a service that hangs.
      timer.schedule(emitter::release, timing.firstStateCap().toNanos(), TimeUnit.NANOSECONDS);
      Watch watch =
          new Watch(
              ctx,
              client,
              emitter,
              timer,
              timing,
              config.refreshInterval(),
              datacenter,
              config.tagSeparator());
      if (config.watchesCatalog()) {
        new CatalogWatcher(config, watch).run();
      } else {
        // Fully defined services: one watcher each (a name listed twice is watched twice).
        for (String name : config.services()) {
          ServiceWatcher w = new ServiceWatcher(name, watch);
          direct.add(w);
          emitter.expect(w);
        }
        emitter.arm();
        direct.forEach(ServiceWatcher::start);
        idle(ctx);
      }
    } finally {
      direct.forEach(ServiceWatcher::stop);
      timer.shutdownNow();
      client.close();
    }
  }

  /**
   * The datacenter for labels: the configured one, else the agent's, asked until it answers ({@code
   * initialize}/{@code getDatacenter}); null when cancelled first.
   */
  private String datacenter(DiscoveryContext ctx, ConsulClient client) throws InterruptedException {
    if (!config.datacenter().isEmpty()) {
      return config.datacenter();
    }
    while (!ctx.isCancelled()) {
      CompletableFuture<String> f = client.datacenter();
      try {
        String dc = f.get();
        logger.debug("consul datacenter provider={} datacenter={}", ctx.providerName(), dc);
        return dc;
      } catch (InterruptedException e) {
        f.cancel(true);
        throw e;
      } catch (ExecutionException | CancellationException e) {
        if (ctx.isCancelled()) {
          return null;
        }
        ctx.reportError("error retrieving datacenter name: " + message(e), cause(e));
        ctx.sleep(timing.retryInterval());
      }
    }
    return null;
  }

  private static void idle(DiscoveryContext ctx) throws InterruptedException {
    while (!ctx.isCancelled()) {
      ctx.sleep(Duration.ofMinutes(1));
    }
  }

  /** The Go-style text of a failed call. */
  static String message(Throwable e) {
    Throwable c = cause(e);
    if (c instanceof ConsulException) {
      return c.getMessage();
    }
    return c.toString();
  }

  /** The failure under the future's wrappers. */
  static Throwable cause(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
