package io.promsd.sd.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An in-process fake Consul agent speaking the HTTP API the way Prometheus uses it: {@code GET
 * /v1/agent/self}, {@code /v1/catalog/services} and {@code /v1/health/service/<name>}, on a JDK
 * {@link HttpServer} bound to 127.0.0.1:0.
 *
 * <p>It honours {@code index} and {@code wait} (a query whose index is still current is held,
 * without a thread, until its data changes or the wait runs out), {@code stale} (recorded), {@code
 * dc} (another datacenter is a 500 {@code No path to datacenter}), {@code ns} and {@code partition}
 * (instances of other namespaces/partitions are hidden), {@code node-meta} and {@code tag} (all
 * must match), and {@code filter} (a subset of the filter language, see {@link BexprFilter}). Every
 * answer carries a non-zero {@code X-Consul-Index}: one index per service and one for the catalog,
 * moved by every change. It can require an {@code X-Consul-Token}, fail, serve a raw body, hang and
 * recover, and it records every request.
 *
 * <p>Skipped on purpose: ACL policies (one token, all or nothing), real consistency modes, {@code
 * near}, {@code cached}, hash-based blocking, {@code passing}, the {@code matches} and numeric
 * filter operators, gzip, and Consul's 10-minute wait cap.
 */
final class FakeConsul implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body apart; with Nagle's algorithm on, each answer waits
    // for the client's delayed ACK (about 40 ms). And keep the parked connections when idle.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
    }
  }

  /** One received request. */
  record Request(String path, String query, String token, String authorization, long nanos) {
    /** {@code path?query} exactly as sent (raw, still escaped). */
    String uri() {
      return query == null ? path : path + "?" + query;
    }

    /** The query's decoded parameters, repeated ones in order. */
    Map<String, List<String>> params() {
      return parseQuery(query);
    }

    /** The uri with the {@code index} parameter removed. */
    String withoutIndex() {
      if (query == null) {
        return path;
      }
      List<String> kept = new ArrayList<>();
      for (String p : query.split("&")) {
        if (!p.startsWith("index=")) {
          kept.add(p);
        }
      }
      return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
    }
  }

  private enum FaultKind {
    FAIL,
    BODY,
    HANG,
    ENDLESS
  }

  private record Fault(String pathPrefix, FaultKind kind, int status, String body) {}

  private final class Waiter {
    final HttpExchange exchange;
    final String topic;
    final long index;
    final Map<String, List<String>> params;
    final String path;
    final AtomicBoolean done = new AtomicBoolean();
    ScheduledFuture<?> timeout;

    Waiter(
        HttpExchange exchange,
        String topic,
        long index,
        String path,
        Map<String, List<String>> params) {
      this.exchange = exchange;
      this.topic = topic;
      this.index = index;
      this.path = path;
      this.params = params;
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final List<Request> requests = new ArrayList<>();
  private final AtomicLong requestCount = new AtomicLong();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<Held> hung = new ArrayList<>();

  private record Held(HttpExchange exchange, Request request) {}

  // state, guarded by lock
  private long raft = 10;
  private long catalogIndex = raft;
  private final Map<String, Long> serviceIndex = new LinkedHashMap<>();
  private final Map<String, List<ObjectNode>> entries = new LinkedHashMap<>();
  private String catalogBody; // a recorded catalog answer served as is, or null
  private boolean raw; // serve recorded health answers without applying the query's filters
  private String datacenter = "dc1";
  private String agentBody; // a recorded /v1/agent/self answer, or null
  private int agentStatus = 200;
  private String requiredToken;
  private String pathPrefix = "";
  private final List<Fault> faults = new ArrayList<>();

  private FakeConsul() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    handlers = Executors.newFixedThreadPool(2, daemon("fake-consul-http"));
    timer = Executors.newSingleThreadScheduledExecutor(daemon("fake-consul-timer"));
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static FakeConsul start() {
    try {
      return new FakeConsul();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  // ---------------------------------------------------------------- configuration

  FakeConsul datacenter(String dc) {
    synchronized (lock) {
      datacenter = dc;
    }
    return this;
  }

  /** Serves this body (and status) for /v1/agent/self instead of {@code {"Config":{…}}}. */
  FakeConsul agentSelf(int status, String body) {
    synchronized (lock) {
      agentStatus = status;
      agentBody = body;
    }
    return this;
  }

  /** Answers 403 {@code ACL not found} unless {@code X-Consul-Token} is this token. */
  FakeConsul requireToken(String token) {
    synchronized (lock) {
      requiredToken = token;
    }
    return this;
  }

  /** Serves the API under this path prefix (as behind a reverse proxy); other paths are 404. */
  FakeConsul pathPrefix(String prefix) {
    synchronized (lock) {
      pathPrefix = prefix;
    }
    return this;
  }

  /** Serves recorded health answers as they are, like Prometheus's test stubs (no filtering). */
  FakeConsul raw(boolean on) {
    synchronized (lock) {
      raw = on;
    }
    return this;
  }

  // ---------------------------------------------------------------- data

  /** Replaces a service's instances with a recorded health answer (a JSON array). */
  void setHealth(String service, String jsonArray) {
    List<ObjectNode> list = new ArrayList<>();
    JsonNode arr = parse(jsonArray);
    if (arr.isArray()) {
      for (JsonNode n : arr) {
        list.add((ObjectNode) n);
      }
    }
    synchronized (lock) {
      entries.put(service, list);
      changed(service, true);
    }
  }

  /** Serves this recorded catalog answer instead of the one derived from the instances. */
  void setCatalog(String jsonObject) {
    synchronized (lock) {
      catalogBody = jsonObject;
      raft++;
      catalogIndex = raft;
      wake();
    }
  }

  /** Registers (or replaces, by service ID) one instance. */
  void register(Instance i) {
    ObjectNode entry = i.toJson();
    synchronized (lock) {
      List<ObjectNode> list = entries.computeIfAbsent(i.service(), k -> new ArrayList<>());
      list.removeIf(e -> e.path("Service").path("ID").asText().equals(i.id()));
      list.add(entry);
      changed(i.service(), true);
    }
  }

  /** Deregisters one instance; the service leaves the catalog with its last instance. */
  void deregister(String service, String id) {
    synchronized (lock) {
      List<ObjectNode> list = entries.get(service);
      if (list == null) {
        return;
      }
      list.removeIf(e -> e.path("Service").path("ID").asText().equals(id));
      if (list.isEmpty()) {
        entries.remove(service);
      }
      changed(service, true);
    }
  }

  /** Moves a service's index without changing its data (a no-op write). */
  void touch(String service) {
    synchronized (lock) {
      changed(service, false);
    }
  }

  /** Sets a service's index, e.g. lower than before (a restored snapshot), and wakes watchers. */
  void setServiceIndex(String service, long index) {
    synchronized (lock) {
      serviceIndex.put(service, index);
      wake();
    }
  }

  private void changed(String service, boolean catalogToo) {
    raft++;
    serviceIndex.put(service, raft);
    if (catalogToo) {
      catalogIndex = raft;
    }
    wake();
  }

  long serviceIndex(String service) {
    synchronized (lock) {
      return serviceIndex.getOrDefault(service, catalogIndex);
    }
  }

  long catalogIndex() {
    synchronized (lock) {
      return catalogIndex;
    }
  }

  // ---------------------------------------------------------------- faults

  /** Answers requests under {@code pathPrefix} with this status and body until {@link #recover}. */
  void fail(String pathPrefix, int status, String body) {
    synchronized (lock) {
      faults.add(new Fault(pathPrefix, FaultKind.FAIL, status, body));
      wake(); // held queries answer with the fault too
    }
  }

  /** Answers 200 with this body (e.g. bad JSON) and a fresh index until {@link #recover}. */
  void serveBody(String pathPrefix, String body) {
    synchronized (lock) {
      faults.add(new Fault(pathPrefix, FaultKind.BODY, 200, body));
      raft++;
      wake();
    }
  }

  /**
   * Answers 200 with a body of {@code bytes} bytes (the opening of a JSON object, then spaces),
   * streamed, until {@link #recover}.
   */
  void serveEndless(String pathPrefix, long bytes) {
    synchronized (lock) {
      faults.add(new Fault(pathPrefix, FaultKind.ENDLESS, 200, Long.toString(bytes)));
      raft++;
      wake();
    }
  }

  /** Holds requests under {@code pathPrefix} without answering until {@link #recover}. */
  void hang(String pathPrefix) {
    synchronized (lock) {
      faults.add(new Fault(pathPrefix, FaultKind.HANG, 0, null));
    }
  }

  /** Clears every fault and answers the hung requests normally. */
  void recover() {
    List<Held> release;
    synchronized (lock) {
      faults.clear();
      release = new ArrayList<>(hung);
      hung.clear();
    }
    for (Held h : release) {
      handlers.execute(() -> serve(h.exchange(), h.request()));
    }
  }

  // ---------------------------------------------------------------- requests

  List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  long requestCount() {
    return requestCount.get();
  }

  /** Held blocking queries right now. */
  int heldQueries() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  /** Waits until a recorded request matches. */
  Request awaitRequest(Predicate<Request> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        for (Request r : requests) {
          if (p.test(r)) {
            return r;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no request matched within " + timeout + "; got " + requests);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /** Waits until {@code n} requests match. */
  void awaitRequests(Predicate<Request> p, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (requests.stream().filter(p).count() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "fewer than " + n + " requests matched within " + timeout + "; got " + requests);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  // ---------------------------------------------------------------- serving

  private void handle(HttpExchange ex) {
    Request req =
        new Request(
            ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(),
            ex.getRequestHeaders().getFirst("X-Consul-Token"),
            ex.getRequestHeaders().getFirst("Authorization"),
            System.nanoTime());
    requestCount.incrementAndGet();
    synchronized (lock) {
      requests.add(req);
      lock.notifyAll();
    }
    serve(ex, req);
  }

  private void serve(HttpExchange ex, Request req) {
    try {
      Map<String, List<String>> params = parseQuery(req.query());
      synchronized (lock) {
        if (requiredToken != null && !requiredToken.equals(req.token())) {
          respond(ex, 403, "ACL not found", 0);
          return;
        }
        String path = req.path();
        if (!path.startsWith(pathPrefix)) {
          respond(ex, 404, "", 0);
          return;
        }
        path = path.substring(pathPrefix.length());
        Fault f = fault(path);
        if (f != null && f.kind() == FaultKind.HANG) {
          hung.add(new Held(ex, req));
          return;
        }
        if (f != null && f.kind() == FaultKind.ENDLESS) {
          long n = Long.parseLong(f.body());
          long index = raft;
          // streamed outside the lock, on a thread of its own: the client may stop reading
          Thread t =
              new Thread(
                  () -> {
                    try {
                      ex.getResponseHeaders().set("X-Consul-Index", Long.toString(index));
                      ex.sendResponseHeaders(200, 0);
                      byte[] chunk = " ".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
                      java.io.OutputStream out = ex.getResponseBody();
                      out.write('{');
                      for (long left = n; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(left, chunk.length));
                      }
                      out.write('}');
                    } catch (IOException gone) {
                      // the client hung up
                    } finally {
                      ex.close();
                    }
                  },
                  "fake-consul-endless");
          t.setDaemon(true);
          t.start();
          return;
        }
        if (f != null) {
          respond(ex, f.status(), f.body(), raft);
          return;
        }
        String dc = first(params, "dc");
        if (dc != null && !dc.equals(datacenter)) {
          respond(ex, 500, "No path to datacenter", 0);
          return;
        }
        String decodedPath = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (decodedPath.equals("/v1/agent/self")) {
          String body =
              agentBody != null
                  ? agentBody
                  : "{\"Config\":{\"Datacenter\":"
                      + JSON.writeValueAsString(datacenter)
                      + ",\"NodeName\":\"fake\"},\"Member\":{}}";
          respond(ex, agentStatus, body, 0);
          return;
        }
        String topic;
        if (decodedPath.equals("/v1/catalog/services")) {
          topic = "";
        } else if (decodedPath.startsWith("/v1/health/service/")) {
          topic = "service:" + decodedPath.substring("/v1/health/service/".length());
        } else {
          respond(ex, 404, "", 0);
          return;
        }
        String index = first(params, "index");
        long waitIndex = index == null ? 0 : Long.parseUnsignedLong(index);
        if (waitIndex != 0 && Long.compareUnsigned(waitIndex, indexOf(topic)) >= 0) {
          Waiter w = new Waiter(ex, topic, waitIndex, decodedPath, params);
          waiters.add(w);
          long waitMs = parseWait(first(params, "wait"));
          w.timeout = timer.schedule(() -> finish(w), waitMs, TimeUnit.MILLISECONDS);
          return;
        }
        answer(ex, topic, decodedPath, params);
      }
    } catch (IOException | RuntimeException e) {
      try {
        respond(ex, 500, "fake consul: " + e, 0);
      } catch (IOException | RuntimeException ignored) {
        ex.close();
      }
    }
  }

  private Fault fault(String path) {
    for (Fault f : faults) {
      if (path.startsWith(f.pathPrefix())) {
        return f;
      }
    }
    return null;
  }

  private long indexOf(String topic) {
    if (topic.isEmpty()) {
      return catalogIndex;
    }
    return serviceIndex.getOrDefault(topic.substring("service:".length()), catalogIndex);
  }

  // Under lock: answers every held query whose topic moved (up or down).
  private void wake() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (indexOf(w.topic) != w.index || fault(w.path) != null) {
        it.remove();
        w.timeout.cancel(false);
        if (w.done.compareAndSet(false, true)) {
          HttpExchange ex = w.exchange;
          handlers.execute(() -> handle(ex, w));
        }
      }
    }
  }

  private void handle(HttpExchange ex, Waiter w) {
    synchronized (lock) {
      try {
        Fault f = fault(w.path);
        if (f != null && f.kind() != FaultKind.HANG) {
          respond(ex, f.status(), f.body(), raft);
        } else {
          answer(ex, w.topic, w.path, w.params);
        }
      } catch (IOException | RuntimeException e) {
        ex.close();
      }
    }
  }

  private void finish(Waiter w) {
    synchronized (lock) {
      waiters.remove(w);
      if (!w.done.compareAndSet(false, true)) {
        return;
      }
      try {
        answer(w.exchange, w.topic, w.path, w.params);
      } catch (IOException | RuntimeException e) {
        w.exchange.close();
      }
    }
  }

  private void answer(HttpExchange ex, String topic, String path, Map<String, List<String>> params)
      throws IOException {
    long index = indexOf(topic);
    if (topic.isEmpty()) {
      respond(ex, 200, catalogBody != null ? catalogBody : catalog(params), index);
      return;
    }
    String service = path.substring("/v1/health/service/".length());
    ArrayNode out = JSON.createArrayNode();
    for (ObjectNode e : entries.getOrDefault(service, List.of())) {
      if (raw || matches(e, params, true)) {
        out.add(e);
      }
    }
    respond(ex, 200, JSON.writeValueAsString(out), index);
  }

  private String catalog(Map<String, List<String>> params) throws JsonProcessingException {
    ObjectNode out = JSON.createObjectNode();
    for (Map.Entry<String, List<ObjectNode>> e : entries.entrySet()) {
      Set<String> tags = new LinkedHashSet<>();
      boolean any = false;
      for (ObjectNode entry : e.getValue()) {
        if (matches(entry, params, false)) {
          any = true;
          entry.path("Service").path("Tags").forEach(t -> tags.add(t.asText()));
        }
      }
      if (any) {
        ArrayNode arr = out.putArray(e.getKey());
        tags.forEach(arr::add);
      }
    }
    return JSON.writeValueAsString(out);
  }

  private static boolean matches(ObjectNode e, Map<String, List<String>> params, boolean health) {
    JsonNode node = e.path("Node");
    JsonNode svc = e.path("Service");
    for (String pair : params.getOrDefault("node-meta", List.of())) {
      int colon = pair.indexOf(':');
      String k = pair.substring(0, colon);
      String v = pair.substring(colon + 1);
      if (!node.path("Meta").path(k).asText("\u0000").equals(v)) {
        return false;
      }
    }
    if (health) {
      for (String tag : params.getOrDefault("tag", List.of())) {
        boolean has = false;
        for (JsonNode t : svc.path("Tags")) {
          has |= t.asText().equals(tag);
        }
        if (!has) {
          return false;
        }
      }
    }
    String ns = first(params, "ns");
    if (ns != null && !svc.path("Namespace").asText("default").equals(ns)) {
      return false;
    }
    String partition = first(params, "partition");
    if (partition != null && !svc.path("Partition").asText("default").equals(partition)) {
      return false;
    }
    String filter = first(params, "filter");
    if (filter != null) {
      return BexprFilter.parse(filter).test(health ? e : catalogView(e));
    }
    return true;
  }

  /** The catalog's view of an instance (a ServiceNode), which catalog filters select on. */
  private static JsonNode catalogView(ObjectNode e) {
    JsonNode node = e.path("Node");
    JsonNode svc = e.path("Service");
    ObjectNode v = JSON.createObjectNode();
    v.set("ID", node.path("ID"));
    v.set("Node", node.path("Node"));
    v.set("Address", node.path("Address"));
    v.set("Datacenter", node.path("Datacenter"));
    v.set("TaggedAddresses", node.path("TaggedAddresses"));
    v.set("NodeMeta", node.path("Meta"));
    v.set("ServiceID", svc.path("ID"));
    v.set("ServiceName", svc.path("Service"));
    v.set("ServiceTags", svc.path("Tags"));
    v.set("ServiceAddress", svc.path("Address"));
    v.set("ServiceMeta", svc.path("Meta"));
    v.set("ServicePort", svc.path("Port"));
    return v;
  }

  private static void respond(HttpExchange ex, int status, String body, long index)
      throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (index != 0) {
      ex.getResponseHeaders().set("X-Consul-Index", Long.toUnsignedString(index));
      ex.getResponseHeaders().set("X-Consul-KnownLeader", "true");
      ex.getResponseHeaders().set("X-Consul-LastContact", "0");
    }
    ex.getResponseHeaders()
        .set("Content-Type", status == 200 ? "application/json" : "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> v = params.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Go-style durations as Consul reads {@code wait}: {@code 120000ms}, {@code 5s}, {@code 1m}. */
  static long parseWait(String wait) {
    if (wait == null || wait.isEmpty()) {
      return 5 * 60_000; // Consul's default
    }
    long total = 0;
    int i = 0;
    while (i < wait.length()) {
      int start = i;
      while (i < wait.length() && Character.isDigit(wait.charAt(i))) {
        i++;
      }
      long n = Long.parseLong(wait.substring(start, i));
      int u = i;
      while (i < wait.length() && !Character.isDigit(wait.charAt(i))) {
        i++;
      }
      total +=
          switch (wait.substring(u, i)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> throw new IllegalArgumentException("bad wait " + wait);
          };
    }
    return total;
  }

  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Stops at once: held and hung queries are dropped with their connections. */
  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
    handlers.shutdownNow();
  }

  /** A service instance to register, with the fields Prometheus reads. */
  record Instance(
      String service,
      String id,
      String node,
      String nodeAddress,
      String address,
      int port,
      List<String> tags,
      Map<String, String> nodeMeta,
      Map<String, String> serviceMeta,
      Map<String, String> taggedAddresses,
      List<String[]> checks) {

    static Instance of(String service, String id, String node, String nodeAddress, int port) {
      return new Instance(
          service,
          id,
          node,
          nodeAddress,
          "",
          port,
          List.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          List.<String[]>of(new String[] {"serfHealth", "passing"}));
    }

    Instance tags(String... t) {
      return new Instance(
          service,
          id,
          node,
          nodeAddress,
          address,
          port,
          List.of(t),
          nodeMeta,
          serviceMeta,
          taggedAddresses,
          checks);
    }

    Instance address(String a) {
      return new Instance(
          service,
          id,
          node,
          nodeAddress,
          a,
          port,
          tags,
          nodeMeta,
          serviceMeta,
          taggedAddresses,
          checks);
    }

    Instance nodeMeta(Map<String, String> m) {
      return new Instance(
          service,
          id,
          node,
          nodeAddress,
          address,
          port,
          tags,
          m,
          serviceMeta,
          taggedAddresses,
          checks);
    }

    Instance check(String checkId, String status) {
      List<String[]> c = new ArrayList<>(checks);
      c.add(new String[] {checkId, status});
      return new Instance(
          service,
          id,
          node,
          nodeAddress,
          address,
          port,
          tags,
          nodeMeta,
          serviceMeta,
          taggedAddresses,
          c);
    }

    ObjectNode toJson() {
      ObjectNode e = JSON.createObjectNode();
      ObjectNode n = e.putObject("Node");
      n.put("ID", "");
      n.put("Node", node);
      n.put("Address", nodeAddress);
      n.put("Datacenter", "dc1");
      ObjectNode ta = n.putObject("TaggedAddresses");
      taggedAddresses.forEach(ta::put);
      ObjectNode nm = n.putObject("Meta");
      nodeMeta.forEach(nm::put);
      ObjectNode s = e.putObject("Service");
      s.put("ID", id);
      s.put("Service", service);
      ArrayNode t = s.putArray("Tags");
      tags.forEach(t::add);
      s.put("Address", address);
      ObjectNode sm = s.putObject("Meta");
      serviceMeta.forEach(sm::put);
      s.put("Port", port);
      ArrayNode c = e.putArray("Checks");
      for (String[] check : checks) {
        ObjectNode o = c.addObject();
        o.put("Node", node);
        o.put("CheckID", check[0]);
        o.put("Status", check[1]);
      }
      return e;
    }
  }
}
