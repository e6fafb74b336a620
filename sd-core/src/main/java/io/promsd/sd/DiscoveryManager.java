package io.promsd.sd;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every discoverer of a Prometheus config running and publishes the resulting targets
 * (Prometheus's {@code discovery/manager.go} plus the scrape manager's target population).
 *
 * <p>{@link #apply} starts one discoverer per distinct SD config (identical configs in several jobs
 * share one), keeps unchanged ones running across reloads, and stops those no longer used. Updates
 * are folded into a store keyed by (job, provider, source); only groups that changed are relabeled.
 * A new immutable {@link TargetSet} is published at most once per {@code updateInterval}, and the
 * last state is always published: coalescing may skip intermediate states, never the final one.
 * {@link #builder()} uses Prometheus's 5 s; {@link #embeddedBuilder()} publishes every change at
 * once, which is what a scraper embedding promsd usually wants. A job is {@link JobTargets#ready()
 * ready} once all its discoverers have delivered their first state; before that its (empty) target
 * lists mean "not known yet", not "no targets".
 *
 * <p>Threads: one updater ({@code promsd-sd-updater}) owns all state, so nothing is locked while
 * relabeling; one per discoverer ({@code promsd-sd-<provider>}); one dispatcher per subscription
 * ({@code promsd-listener-N}). All are daemons and all end in {@link #close()}.
 *
 * <pre>{@code
 * try (DiscoveryManager m = DiscoveryManager.embeddedBuilder().build()) {
 *   m.subscribe(set -> scraper.sync(set));
 *   m.apply(ConfigLoader.load(Path.of("prometheus.yml"), Compat.PROMETHEUS_3));
 *   ...
 * }
 * }</pre>
 */
public final class DiscoveryManager implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DiscoveryManager.class);
  static final AtomicInteger THREADS = new AtomicInteger();
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);
  private static final long MAX_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Duration updateInterval;
  private final Clock clock;
  private final DiscoveryMetrics metrics;
  private final Population population = Population.forThisMachine(); // updater thread only

  // The updater's work queue. Commands submitted before close() always run (they are ahead of
  // CLOSE); nothing is submitted after it, so apply() never waits for a command that cannot run.
  private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private static final Runnable CLOSE = () -> {};
  private final Object submitLock = new Object();
  private final Thread updater;
  private final Object published = new Object();
  private final List<Dispatcher> subscriptions = new CopyOnWriteArrayList<>();
  // Every provider ever started, so that close() can join them all.
  private final Set<Provider> started = ConcurrentHashMap.newKeySet();
  private volatile TargetSet current = new TargetSet(0, Instant.EPOCH, Map.of());
  private volatile boolean closed;
  private volatile Set<String> readyJobs = Set.of();
  private volatile Set<String> appliedJobs = Set.of();
  // The providers of each applied job, for awaitSettled (read outside the updater thread).
  private volatile Map<String, List<Provider>> settledView = Map.of();

  // Owned by the updater thread.
  private final Map<SdConfig, Provider> providers = new LinkedHashMap<>();
  private final Map<String, JobState> jobs = new LinkedHashMap<>();
  private final Map<String, Integer> providerCounters = new HashMap<>();
  private boolean dirty;
  private boolean delayCounted;
  private long lastPublishNanos = Long.MIN_VALUE / 2;
  private long version;

  private DiscoveryManager(Builder b) {
    this.updateInterval = b.updateInterval;
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.updater = new Thread(this::updateLoop, "promsd-sd-updater");
    this.updater.setDaemon(true);
    this.updater.start();
  }

  /** A builder with Prometheus's defaults: snapshots at most every 5 s. */
  public static Builder builder() {
    return new Builder(Duration.ofSeconds(5));
  }

  /**
   * A builder for a scraper that embeds promsd: every change is published at once (update interval
   * zero), so a file SD edit reaches the listeners within milliseconds.
   */
  public static Builder embeddedBuilder() {
    return new Builder(Duration.ZERO);
  }

  /**
   * Applies a config: starts, keeps or stops discoverers and recomputes the jobs that changed.
   * Returns once the new state is in place; a snapshot reflecting it is published at once.
   *
   * @throws IllegalStateException after {@link #close()}, or when interrupted while waiting (the
   *     interrupt flag is set again; the config is applied all the same)
   */
  public void apply(PrometheusConfig config) {
    requireNonNull(config, "config");
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(
        () -> {
          try {
            reconfigure(config);
            done.complete(null);
          } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying the config", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The newest published snapshot (version 0, empty, before the first). */
  public TargetSet current() {
    return current;
  }

  /**
   * Waits for a snapshot newer than {@code afterVersion}.
   *
   * @return the newest snapshot; empty if none newer came within {@code timeout} or the manager was
   *     closed
   */
  public Optional<TargetSet> awaitUpdate(long afterVersion, Duration timeout)
      throws InterruptedException {
    requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (published) {
      while (current.version() <= afterVersion) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(published, left);
      }
      return Optional.of(current);
    }
  }

  /**
   * Waits until every discoverer of the given jobs has delivered its first full state (or failed
   * its first attempt) and a snapshot holding it has been published.
   *
   * @return that snapshot; empty on timeout or when the manager was closed
   * @throws IllegalArgumentException at once if a job is not in the applied config
   */
  public Optional<TargetSet> awaitReady(Collection<String> jobNames, Duration timeout)
      throws InterruptedException {
    requireNonNull(jobNames, "jobNames");
    requireNonNull(timeout, "timeout");
    Set<String> applied = appliedJobs;
    for (String j : jobNames) {
      if (!applied.contains(requireNonNull(j, "job name"))) {
        throw new IllegalArgumentException(
            "no job " + j + " in the applied config (jobs: " + String.join(", ", applied) + ")");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (published) {
      while (!readyJobs.containsAll(jobNames)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(published, left);
      }
      return Optional.of(current);
    }
  }

  /**
   * Waits until every discoverer of the given jobs has either delivered its first state (and a
   * snapshot holding it was published) or reported a fault, whichever comes first: a discoverer
   * whose first refresh fails and that retries before sending anything (Consul, for one) is not
   * waited for. What failed shows in {@link #health()}.
   *
   * @return the newest snapshot then; empty on timeout or when the manager was closed
   * @throws IllegalArgumentException at once if a job is not in the applied config
   */
  public Optional<TargetSet> awaitSettled(Collection<String> jobNames, Duration timeout)
      throws InterruptedException {
    requireNonNull(jobNames, "jobNames");
    requireNonNull(timeout, "timeout");
    Set<String> applied = appliedJobs;
    for (String j : jobNames) {
      if (!applied.contains(requireNonNull(j, "job name"))) {
        throw new IllegalArgumentException(
            "no job " + j + " in the applied config (jobs: " + String.join(", ", applied) + ")");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (published) {
      while (!settled(jobNames)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(published, left);
      }
      return Optional.of(current);
    }
  }

  private boolean settled(Collection<String> jobNames) {
    Set<String> ready = readyJobs;
    Map<String, List<Provider>> view = settledView;
    for (String j : jobNames) {
      if (ready.contains(j)) {
        continue;
      }
      List<Provider> ps = view.get(j);
      if (ps == null) {
        return false;
      }
      for (Provider p : ps) {
        if (!p.inSnapshot && p.lastError == null) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Subscribes a listener; it is first handed the current snapshot if one was published. Closing
   * the subscription stops its dispatcher thread.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Subscription subscribe(TargetSetListener listener) {
    requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("manager is closed");
    }
    Dispatcher s = new Dispatcher(listener);
    subscriptions.add(s);
    if (closed) { // raced with close(), which may have missed it
      subscriptions.remove(s);
      s.stop();
      throw new IllegalStateException("manager is closed");
    }
    TargetSet now = current;
    if (now.version() > 0) {
      s.offer(now);
    }
    return () -> {
      subscriptions.remove(s);
      s.stop();
    };
  }

  /**
   * The groups currently known for a job, as its discoverers sent them (before relabeling), in
   * provider order; empty for an unknown job.
   */
  public List<TargetGroup> groups(String job) {
    requireNonNull(job, "job");
    return query(
        () -> {
          List<TargetGroup> out = new ArrayList<>();
          JobState js = jobs.get(job);
          if (js != null) {
            for (Provider p : js.providers) {
              out.addAll(p.groups.values());
            }
          }
          return out;
        });
  }

  /** The state of every running discoverer, in start order. */
  public List<ProviderHealth> health() {
    return query(
        () -> {
          List<ProviderHealth> out = new ArrayList<>();
          for (Provider p : providers.values()) {
            out.add(p.health());
          }
          return out;
        });
  }

  /** Runs a read-only query on the updater thread; empty once closed or interrupted. */
  private <T> List<T> query(java.util.function.Supplier<List<T>> q) {
    CompletableFuture<List<T>> f = new CompletableFuture<>();
    try {
      submit(() -> f.complete(List.copyOf(q.get())));
      return f.get(10, TimeUnit.SECONDS);
    } catch (IllegalStateException | ExecutionException | TimeoutException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Stops every discoverer and every thread the manager started; idempotent. */
  @Override
  public void close() {
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
      commands.add(CLOSE); // behind every accepted command; the updater stops the providers
    }
    join(updater);
    if (updater.isAlive()) {
      updater.interrupt(); // stuck in a command for 5 s: don't wait for it any longer
      join(updater);
    }
    for (Dispatcher s : subscriptions) {
      s.stop();
    }
    subscriptions.clear();
    for (Provider p : started) {
      p.cancel(); // a no-op for those the updater stopped; covers an interrupted updater
      p.join();
    }
    population.close();
    synchronized (published) {
      published.notifyAll();
    }
  }

  static void join(Thread t) {
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void submit(Runnable r) {
    synchronized (submitLock) {
      if (closed) {
        throw new IllegalStateException("manager is closed");
      }
      commands.add(r);
    }
  }

  // ---- the updater thread -----------------------------------------------------------------

  private void updateLoop() {
    try {
      while (true) {
        Runnable c;
        if (dirty) {
          long wait = lastPublishNanos + updateInterval.toNanos() - System.nanoTime();
          c = wait <= 0 ? commands.poll() : commands.poll(wait, TimeUnit.NANOSECONDS);
        } else {
          c = commands.take();
        }
        long batchStart = System.nanoTime();
        while (c != null) {
          if (c == CLOSE) {
            return;
          }
          run(c);
          // Drain the burst before publishing, but not forever: a discoverer that sends faster
          // than we relabel must not starve the listeners.
          if (dirty && publishDue() && System.nanoTime() - batchStart > MAX_BATCH_NANOS) {
            break;
          }
          c = commands.poll();
        }
        if (dirty) {
          if (publishDue()) {
            publish();
          } else if (!delayCounted) {
            delayCounted = true;
            metrics.delayed();
          }
        }
      }
    } catch (InterruptedException e) {
      // close() gave up waiting
    } finally {
      for (Provider p : providers.values()) {
        p.cancel();
      }
    }
  }

  private boolean publishDue() {
    return System.nanoTime() - lastPublishNanos >= updateInterval.toNanos();
  }

  private static void run(Runnable c) {
    try {
      c.run();
    } catch (RuntimeException | Error e) {
      logger.error("discovery update failed", e); // the updater must survive anything
    }
  }

  private void reconfigure(PrometheusConfig config) {
    Compat compat = config.compat();
    Map<SdConfig, Provider> next = new LinkedHashMap<>();
    Map<String, List<Provider>> jobProviders = new LinkedHashMap<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      List<Provider> ps = new ArrayList<>();
      for (SdConfig sd : sc.sdConfigs()) {
        Provider p = next.get(sd);
        if (p == null) {
          p = providers.get(sd);
          if (p == null || p.createFailed) {
            // new, or it could not create its discoverer: (re)try, as Prometheus does on reload
            p = new Provider(sd, nextName(sd.mechanism()), sc.jobName());
          }
          next.put(sd, p);
        }
        if (!ps.contains(p)) {
          ps.add(p);
        }
      }
      jobProviders.put(sc.jobName(), ps);
    }
    // Stop what is no longer used.
    for (Provider old : providers.values()) {
      if (next.get(old.config) != old) {
        old.cancel();
      }
    }
    Set<String> oldJobs = new HashSet<>(jobs.keySet());
    Map<String, JobState> nextJobs = new LinkedHashMap<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      List<Provider> ps = jobProviders.get(sc.jobName());
      JobState old = jobs.get(sc.jobName());
      if (old != null
          && old.config.equals(sc)
          && old.compat == compat
          && old.providers.equals(ps)) {
        nextJobs.put(sc.jobName(), old);
      } else {
        JobState js = new JobState(sc, compat, ps);
        for (Provider p : ps) {
          js.recomputeAll(p, population);
        }
        nextJobs.put(sc.jobName(), js);
      }
      oldJobs.remove(sc.jobName());
    }
    for (String gone : oldJobs) {
      metrics.jobRemoved(gone);
    }
    for (Provider p : next.values()) {
      p.jobs.clear();
    }
    for (Map.Entry<String, List<Provider>> e : jobProviders.entrySet()) {
      for (Provider p : e.getValue()) {
        p.jobs.add(e.getKey());
      }
    }
    for (Provider p : next.values()) {
      p.jobNames = List.copyOf(p.jobs);
    }
    providers.clear();
    providers.putAll(next);
    jobs.clear();
    jobs.putAll(nextJobs);
    appliedJobs = Set.copyOf(jobs.keySet());
    int failed = 0;
    for (Provider p : providers.values()) {
      if (!p.startIfNew()) {
        failed++;
      }
    }
    metrics.failedConfigs(failed);
    // Readiness is known again with the next snapshot (published at once): until then nobody is
    // told a job is ready on the strength of the previous config's snapshot.
    Map<String, List<Provider>> view = new HashMap<>();
    for (Map.Entry<String, List<Provider>> e : jobProviders.entrySet()) {
      view.put(e.getKey(), List.copyOf(e.getValue()));
    }
    synchronized (published) {
      readyJobs = Set.of();
      settledView = Map.copyOf(view);
    }
    dirty = true;
    lastPublishNanos = Long.MIN_VALUE / 2; // a reload publishes at once
  }

  private String nextName(String mechanism) {
    int n = providerCounters.merge(mechanism, 1, Integer::sum) - 1;
    return mechanism + "/" + n;
  }

  /** Applies one batch of groups from a provider (on the updater thread). */
  private void applyUpdate(Provider p, List<TargetGroup> groups, Instant sent) {
    if (providers.get(p.config) != p) {
      return; // stopped meanwhile
    }
    Set<String> changed = new LinkedHashSet<>();
    for (TargetGroup g : groups) {
      TargetGroup old = p.groups.get(g.source());
      if (g.isEmpty()) {
        if (old != null) {
          p.groups.remove(g.source());
          changed.add(g.source());
        }
      } else if (!g.equals(old)) {
        p.groups.put(g.source(), g);
        changed.add(g.source());
      }
    }
    p.lastUpdate = sent;
    boolean first = !p.initialized;
    p.initialized = true;
    if (changed.isEmpty() && !first) {
      return;
    }
    for (String job : p.jobs) {
      JobState js = jobs.get(job);
      if (js != null) {
        js.recompute(p, changed, population);
      }
    }
    dirty = true;
  }

  private void publish() {
    Map<String, JobTargets> out = new LinkedHashMap<>();
    Set<String> ready = new HashSet<>();
    Instant now = clock.instant();
    for (JobState js : jobs.values()) {
      boolean allReady = true;
      for (Provider p : js.providers) {
        allReady &= p.initialized;
        if (p.initialized) {
          p.inSnapshot = true;
        }
      }
      if (allReady) {
        ready.add(js.config.jobName());
      }
      out.put(js.config.jobName(), js.snapshot().withReady(allReady));
      metrics.discoveredTargets(js.config.jobName(), js.discovered, now);
    }
    version++;
    TargetSet set = new TargetSet(version, now, out);
    metrics.published(version); // counted before anyone can see it
    synchronized (published) {
      current = set;
      readyJobs = Set.copyOf(ready);
      published.notifyAll();
    }
    dirty = false;
    delayCounted = false;
    lastPublishNanos = System.nanoTime();
    for (Dispatcher s : subscriptions) {
      s.offer(set);
    }
  }

  // ---- providers ----------------------------------------------------------------------------

  /** A running discoverer and its jobs (Prometheus's provider). */
  final class Provider implements DiscoveryContext {
    final SdConfig config;
    final String name;
    final String setName; // the job it was started for: the config label of refresh metrics
    final Set<String> jobs = new LinkedHashSet<>();
    // The jobs as the discoverer's own thread reads them (for its log lines).
    volatile List<String> jobNames = List.of();
    final Map<String, TargetGroup> groups = new LinkedHashMap<>(); // updater thread only
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile Thread thread;
    boolean createFailed; // updater thread only
    volatile boolean initialized;
    volatile boolean inSnapshot; // its first state is in a published snapshot
    volatile Instant lastUpdate;
    volatile String lastError;
    volatile Instant lastErrorTime;
    private boolean errorPending; // a fault reported since the last update; guarded by this
    // the gauges it reports series for; its own thread only
    private final Set<String> gauges = new HashSet<>();

    Provider(SdConfig config, String name, String setName) {
      this.config = config;
      this.name = name;
      this.setName = setName;
    }

    /**
     * Creates the discoverer and starts its thread, unless already running (updater thread).
     *
     * @return false if the config could not create a discoverer
     */
    boolean startIfNew() {
      if (thread != null || createFailed) {
        return !createFailed;
      }
      Discoverer d;
      try {
        d = config.newDiscoverer();
      } catch (RuntimeException e) {
        // Prometheus: "Cannot create service discovery", counted in failed_configs; retried on
        // the next reload. Marked initialized so that nobody waits for it.
        createFailed = true;
        String why = e instanceof ConfigException c ? c.reason() : e.getMessage();
        reportError("cannot create service discovery: " + why, e);
        initialized = true;
        return false;
      }
      Thread t =
          new Thread(() -> runLoop(d), "promsd-sd-" + name + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      thread = t;
      started.add(this);
      t.start();
      if (closed) {
        cancel(); // close() gave up on the updater while it was here
      }
      return true;
    }

    private void runLoop(Discoverer first) {
      try {
        runDiscoverer(first);
      } finally {
        withdrawGauges();
      }
    }

    private void runDiscoverer(Discoverer first) {
      long backoff = 1000;
      Discoverer d = first;
      while (!isCancelled()) {
        try {
          if (d == null) {
            d = config.newDiscoverer();
          }
          d.run(this);
          return; // a discoverer that finished (static) keeps its groups
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException | Error e) {
          if (isCancelled()) {
            return; // failing because it was stopped
          }
          d = null;
          reportError("discoverer failed, restarting in " + backoff + "ms", e);
          try {
            sleep(Duration.ofMillis(backoff));
          } catch (InterruptedException ie) {
            return;
          }
          backoff = Math.min(backoff * 2, MAX_RESTART_BACKOFF.toMillis());
        }
      }
    }

    void cancel() {
      cancelled.countDown();
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    void join() {
      Thread t = thread;
      if (t != null) {
        DiscoveryManager.join(t);
      }
    }

    ProviderHealth health() {
      int targets = 0;
      for (TargetGroup g : groups.values()) {
        targets += g.targets().size();
      }
      boolean healthy;
      synchronized (this) {
        healthy = !errorPending;
      }
      return new ProviderHealth(
          name,
          config.mechanism(),
          List.copyOf(jobs),
          initialized,
          lastUpdate,
          lastError,
          lastErrorTime,
          groups.size(),
          targets,
          healthy);
    }

    @Override
    public void update(List<TargetGroup> groups) {
      update(groups, List.of());
    }

    @Override
    public void update(List<TargetGroup> groups, List<String> reported) {
      requireNonNull(groups, "groups");
      List<String> faults = reported;
      if (isCancelled() || closed) {
        return;
      }
      List<TargetGroup> copy = new ArrayList<>(groups.size());
      for (TargetGroup g : groups) {
        if (g == null) {
          continue; // nil groups are ignored, as in Prometheus
        }
        String over = GroupBounds.problem(g);
        if (over != null) {
          // Rejected as a fault of this discoverer: what was known under its source stays.
          faults = new ArrayList<>(faults);
          faults.add(over);
          continue;
        }
        copy.add(g);
      }
      for (String f : faults) {
        log(f, null);
      }
      Instant sent = clock.instant();
      synchronized (this) {
        // Set before the update is queued: whoever sees its groups also sees its faults.
        if (!faults.isEmpty()) {
          lastError = String.join("; ", faults);
          lastErrorTime = sent;
        }
        errorPending = !faults.isEmpty();
      }
      metrics.receivedUpdate(name);
      commands.add(() -> applyUpdate(this, copy, sent));
    }

    @Override
    public boolean isCancelled() {
      return cancelled.getCount() == 0;
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      if (cancelled.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new InterruptedException("cancelled");
      }
    }

    @Override
    public void reportError(String message, Throwable cause) {
      synchronized (this) {
        lastError = message;
        lastErrorTime = clock.instant();
        errorPending = true;
      }
      log(message, cause);
      synchronized (published) {
        published.notifyAll(); // awaitSettled: a fault settles a discoverer that has sent nothing
      }
    }

    private void log(String message, Throwable cause) {
      metrics.error(config.mechanism(), name);
      // One line per fault; the stack trace only at debug level (it is rarely news).
      // Prometheus names the scrape config (the job) beside the provider.
      logger.warn(
          "discovery error provider={} config={} error={}",
          name,
          String.join(",", jobNames),
          message);
      if (cause != null) {
        logger.debug("discovery error provider={}", name, cause);
      }
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public String providerName() {
      return name;
    }

    @Override
    public void refreshed(Duration d, boolean failed) {
      metrics.refreshed(config.mechanism(), setName, d, failed);
    }

    @Override
    public void count(String metric, Labels labels, double delta) {
      metrics.count(config.mechanism(), name, metric, labels, delta);
    }

    @Override
    public void observe(String metric, Labels labels, double value) {
      metrics.observe(config.mechanism(), name, metric, labels, value);
    }

    @Override
    public void gauges(String metric, Map<Labels, Double> series) {
      if (series.isEmpty()) {
        gauges.remove(metric);
      } else {
        gauges.add(metric);
      }
      metrics.gauges(config.mechanism(), name, metric, Map.copyOf(series));
    }

    /** Withdraws the gauges a stopped discoverer still reports. */
    private void withdrawGauges() {
      for (String metric : gauges) {
        metrics.gauges(config.mechanism(), name, metric, Map.of());
      }
      gauges.clear();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Builds a {@link DiscoveryManager}. */
  public static final class Builder {
    private Duration updateInterval;
    private Clock clock = Clock.systemUTC();
    private DiscoveryMetrics metrics = DiscoveryMetrics.NONE;

    private Builder(Duration updateInterval) {
      this.updateInterval = updateInterval;
    }

    /**
     * The least time between two published snapshots (5 s from {@link #builder()}, as in
     * Prometheus; zero from {@link #embeddedBuilder()}); zero publishes every change at once.
     */
    public Builder updateInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("update interval must not be negative");
      }
      this.updateInterval = interval;
      return this;
    }

    /** The clock for timestamps (health, snapshots). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Where to report SD metrics (none by default). */
    public Builder metrics(DiscoveryMetrics metrics) {
      this.metrics = requireNonNull(metrics, "metrics");
      return this;
    }

    /** Starts the manager's updater thread; call {@link #apply} to start discovering. */
    public DiscoveryManager build() {
      return new DiscoveryManager(this);
    }
  }
}
