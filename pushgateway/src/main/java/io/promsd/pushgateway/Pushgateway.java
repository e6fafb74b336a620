package io.promsd.pushgateway;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.web.WebLimits;
import io.promsd.web.internal.BodyTooLargeException;
import io.promsd.web.internal.RoutePrefix;
import io.promsd.web.internal.Router;
import io.promsd.web.internal.WebRequest;
import io.promsd.web.internal.WebResponse;
import io.promsd.web.internal.WebServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus Pushgateway: the routes, request bodies, consistency check and {@code /metrics} of
 * Pushgateway 1.5.1, with persistence, expiry and limits.
 *
 * <pre>{@code
 * try (Pushgateway gw = Pushgateway.builder().listenAddress("127.0.0.1:0").start()) {
 *   URI url = gw.uri(); // push to url + "/metrics/job/backup"
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops serving, lets requests in flight finish, writes the
 * persistence file and returns; it is idempotent.
 */
public final class Pushgateway implements AutoCloseable {
  private final Settings settings;
  private final GoLog log;
  private final Store store = new Store();
  private final SelfMetrics self;
  private final Persistence persistence;
  private final Expiry expiry;
  private final Instant startTime = Instant.now();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch quitRequested = new CountDownLatch(1);
  private WebServer server;
  private volatile HeapTrim heapTrim;

  private Pushgateway(Settings settings) {
    this.settings = settings;
    this.log =
        new GoLog(
            LoggerFactory.getLogger(Pushgateway.class),
            settings.logLevel,
            settings.logFormat,
            settings.logSink,
            Instant::now);
    this.self = new SelfMetrics(settings.jvmMetrics);
    this.persistence =
        settings.persistenceFile == null
            ? null
            : new Persistence(
                settings.persistenceFile,
                settings.persistenceInterval,
                store,
                new GoLog(
                    LoggerFactory.getLogger(Persistence.class),
                    settings.logLevel,
                    settings.logFormat,
                    settings.logSink,
                    Instant::now));
    this.expiry = new Expiry(store, settings.ttl);
  }

  /**
   * Reads a duration as Go's {@code time.ParseDuration} does ({@code 5m}, {@code 1h30m}, {@code
   * 1.5s}, {@code 300ms}), as the real one's duration flags are read.
   *
   * @throws IllegalArgumentException with Go's text, {@code time: invalid duration "x"}
   */
  public static Duration parseDuration(String text) {
    Duration d = GoTime.parseGo(requireNonNull(text, "text"));
    if (d == null) {
      throw new IllegalArgumentException("time: invalid duration " + GoText.quote(text));
    }
    return d;
  }

  /** The request header with which a push sets its group's own TTL ({@code 10m}, Go's form). */
  public static final String TTL_HEADER = "Pushgateway-TTL";

  /** A builder with the real one's defaults (listen address {@code :9091}). */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URI of the first listen address, with the route prefix, without a trailing slash. */
  public URI uri() {
    return URI.create(server.uri() + settings.routePrefix);
  }

  /** The bound port of the first listen address. */
  public int port() {
    return server.port();
  }

  /**
   * Blocks until the gateway was asked to quit ({@code /-/quit} with {@code
   * --web.enable-lifecycle}) or closed.
   */
  public void awaitQuit() throws InterruptedException {
    quitRequested.await();
  }

  /**
   * Stops serving, writes the persistence file (when one is set) and returns. Idempotent; a call
   * while another thread closes returns when that close is done.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      // another thread is closing (the /-/quit handler's): return once it is done
      try {
        terminated.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    quitRequested.countDown();
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      HeapTrim h = heapTrim;
      if (h != null) {
        h.close();
      }
      expiry.close();
      if (persistence != null) {
        persistence.close();
      }
      terminated.countDown();
    }
  }

  // ------------------------------------------------------------------ test and embedding access

  /** The held groups' grouping labels, in the order they were first pushed. */
  public List<Map<String, String>> groups() {
    List<Map<String, String>> out = new ArrayList<>();
    for (Store.GroupView g : store.groups()) {
      out.add(java.util.Collections.unmodifiableMap(new TreeMap<>(g.labels())));
    }
    return out;
  }

  /**
   * The text exposition of one group's pushed families (as {@code /metrics} shows them, without the
   * push-time gauges), or empty when the gateway holds no such group.
   */
  public java.util.Optional<String> groupText(Map<String, String> groupingLabels) {
    Store.GroupView g = store.group(new TreeMap<>(groupingLabels));
    if (g == null) {
      return java.util.Optional.empty();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    List<Store.Stored> fams = new ArrayList<>(g.families());
    fams.sort((a, b) -> Utf8.compare(a.family().name, b.family().name));
    for (Store.Stored s : fams) {
      List<Family.Metric> ms = new ArrayList<>(s.family().metrics);
      ms.sort(Exposition.METRIC_ORDER);
      if (!ms.isEmpty()) {
        TextFormat.write(s.family(), ms, out);
      }
    }
    return java.util.Optional.of(out.toString(StandardCharsets.UTF_8));
  }

  /** Deletes every group (as {@code PUT /api/v1/admin/wipe} does). */
  public void deleteAll() {
    for (String key : store.keys()) {
      store.deleteKey(key);
    }
    changed();
  }

  /** What the gateway holds for these grouping labels, or empty. */
  public java.util.Optional<PushedGroup> group(Map<String, String> groupingLabels) {
    TreeMap<String, String> key = new TreeMap<>(Utf8::compare);
    key.putAll(groupingLabels);
    Store.GroupView g = store.group(key);
    if (g == null) {
      return java.util.Optional.empty();
    }
    List<Store.Stored> fams = new ArrayList<>(g.families());
    fams.sort((a, b) -> Utf8.compare(a.family().name, b.family().name));
    List<PushedGroup.Family> out = new ArrayList<>();
    for (Store.Stored s : fams) {
      Family f = s.family();
      List<Family.Metric> ms = new ArrayList<>(f.metrics);
      ms.sort(Exposition.METRIC_ORDER);
      java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
      TextFormat.write(f, ms, text);
      List<PushedGroup.Sample> samples = new ArrayList<>();
      for (Family fam : ParsedText.samplesOf(text.toByteArray())) {
        for (Family.Metric m : fam.metrics) {
          samples.add(new PushedGroup.Sample(fam.name, labelMap(m.labels), m.simpleValue()));
        }
      }
      out.add(
          new PushedGroup.Family(
              f.name,
              f.type.name().toLowerCase(java.util.Locale.ROOT),
              f.help == null ? "" : f.help,
              samples));
    }
    return java.util.Optional.of(
        new PushedGroup(new TreeMap<>(g.labels()), g.pushTime(), g.failureTime(), out));
  }

  private static Map<String, String> labelMap(String[] labels) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return m;
  }

  /** The {@code /metrics} text exposition as a scrape would get it. */
  public String scrapeText() {
    Exposition.Answer a = Exposition.scrape(store, self, null);
    return new String(a.body(), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ routes

  private Router routes() {
    String prefix = settings.routePrefix;
    Router r = new Router();
    r.get(prefix + "/-/healthy", "healthy", (q, w) -> plain(w, 200, "OK"));
    r.get(prefix + "/-/ready", "ready", (q, w) -> plain(w, 200, "OK"));
    r.get(joinPath(prefix, settings.telemetryPath), "metrics", this::scrape);
    String push = prefix + "/metrics";
    for (boolean b64 : new boolean[] {false, true}) {
      String base = push + "/job" + (b64 ? "@base64" : "") + "/:job";
      for (String pattern : new String[] {base + "/*labels", base}) {
        r.put(pattern, "push", gunzip((q, w) -> push(q, w, true, b64)));
        r.post(pattern, "push", gunzip((q, w) -> push(q, w, false, b64)));
        r.delete(pattern, "delete", gunzip((q, w) -> delete(q, w, b64)));
      }
    }
    r.get(prefix + "/static/*filepath", "static", (q, w) -> w.error(404, "404 page not found"));
    r.get(prefix + "/status", "status", this::status);
    r.get(prefix + "/", "status", this::status);
    if (settings.enableLifecycle) {
      r.put(prefix + "/-/quit", "quit", this::quit);
      r.post(prefix + "/-/quit", "quit", this::quit);
    } else {
      r.put(prefix + "/-/quit", "quit", (q, w) -> plain(w, 403, "Lifecycle API is not enabled."));
      r.post(prefix + "/-/quit", "quit", (q, w) -> plain(w, 403, "Lifecycle API is not enabled."));
    }
    r.get("/-/quit", "quit", (q, w) -> plain(w, 405, "Only POST or PUT requests allowed."));

    Router api = new Router();
    api.handle("OPTIONS", "/*path", "api/v1/options", (q, w) -> Api.cors(w));
    api.get("/status", "api/v1/status", (q, w) -> Api.status(w, settings, startTime));
    api.get("/metrics", "api/v1/metrics", (q, w) -> Api.metrics(w, store));
    if (settings.enableAdminApi) {
      api.put("/admin/wipe", "wipe", this::wipe);
    }
    r.mount(prefix + "/api/v1", api);
    return r;
  }

  // path.Join(prefix, telemetryPath) for absolute paths
  private static String joinPath(String a, String b) {
    return cleanPath(a + "/" + b);
  }

  private static String cleanPath(String p) {
    List<String> parts = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(s);
    }
    return "/" + String.join("/", parts);
  }

  private static void plain(WebResponse w, int status, String text) throws IOException {
    w.send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private interface BodyHandler {
    void handle(WebRequest q, WebResponse w) throws IOException;
  }

  /**
   * The real one's gunzipRequest: {@code Content-Encoding: gzip} unzips the body. 1.5.1 compares
   * the value exactly; promsd ignores its case, as current upstream does ({@code main.go}
   * decodeRequest, {@code strings.ToLower}): a deliberate difference listed in README.
   */
  private io.promsd.web.internal.WebHandler gunzip(BodyHandler h) {
    return (q, w) -> {
      String ce = q.header("Content-Encoding").orElse("");
      if (!ce.equalsIgnoreCase("gzip")) {
        h.handle(q, w);
        return;
      }
      InputStream gz;
      try {
        // Go's gzip.NewReader reads the 10-byte header first: nothing is EOF, a part of it is
        // unexpected EOF, a wrong magic or method an invalid header
        InputStream raw = q.body();
        byte[] head = raw.readNBytes(10);
        if (head.length == 0) {
          throw new EOFException();
        }
        if (head.length < 10) {
          w.error(400, "unexpected EOF");
          return;
        }
        if ((head[0] & 0xFF) != 0x1f || (head[1] & 0xFF) != 0x8b || head[2] != 8) {
          throw new ZipException("bad header");
        }
        gz =
            new GZIPInputStream(
                new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), raw), 8192);
      } catch (BodyTooLargeException e) {
        tooLarge(w);
        return;
      } catch (EOFException e) {
        w.error(400, "EOF");
        return;
      } catch (ZipException e) {
        w.error(400, "gzip: invalid header");
        return;
      }
      final InputStream body = gz;
      h.handle(
          new ForwardingRequest(q) {
            @Override
            public InputStream body() {
              return body;
            }
          },
          w);
    };
  }

  private void tooLarge(WebResponse w) throws IOException {
    w.error(
        413,
        "request body larger than the limit of "
            + settings.limits.maxRequestBodyBytes()
            + " bytes (--push.max-body-bytes)");
  }

  private void push(WebRequest q, WebResponse w, boolean replace, boolean jobBase64)
      throws IOException {
    TreeMap<String, String> labels;
    try {
      labels = groupingLabels(q, jobBase64);
    } catch (BadPushException e) {
      w.error(e.status(), e.getMessage());
      return;
    }
    Map<String, Family> families;
    try {
      families = parseBody(q);
    } catch (BadPushException e) {
      w.error(e.status(), e.getMessage());
      return;
    } catch (BodyTooLargeException e) {
      tooLarge(w);
      return;
    }
    long ttl = 0;
    java.util.Optional<String> ttlHeader = q.header(TTL_HEADER);
    if (ttlHeader.isPresent()) {
      Duration d = GoTime.parseGo(ttlHeader.get().trim());
      if (d == null || d.isNegative()) {
        w.error(
            400,
            "invalid "
                + TTL_HEADER
                + " header "
                + GoText.quote(ttlHeader.get())
                + ": a Go duration such as 10m or 1h30m is needed");
        return;
      }
      ttl = Math.max(1, d.toMillis());
      expiry.groupTtlSeen();
    }
    boolean check = !settings.disableConsistencyCheck;
    Store.Outcome o =
        store.push(labels, families, replace, check, now(), ttl, settings.storeLimits());
    if (o.limit()) {
      log.warn("push refused", "source", GoLog.address(q.remoteAddress()), "err", o.error());
      w.error(400, o.error());
      return;
    }
    if (o.error() != null) {
      String msg = "pushed metrics are invalid or inconsistent with existing metrics: " + o.error();
      log.error(
          "pushed metrics are invalid or inconsistent with existing metrics",
          "method",
          q.method(),
          "source",
          GoLog.address(q.remoteAddress()),
          "err",
          o.error());
      w.error(400, msg);
      changed();
      return;
    }
    changed();
    w.status(check ? 200 : 202);
    w.output().close();
  }

  private void changed() {
    if (persistence != null) {
      persistence.changed();
    }
  }

  private void delete(WebRequest q, WebResponse w, boolean jobBase64) throws IOException {
    TreeMap<String, String> labels;
    try {
      labels = groupingLabels(q, jobBase64);
    } catch (BadPushException e) {
      w.error(e.status(), e.getMessage());
      return;
    }
    store.delete(labels);
    changed();
    w.status(202);
    w.output().close();
  }

  private void wipe(WebRequest q, WebResponse w) throws IOException {
    for (String key : store.keys()) {
      store.deleteKey(key);
    }
    changed();
    w.status(202);
    w.output().close();
  }

  private void quit(WebRequest q, WebResponse w) throws IOException {
    plain(w, 200, "Requesting termination... Goodbye!");
    log.warn("received termination request via web service, exiting gracefully...");
    quitRequested.countDown();
    Thread t = new Thread(this::close, "promsd-pushgateway-quit");
    t.setDaemon(true);
    t.start();
  }

  private void scrape(WebRequest q, WebResponse w) throws IOException {
    String accept = q.header("Accept").orElse(null);
    if (!store.consistent()) {
      Exposition.Answer a = Exposition.scrape(store, self, accept);
      if (a.status() != 200) {
        log.error("error gathering metrics", "err", new String(a.body(), StandardCharsets.UTF_8));
        w.header("X-Content-Type-Options", "nosniff");
      }
      w.send(a.status(), a.contentType(), a.body());
      return;
    }
    boolean gzip = acceptsGzip(q.header("Accept-Encoding").orElse(""));
    w.status(200);
    w.header("Content-Type", Exposition.contentType(accept));
    if (gzip) {
      w.header("Content-Encoding", "gzip");
    }
    try (java.io.OutputStream raw = w.output();
        java.io.OutputStream out =
            gzip ? new java.util.zip.GZIPOutputStream(raw, 64 * 1024) : raw) {
      Exposition.Answer a = Exposition.scrape(store, self, accept, out);
      if (a.status() != 200) {
        // the state changed between the check and the gather: the answer is cut short, as Go's
        // promhttp answers an error that comes after the first bytes
        out.write(a.body());
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean acceptsGzip(String ae) {
    for (String part : ae.split(",")) {
      if (part.split(";")[0].trim().equalsIgnoreCase("gzip")) {
        return true;
      }
    }
    return false;
  }

  private void status(WebRequest q, WebResponse w) throws IOException {
    byte[] page = StatusPage.render(store, settings, startTime).getBytes(StandardCharsets.UTF_8);
    w.send(200, "text/html; charset=utf-8", page);
  }

  private static long now() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  // ------------------------------------------------------------------ URL and body

  /** push.go: the job (maybe base64), then splitLabels, then "job name is required". */
  static TreeMap<String, String> groupingLabels(WebRequest q, boolean jobBase64)
      throws BadPushException {
    String job = q.pathParameter("job");
    if (jobBase64) {
      GoBase64.Result r = GoBase64.decodeUrlRaw(trimRightEquals(job));
      if (r.error() != null) {
        throw new BadPushException(
            "invalid base64 encoding in job name " + GoText.quote(r.value()) + ": " + r.error());
      }
      job = r.value();
    }
    TreeMap<String, String> labels = splitLabels(q.pathParameter("labels"));
    if (job.isEmpty()) {
      throw new BadPushException("job name is required");
    }
    labels.put("job", job);
    return labels;
  }

  static TreeMap<String, String> splitLabels(String labels) throws BadPushException {
    TreeMap<String, String> result = new TreeMap<>(Utf8::compare);
    if (labels.length() <= 1) {
      return result;
    }
    String[] components = labels.substring(1).split("/", -1);
    if (components.length % 2 != 0) {
      throw new BadPushException(
          "odd number of components in label string " + GoText.quote(labels));
    }
    for (int i = 0; i < components.length - 1; i += 2) {
      String name = components[i];
      String value = components[i + 1];
      String trimmed =
          name.endsWith("@base64") ? name.substring(0, name.length() - "@base64".length()) : name;
      if (!Store.validLabelName(trimmed) || trimmed.startsWith("__")) {
        throw new BadPushException("improper label name " + GoText.quote(trimmed));
      }
      if (name.equals(trimmed)) {
        result.put(name, value);
        continue;
      }
      GoBase64.Result r = GoBase64.decodeUrlRaw(trimRightEquals(value));
      if (r.error() != null) {
        throw new BadPushException(
            "invalid base64 encoding for label "
                + trimmed
                + "="
                + GoText.quote(value)
                + ": "
                + r.error());
      }
      result.put(trimmed, r.value());
    }
    return result;
  }

  private static String trimRightEquals(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == '=') {
      e--;
    }
    return s.substring(0, e);
  }

  private Map<String, Family> parseBody(WebRequest q) throws BadPushException, IOException {
    String ct = q.header("Content-Type").orElse("");
    InputStream body = q.body();
    if (isProtobuf(ct)) {
      try {
        return Protobuf.readDelimited(body, settings.limits.maxRequestBodyBytes());
      } catch (BodyTooLargeException e) {
        throw e;
      } catch (EOFException e) {
        throw new BadPushException("unexpected EOF");
      } catch (IOException e) {
        throw new BadPushException(TextParser.goReadError(e));
      }
    }
    return new LinkedHashMap<>(TextParser.parse(body));
  }

  /** mime.ParseMediaType, loosely: the media type and the proto and encoding parameters. */
  static boolean isProtobuf(String contentType) {
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/vnd.google.protobuf")) {
      return false;
    }
    String proto = null;
    String enc = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        return false; // mime: invalid media parameter
      }
      String k = p.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
      String v = p.substring(eq + 1).trim();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      if (k.equals("proto")) {
        proto = v;
      } else if (k.equals("encoding")) {
        enc = v;
      }
    }
    return "io.prometheus.client.MetricFamily".equals(proto) && "delimited".equals(enc);
  }

  // ------------------------------------------------------------------ settings

  /** Everything the builder sets, read by the handlers, the API and the page. */
  static final class Settings {
    List<String> listen = new ArrayList<>();
    String telemetryPath = "/metrics";
    String externalUrl = "";
    String routePrefixFlag = "";
    String routePrefix = "";
    boolean enableLifecycle;
    boolean enableAdminApi;
    Path persistenceFile;
    Duration persistenceInterval = Duration.ofMinutes(5);
    boolean disableConsistencyCheck;
    Path webConfigFile;
    Duration ttl = Duration.ZERO;
    WebLimits limits = WebLimits.DEFAULT.withMaxRequestBodyBytes(64L << 20);
    int maxGroups;
    long maxSeries;
    boolean jvmMetrics = true;
    String logLevel = "info";
    String logFormat = "logfmt";
    Appendable logSink = System.err;

    Limits storeLimits() {
      return new Limits(maxGroups, maxSeries);
    }
  }

  /** Store limits: the most groups and series held, 0 for none. */
  record Limits(int maxGroups, long maxSeries) {}

  /** Configures and starts a {@link Pushgateway}. Not thread-safe. */
  public static final class Builder {
    private final Settings s = new Settings();

    private Builder() {}

    /** Adds a listen address in Go's form ({@code :9091}, {@code 127.0.0.1:0}); repeatable. */
    public Builder listenAddress(String address) {
      s.listen.add(requireNonNull(address, "address"));
      return this;
    }

    /** {@code --web.telemetry-path} (default {@code /metrics}). */
    public Builder telemetryPath(String path) {
      s.telemetryPath = requireNonNull(path, "path");
      return this;
    }

    /** {@code --web.external-url}; its path is the default route prefix. */
    public Builder externalUrl(String url) {
      s.externalUrl = requireNonNull(url, "url");
      return this;
    }

    /** {@code --web.route-prefix}. */
    public Builder routePrefix(String prefix) {
      s.routePrefixFlag = requireNonNull(prefix, "prefix");
      return this;
    }

    /** {@code --web.enable-lifecycle}: {@code /-/quit} shuts the gateway down. */
    public Builder enableLifecycle(boolean on) {
      s.enableLifecycle = on;
      return this;
    }

    /** {@code --web.enable-admin-api}: {@code PUT /api/v1/admin/wipe}. */
    public Builder enableAdminApi(boolean on) {
      s.enableAdminApi = on;
      return this;
    }

    /** {@code --persistence.file}; null or never called: memory only. */
    public Builder persistenceFile(Path file) {
      s.persistenceFile = file;
      return this;
    }

    /** {@code --persistence.interval} (default 5 minutes). */
    public Builder persistenceInterval(Duration interval) {
      s.persistenceInterval = requireNonNull(interval, "interval");
      return this;
    }

    /** {@code --push.disable-consistency-check}. */
    public Builder disableConsistencyCheck(boolean on) {
      s.disableConsistencyCheck = on;
      return this;
    }

    /** {@code --web.config.file}: TLS and basic auth in exporter-toolkit's format. */
    public Builder webConfigFile(Path file) {
      s.webConfigFile = file;
      return this;
    }

    /** {@code --push.ttl}: a group not pushed to for this long is deleted; zero (default) never. */
    public Builder pushTtl(Duration ttl) {
      requireNonNull(ttl, "ttl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative");
      }
      s.ttl = ttl;
      return this;
    }

    /** {@code --push.max-body-bytes} (default 64 MiB). */
    public Builder maxBodyBytes(long bytes) {
      s.limits = s.limits.withMaxRequestBodyBytes(bytes);
      return this;
    }

    /** {@code --push.max-groups}: pushes creating more groups are refused; 0 (default) no limit. */
    public Builder maxGroups(int groups) {
      s.maxGroups = groups;
      return this;
    }

    /** {@code --push.max-series}: pushes making the gateway hold more are refused; 0 no limit. */
    public Builder maxSeries(long series) {
      s.maxSeries = series;
      return this;
    }

    /** Whether {@code /metrics} carries client_java's JVM and process metrics (default true). */
    public Builder jvmMetrics(boolean on) {
      s.jvmMetrics = on;
      return this;
    }

    /** {@code --log.level} and {@code --log.format}, shown by {@code /api/v1/status}. */
    public Builder logSettings(String level, String format) {
      s.logLevel = requireNonNull(level, "level");
      s.logFormat = requireNonNull(format, "format");
      return this;
    }

    /** Where {@code --log.format=json} lines go (standard error unless a test says otherwise). */
    Builder logSink(Appendable sink) {
      s.logSink = requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Loads the persistence file (when set), binds the listen addresses and starts serving.
     *
     * @throws IOException when an address cannot be bound
     * @throws IllegalArgumentException when a setting is invalid (with the flag's name)
     */
    public Pushgateway start() throws IOException {
      if (s.listen.isEmpty()) {
        s.listen.add(":9091");
      }
      URI ext = RoutePrefix.parseExternalUrl(s.externalUrl);
      s.routePrefix = RoutePrefix.pushgateway(s.routePrefixFlag, ext);
      if (s.persistenceInterval.isNegative()) {
        throw new IllegalArgumentException("--persistence.interval must not be negative");
      }
      Pushgateway gw = new Pushgateway(s);
      gw.store.own(gw.self.describe());
      if (gw.persistence != null) {
        gw.persistence.load();
        if (gw.store.groups().stream().anyMatch(g -> g.ttlMillis() > 0)) {
          gw.expiry.groupTtlSeen();
        }
      }
      WebServer.Builder b = WebServer.builder().router(gw.routes()).limits(s.limits);
      for (String l : s.listen) {
        b.listen(l);
      }
      if (s.webConfigFile != null) {
        b.webConfigFile(s.webConfigFile);
      }
      if (gw.log.json()) {
        b.log(gw.log.webLog());
      }
      b.observer(gw.self::observe);
      b.shutdownTimeout(Duration.ofSeconds(10));
      try {
        gw.server = b.start();
      } catch (IOException | RuntimeException e) {
        gw.close();
        throw e;
      }
      if (gw.persistence != null) {
        gw.persistence.start();
      }
      gw.expiry.start();
      gw.heapTrim = HeapTrim.startIfAsked();
      return gw;
    }
  }
}
