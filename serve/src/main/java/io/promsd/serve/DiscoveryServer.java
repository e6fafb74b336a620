package io.promsd.serve;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.web.WebLimits;
import io.promsd.web.internal.RoutePrefix;
import io.promsd.web.internal.Router;
import io.promsd.web.internal.WebRequest;
import io.promsd.web.internal.WebResponse;
import io.promsd.web.internal.WebServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code promsd serve}: discovers the targets of a Prometheus config continuously and serves them,
 * scraping nothing. Prometheus's {@code /api/v1/targets}, {@code scrape_pools}, {@code
 * status/config}, {@code status/buildinfo} (and 3.x's {@code targets/relabel_steps}) in its JSON
 * shapes; {@code /sd/<job>} in the {@code http_sd_configs} format, optionally one {@code hashmod}
 * shard of it; pages for people; {@code /metrics}; {@code /-/healthy}, {@code /-/ready} (once every
 * discoverer has delivered its first state) and {@code /-/reload}.
 *
 * <p>A reload (see {@link #reload()}) that fails keeps the last good config running. Thread-safe;
 * {@link #close()} stops the web server and every discoverer.
 *
 * <pre>{@code
 * try (DiscoveryServer s = DiscoveryServer.builder(Path.of("prometheus.yml"))
 *     .listen("127.0.0.1:9090").start()) {
 *   s.awaitReady(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class DiscoveryServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DiscoveryServer.class);
  private static final String JSON = "application/json";

  private final Path configFile;
  private final Compat compat;
  private final Clock clock;
  private final ServeMetrics metrics = new ServeMetrics();
  private final DiscoveryManager manager;
  private final AtomicReference<ServeView> view = new AtomicReference<>();
  private final Object reloadLock = new Object();
  private final Object viewChanged = new Object();
  // How long a reload waits for the new discoverers' first state before serving what there is.
  private static final Duration RELOAD_HOLD = Duration.ofSeconds(10);
  private volatile boolean holdSnapshots;
  private final HttpSd httpSd = new HttpSd();
  private final Api api;
  private final Pages pages;
  private final String version;
  private final boolean lifecycle;
  private final AutoCloseable subscription;
  private final WebServer web;
  private volatile boolean ready;
  private volatile String lastReloadError;

  private DiscoveryServer(Builder b, PrometheusConfig first, String firstText) throws IOException {
    this.configFile = b.configFile;
    this.compat = b.compat;
    this.clock = b.clock;
    this.lifecycle = b.enableLifecycle;
    String v = DiscoveryServer.class.getPackage().getImplementationVersion();
    this.version = v == null ? "devel" : v;
    String listen = b.listen.isEmpty() ? "0.0.0.0:9090" : b.listen.get(0);
    URI external = b.externalUrl != null ? b.externalUrl : defaultExternalUrl(listen);
    String prefix = RoutePrefix.prometheus(b.routePrefix, b.externalUrl);
    this.api = new Api(listen, external.getRawAuthority(), external.getScheme());
    this.pages = new Pages(prefix.equals("/") ? "" : prefix);
    this.manager =
        DiscoveryManager.builder()
            .updateInterval(b.updateInterval)
            .clock(b.clock)
            .metrics(metrics.discovery())
            .build();
    try {
      view.set(new ServeView(first, firstText, compile(first), manager.current()));
      manager.apply(first);
      metrics.reloaded(true, clock.instant());
      this.subscription = manager.subscribe(this::onSnapshot);
      WebServer.Builder wb =
          WebServer.builder()
              .router(routes(prefix.equals("/") ? "" : prefix))
              .limits(b.limits)
              .observer(metrics::observe)
              .shutdownTimeout(b.shutdownTimeout);
      if (b.listen.isEmpty()) {
        wb.listen(listen);
      }
      b.listen.forEach(wb::listen);
      if (b.webConfigFile != null) {
        wb.webConfigFile(b.webConfigFile);
      }
      this.web = wb.start();
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private void onSnapshot(TargetSet set) {
    if (!holdSnapshots) {
      showSnapshot(set);
    }
  }

  // Newer snapshots only: one dropped while a reload held them may come after a later one.
  private void showSnapshot(TargetSet set) {
    view.updateAndGet(cur -> set.version() > cur.set().version() ? cur.withSet(set) : cur);
    synchronized (viewChanged) {
      viewChanged.notifyAll();
    }
  }

  /** A builder serving {@code configFile}. */
  public static Builder builder(Path configFile) {
    return new Builder(configFile);
  }

  /** The port of the first listen address (the bound one when {@code :0} was given). */
  public int port() {
    return web.port();
  }

  /** The server's base URL (the first listen address; loopback for a wildcard address). */
  public URI uri() {
    return web.uri();
  }

  ServeView view() {
    return view.get();
  }

  /** The newest snapshot of targets. */
  public TargetSet targets() {
    return view.get().set();
  }

  /**
   * Whether every discoverer has delivered its first state (or failed its first try), as {@code
   * /-/ready} answers. Once true it stays true, as Prometheus's readiness does.
   */
  public boolean isReady() {
    if (!ready) {
      ServeView v = view.get();
      TargetSet published;
      try {
        published =
            manager.awaitReady(v.config().jobNames(), Duration.ZERO).orElse(null); // no wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      // ready once the snapshot holding every first state has reached the handlers
      if (published != null && v.set().version() >= published.version()) {
        ready = true;
      }
    }
    return ready;
  }

  /**
   * Waits until {@link #isReady()}, at most {@code timeout}.
   *
   * @return whether it became ready in time
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (manager.awaitReady(view.get().config().jobNames(), timeout).isEmpty()) {
      return false;
    }
    synchronized (viewChanged) {
      while (!isReady()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(viewChanged, left);
      }
    }
    return true;
  }

  /**
   * Reads the config file again and applies it (SIGHUP, {@code POST /-/reload}). A config that does
   * not load is logged and reported, and the running one stays. The answers switch to the new
   * config once its discoverers have delivered their first state (at most 10 s later), so no job is
   * served empty in between.
   *
   * @return empty on success, else the error as {@code /-/reload} reports it
   */
  public Optional<String> reload() {
    synchronized (reloadLock) {
      PrometheusConfig config;
      String text;
      try {
        text = Files.readString(configFile, StandardCharsets.UTF_8);
        config = ConfigLoader.load(configFile, compat);
        Map<String, ScrapeJob> jobs = compile(config);
        // Until the new config's discoverers have delivered, the handlers keep the last state: a
        // job whose SD config changed would otherwise be served empty for a moment, and a scraper
        // polling /sd/JOB would drop its targets.
        holdSnapshots = true;
        try {
          manager.apply(config);
          TargetSet ready;
          try {
            ready = manager.awaitReady(config.jobNames(), RELOAD_HOLD).orElse(manager.current());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = manager.current();
          }
          TargetSet set = ready;
          view.updateAndGet(
              cur ->
                  new ServeView(
                      config, text, jobs, set.version() >= cur.set().version() ? set : cur.set()));
        } finally {
          holdSnapshots = false;
          showSnapshot(manager.current());
        }
      } catch (IOException | RuntimeException e) {
        String err =
            "couldn't load configuration (--config.file="
                + io.promsd.relabel.internal.config.GoText.quote(configFile.toString())
                + "): "
                + describe(e);
        logger.error("error reloading config err={}", err);
        metrics.reloaded(false, clock.instant());
        lastReloadError = err;
        return Optional.of(err);
      }
      logger.info("completed loading of configuration file filename={}", configFile);
      metrics.reloaded(true, clock.instant());
      lastReloadError = null;
      return Optional.empty();
    }
  }

  /** The error of the last reload, or empty when it succeeded. */
  public Optional<String> lastReloadError() {
    return Optional.ofNullable(lastReloadError);
  }

  /** Whether the last reload succeeded ({@code prometheus_config_last_reload_successful}). */
  boolean lastReloadSuccessful() {
    return metrics.reloadSuccessful() == 1;
  }

  /** Stops serving (requests in flight finish, up to the shutdown timeout) and discovering. */
  @Override
  public void close() {
    try {
      web.close();
    } finally {
      try {
        subscription.close();
      } catch (Exception e) {
        logger.warn("closing the subscription failed", e);
      }
      manager.close();
    }
  }

  static String describe(Exception e) {
    if (e instanceof ConfigException c) {
      return c.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "open " + e.getMessage() + ": no such file or directory";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static Map<String, ScrapeJob> compile(PrometheusConfig config) {
    Map<String, ScrapeJob> jobs = new LinkedHashMap<>();
    for (ScrapeConfig c : config.scrapeConfigs()) {
      jobs.putIfAbsent(c.jobName(), ScrapeJob.of(c, config.compat()));
    }
    return jobs;
  }

  private static URI defaultExternalUrl(String listen) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    String port;
    try {
      port = ScrapeUrls.splitHostPort(listen)[1];
    } catch (IllegalArgumentException e) {
      port = "9090";
    }
    return URI.create(
        "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/");
  }

  // ---- routes

  private Router routes(String prefix) {
    boolean v3 = compat == Compat.PROMETHEUS_3;
    Router apiRouter = new Router();
    apiRouter.get(
        "/targets",
        "/api/v1/targets",
        (req, resp) -> {
          resp.status(200);
          resp.header("Content-Type", JSON);
          String enc = ApiCompression.prepare(req, resp, v3);
          try (Writer w =
              new BufferedWriter(
                  new OutputStreamWriter(
                      ApiCompression.wrap(enc, resp.output()), StandardCharsets.UTF_8),
                  1 << 16)) {
            Json j = new Json(w, compat == Compat.PROMETHEUS_3);
            j.raw("{\"status\":\"success\",\"data\":");
            api.targets(
                view.get(),
                req.queryParameter("state").orElse(""),
                req.queryParameter("scrapePool").orElse(""),
                j);
            j.raw("}").flush();
          }
        });
    apiRouter.get(
        "/targets/metadata",
        "/api/v1/targets/metadata",
        (req, resp) -> json(req, resp, api.targetMetadata(req.queryParameter("limit").orElse(""))));
    apiRouter.get(
        "/scrape_pools",
        "/api/v1/scrape_pools",
        (req, resp) -> json(req, resp, api.scrapePools(view.get())));
    apiRouter.get(
        "/status/config",
        "/api/v1/status/config",
        (req, resp) -> json(req, resp, api.config(view.get())));
    apiRouter.get(
        "/status/buildinfo",
        "/api/v1/status/buildinfo",
        (req, resp) -> json(req, resp, api.buildInfo(v3, version)));
    if (v3) {
      apiRouter.get(
          "/targets/relabel_steps",
          "/api/v1/targets/relabel_steps",
          (req, resp) ->
              json(
                  req,
                  resp,
                  api.relabelSteps(
                      view.get(),
                      req.queryParameter("scrapePool").orElse(""),
                      req.queryParameter("labels").orElse(""))));
    }

    Router r = new Router();
    r.mount(prefix + "/api/v1", apiRouter);
    r.get(
        prefix + "/-/healthy",
        "/-/healthy",
        (req, resp) -> text(resp, 200, "Prometheus Server is Healthy.\n"));
    r.get(
        prefix + "/-/ready",
        "/-/ready",
        (req, resp) -> {
          if (isReady()) {
            text(resp, 200, "Prometheus Server is Ready.\n");
          } else {
            text(resp, 503, "Service Unavailable");
          }
        });
    r.get(
        prefix + "/-/reload",
        "/-/reload",
        (req, resp) -> text(resp, 405, "Only POST or PUT requests allowed"));
    for (String m : List.of("POST", "PUT")) {
      r.handle(m, prefix + "/-/reload", "/-/reload", this::reloadHandler);
    }
    r.get(
        prefix + "/metrics",
        "/metrics",
        (req, resp) ->
            resp.send(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    r.get(prefix + "/sd/:job", "/sd/:job", this::httpSdHandler);
    pages.register(r, prefix, view::get, manager::health, this::isReady);
    if (!prefix.isEmpty()) {
      r.get("/", "/", (req, resp) -> resp.redirect(302, prefix + "/"));
    }
    return r;
  }

  private void reloadHandler(WebRequest req, WebResponse resp) throws IOException {
    if (!lifecycle) {
      text(resp, 403, "Lifecycle API is not enabled.");
      return;
    }
    Optional<String> err = reload();
    if (err.isPresent()) {
      resp.error(500, "failed to reload config: " + err.get());
    } else {
      resp.status(200);
      resp.output().close();
    }
  }

  private void httpSdHandler(WebRequest req, WebResponse resp) throws IOException {
    String job = req.pathParameter("job");
    int shard = 0;
    int shards = 0;
    Optional<String> shardsParam = req.queryParameter("shards");
    Optional<String> shardParam = req.queryParameter("shard");
    if (shardsParam.isPresent() || shardParam.isPresent()) {
      try {
        shards = Integer.parseInt(shardsParam.orElse(""));
        shard = Integer.parseInt(shardParam.orElse(""));
      } catch (NumberFormatException e) {
        resp.error(400, "shard and shards must both be integers, with 0 <= shard < shards");
        return;
      }
      if (shards < 1 || shard < 0 || shard >= shards) {
        resp.error(400, "shard and shards must both be integers, with 0 <= shard < shards");
        return;
      }
    }
    HttpSd.Body body = httpSd.render(view.get(), job, shard, shards);
    if (body == null) {
      resp.error(404, "unknown job " + io.promsd.relabel.internal.config.GoText.quote(job));
      return;
    }
    resp.header("ETag", body.etag());
    resp.header("Cache-Control", "no-cache");
    Optional<String> inm = req.header("If-None-Match");
    if (inm.isPresent() && HttpSd.matches(inm.get(), body.etag())) {
      resp.status(304);
      resp.output().close();
      return;
    }
    resp.send(200, JSON, body.bytes());
  }

  private void json(WebRequest req, WebResponse resp, Api.Answer a) throws IOException {
    boolean v3 = compat == Compat.PROMETHEUS_3;
    byte[] body = Api.envelope(a, v3).getBytes(StandardCharsets.UTF_8);
    int code = a.error() == null ? 200 : a.error().status();
    String enc = ApiCompression.prepare(req, resp, v3);
    if (enc == null) {
      resp.send(code, JSON, body);
      return;
    }
    resp.status(code);
    resp.header("Content-Type", JSON);
    try (java.io.OutputStream out = ApiCompression.wrap(enc, resp.output())) {
      out.write(body);
    }
  }

  private static void text(WebResponse resp, int code, String body) throws IOException {
    resp.send(code, null, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Configures and starts a {@link DiscoveryServer}. Not thread-safe. */
  public static final class Builder {
    private final Path configFile;
    private Compat compat = Compat.PROMETHEUS_3;
    private final List<String> listen = new ArrayList<>();
    private Path webConfigFile;
    private boolean enableLifecycle;
    private URI externalUrl;
    private String routePrefix = "";
    private Duration updateInterval = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private WebLimits limits = WebLimits.DEFAULT;
    private Clock clock = Clock.systemUTC();

    private Builder(Path configFile) {
      this.configFile = requireNonNull(configFile, "configFile");
    }

    /** Prometheus 2.42's or 3.x's behaviour (default 3). */
    public Builder compat(Compat compat) {
      this.compat = requireNonNull(compat, "compat");
      return this;
    }

    /** Adds a {@code --web.listen-address} in Go's form; default {@code 0.0.0.0:9090}. */
    public Builder listen(String address) {
      listen.add(requireNonNull(address, "address"));
      return this;
    }

    /** The {@code --web.config.file} (TLS, basic auth), re-read when it changes. */
    public Builder webConfigFile(Path file) {
      this.webConfigFile = requireNonNull(file, "file");
      return this;
    }

    /** {@code --web.enable-lifecycle}: whether {@code POST /-/reload} reloads. */
    public Builder enableLifecycle(boolean enable) {
      this.enableLifecycle = enable;
      return this;
    }

    /**
     * {@code --web.external-url}: the URL users reach the server at (global URLs of loopback
     * targets, and the default route prefix).
     */
    public Builder externalUrl(URI url) {
      this.externalUrl = url;
      return this;
    }

    /** {@code --web.route-prefix} (default: the external URL's path). */
    public Builder routePrefix(String prefix) {
      this.routePrefix = requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * The least time between two snapshots (default 1 s; Prometheus waits 5 s, for its scrape
     * manager's sake, which promsd does not have; zero publishes every change).
     */
    public Builder updateInterval(Duration interval) {
      this.updateInterval = requireNonNull(interval, "interval");
      return this;
    }

    /** How long {@link #close()} lets requests finish (default 30 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** The web server's limits. */
    public Builder limits(WebLimits limits) {
      this.limits = requireNonNull(limits, "limits");
      return this;
    }

    /** The clock for timestamps. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the config, starts discovering and serving.
     *
     * @throws ConfigException when the config is rejected (Prometheus's text, located)
     * @throws IOException when the config cannot be read or an address cannot be bound
     */
    public DiscoveryServer start() throws IOException {
      String text = Files.readString(configFile, StandardCharsets.UTF_8);
      PrometheusConfig config = ConfigLoader.load(configFile, compat);
      return new DiscoveryServer(this, config, text);
    }
  }
}
