package io.promsd.examples.scraper;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeSettings;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.Subscription;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.PrometheusConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small scraper on promsd's public API: discovery from a prometheus.yml, one scrape loop per
 * active target at the target's own interval and timeout, {@code metric_relabel_configs} applied to
 * every scraped series, and the newest value of each series kept in memory.
 *
 * <p>Threads: promsd calls {@link #sync} on its dispatcher thread; sync only starts and cancels
 * scrape loops, which run on this scraper's own scheduler, so the listener returns at once. A job
 * that is not {@link JobTargets#ready() ready} yet is left as it is: its empty lists mean "not
 * known yet", not "no targets".
 *
 * <p>Not a Prometheus: HTTP scheme only (no TLS or authentication from the job's {@code
 * http_client} settings), the text format only, no staleness, no storage.
 */
public final class CustomScraper implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(CustomScraper.class);

  private final DiscoveryManager manager = DiscoveryManager.embeddedBuilder().build();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "scraper");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  // Owned by the listener thread: the running loop of each (job, scrape URL).
  private final Map<String, Loop> loops = new HashMap<>();
  // The newest value of each stored series, per target key; read by any thread.
  private final Map<String, Map<Labels, Double>> samples = new ConcurrentHashMap<>();
  private final Subscription subscription;

  /** Starts discovering; call {@link #apply} with a config to begin scraping. */
  public CustomScraper() {
    subscription = manager.subscribe(this::sync);
  }

  /**
   * Loads a prometheus.yml and applies it (also a reload: unchanged discoverers keep running).
   *
   * @throws IOException if the file cannot be read
   * @throws PrometheusConfigException if Prometheus would reject it
   */
  public void apply(Path prometheusYml) throws IOException {
    PrometheusConfig config =
        ConfigLoader.load(requireNonNull(prometheusYml, "prometheusYml"), Compat.PROMETHEUS_3);
    manager.apply(config);
  }

  /** The newest value of every series stored so far, over all targets. */
  public Map<Labels, Double> samples() {
    Map<Labels, Double> all = new HashMap<>();
    samples.values().forEach(all::putAll);
    return all;
  }

  /** Called by promsd with each new snapshot, on its dispatcher thread. */
  private void sync(TargetSet set) {
    Set<String> wanted = new HashSet<>();
    for (JobTargets job : set.jobs().values()) {
      if (!job.ready()) {
        // keep this job's loops as they are until its discoverers have spoken
        loops.keySet().stream().filter(k -> k.startsWith(job.job() + " ")).forEach(wanted::add);
        continue;
      }
      for (ScrapeTarget target : job.active()) {
        String key = job.job() + " " + job.scrapeUrl(target);
        wanted.add(key);
        Loop old = loops.get(key);
        if (old == null || !old.target.labels().equals(target.labels())) {
          if (old != null) {
            old.stop();
          }
          loops.put(key, new Loop(key, job.settings(), target));
        }
      }
    }
    for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!wanted.contains(e.getKey())) {
        e.getValue().stop();
        it.remove();
      }
    }
  }

  /** One target scraped at its interval. */
  private final class Loop {
    final String key;
    final ScrapeSettings settings;
    final ScrapeTarget target;
    final URI url;
    final Duration timeout;
    final ScheduledFuture<?> future;

    Loop(String key, ScrapeSettings settings, ScrapeTarget target) {
      this.key = key;
      this.settings = settings;
      this.target = target;
      this.url = URI.create(settings.scrapeUrl(target));
      this.timeout = settings.timeout(target.labels());
      long every = settings.interval(target.labels()).toMillis();
      this.future = scheduler.scheduleWithFixedDelay(this::scrape, 0, every, TimeUnit.MILLISECONDS);
    }

    void scrape() {
      try {
        HttpRequest req =
            HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4")
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
          throw new IOException("server returned HTTP status " + resp.statusCode());
        }
        Map<Labels, Double> stored = new HashMap<>();
        for (TextFormat.Sample s : TextFormat.parse(resp.body())) {
          Optional<Labels> kept = settings.relabelSeries(s.labels(), target);
          kept.ifPresent(l -> stored.put(l, s.value()));
        }
        samples.put(key, stored);
      } catch (IOException | RuntimeException e) {
        logger.warn("scrape failed url={} error={}", url, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopped
      }
    }

    void stop() {
      future.cancel(true);
      samples.remove(key);
    }
  }

  /** Stops discovery and every scrape loop. */
  @Override
  public void close() {
    subscription.close();
    manager.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Scrapes what a prometheus.yml discovers and prints the stored series every few seconds. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CustomScraper prometheus.yml");
      System.exit(2);
    }
    try (CustomScraper scraper = new CustomScraper()) {
      scraper.apply(Path.of(args[0]));
      while (!Thread.currentThread().isInterrupted()) {
        TimeUnit.SECONDS.sleep(5); // a demo's print loop, not synchronisation
        List<String> lines =
            scraper.samples().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .sorted()
                .toList();
        lines.forEach(System.out::println);
        System.out.println("-- " + lines.size() + " series");
      }
    } catch (PrometheusConfigException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
