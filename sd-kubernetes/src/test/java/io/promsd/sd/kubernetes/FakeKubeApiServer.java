package io.promsd.sd.kubernetes;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Kubernetes API server speaking the real wire protocol, for the official client to
 * talk to (fabric8's mock server cannot serve HTTP watches).
 *
 * <p>Serves {@code GET} on the collection paths of every resource discovery uses, cluster-wide and
 * namespaced: a list carries the current resourceVersion and every item its own; {@code watch=true}
 * streams one JSON event per line over chunked HTTP from the requested resourceVersion on (history
 * replayed, then live), ends after {@code timeoutSeconds}, answers an expired resourceVersion with
 * 410 (as an HTTP status or as an {@code ERROR} event), and honours {@code labelSelector} (all
 * operators) and {@code fieldSelector} ({@code metadata.name}, {@code metadata.namespace}, {@code
 * spec.nodeName}, {@code status.phase}; others get 400 as the API server answers). Label-selector
 * watches turn updates that leave or enter the selection into {@code DELETED} and {@code ADDED}.
 * Tests can deny a resource with 401/403, compact history, send bookmarks, and stop and restart the
 * server on the same port with its state kept.
 *
 * <p>Not covered: protobuf, watch-list ({@code sendInitialEvents}), pagination ({@code limit},
 * {@code continue}), resourceVersionMatch, server-side apply, authentication itself (any token is
 * accepted unless a resource is denied), field selectors beyond the four above.
 */
final class FakeKubeApiServer implements AutoCloseable {
  private static final Gson GSON = new Gson();

  /** How an expired resourceVersion is answered on watch. */
  enum ExpiryMode {
    HTTP_410,
    ERROR_EVENT
  }

  private record Event(long rv, ResourceKind kind, String type, JsonObject obj, JsonObject old) {}

  private final class Watcher {
    final ResourceKind kind;
    final String namespace;
    final LabelSelector labels;
    final FieldSelector fields;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    volatile boolean closed;

    Watcher(ResourceKind kind, String namespace, LabelSelector labels, FieldSelector fields) {
      this.kind = kind;
      this.namespace = namespace;
      this.labels = labels;
      this.fields = fields;
    }

    boolean selects(JsonObject o) {
      return FakeKubeApiServer.this.selects(o, kind, namespace, labels, fields);
    }

    /** The event this watcher sees for a change, or null. */
    String render(Event e) {
      if (e.kind != kind) {
        return null;
      }
      boolean now = e.obj != null && selects(e.obj);
      boolean before = e.old != null && selects(e.old);
      String type;
      switch (e.type) {
        case "ADDED" -> type = now ? "ADDED" : null;
        case "DELETED" -> type = before ? "DELETED" : null;
        default -> type = now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
      }
      if (type == null) {
        return null;
      }
      JsonObject ev = new JsonObject();
      ev.addProperty("type", type);
      ev.add("object", e.obj != null ? e.obj : e.old);
      return GSON.toJson(ev);
    }
  }

  private final Object lock = new Object();
  private final Map<ResourceKind, Map<String, JsonObject>> objects = new HashMap<>();
  // Each stored object's JSON, written once: lists of 100k objects stay cheap to serve.
  private final Map<JsonObject, String> serialized = new java.util.IdentityHashMap<>();
  private final List<Event> history = new ArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<ResourceKind, Integer> denied = new HashMap<>();
  volatile boolean echoAuthorization;
  volatile String garbageWatch; // when set, every watch is answered 200 with this body
  // when > 0, every list is answered 200 with one item holding an annotation this long
  volatile long hugeListItemChars;
  // when > 0, every list is answered 500 with a body this long; what could be written is counted
  volatile long hugeErrorBytes;
  final java.util.concurrent.atomic.AtomicLong hugeErrorBytesWritten =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicInteger threads = new AtomicInteger();
  private long rv = 100;
  private long compactedBelow = 0;
  private ExpiryMode expiryMode = ExpiryMode.HTTP_410;
  private HttpServer server;
  private ExecutorService executor;
  private int port;

  FakeKubeApiServer() throws IOException {
    start(0);
  }

  private void start(int onPort) throws IOException {
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-kube-api-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops serving and cuts every open watch; state is kept for {@link #restart}. */
  void kill() {
    for (Watcher w : watchers) {
      w.closed = true;
      w.lines.add("");
    }
    server.stop(0);
    executor.shutdownNow();
  }

  /** Serves again on the same port. */
  void restart() throws IOException {
    start(port);
  }

  @Override
  public void close() {
    kill();
  }

  // ---- test controls ----

  List<String> requests() {
    return List.copyOf(requests);
  }

  long resourceVersion() {
    synchronized (lock) {
      return rv;
    }
  }

  /** Answers every request for {@code kind} with this status (401, 403) until allowed again. */
  void deny(ResourceKind kind, int status) {
    synchronized (lock) {
      denied.put(kind, status);
    }
  }

  void allow(ResourceKind kind) {
    synchronized (lock) {
      denied.remove(kind);
    }
  }

  void expiryMode(ExpiryMode mode) {
    synchronized (lock) {
      expiryMode = mode;
    }
  }

  /**
   * Forgets history up to now, as etcd compaction does: watches from an older resourceVersion get
   * 410, and open watches are cut so that clients resume from their last version.
   */
  void compact() {
    synchronized (lock) {
      rv++;
      compactedBelow = rv;
      history.clear();
    }
    for (Watcher w : watchers) {
      w.closed = true;
      w.lines.add("");
    }
  }

  /** Sends a BOOKMARK with the current resourceVersion on every open watch. */
  long bookmarkAll() {
    long now;
    synchronized (lock) {
      now = rv;
    }
    for (Watcher w : watchers) {
      JsonObject meta = new JsonObject();
      meta.addProperty("resourceVersion", Long.toString(now));
      JsonObject obj = new JsonObject();
      obj.addProperty("kind", kindName(w.kind));
      obj.addProperty("apiVersion", "v1");
      obj.add("metadata", meta);
      JsonObject ev = new JsonObject();
      ev.addProperty("type", "BOOKMARK");
      ev.add("object", obj);
      w.lines.add(GSON.toJson(ev));
    }
    return now;
  }

  /** Creates or replaces an object (ADDED or MODIFIED); returns its resourceVersion. */
  long apply(ResourceKind kind, JsonObject obj) {
    synchronized (lock) {
      JsonObject o = obj.deepCopy();
      JsonObject meta = o.has("metadata") ? o.getAsJsonObject("metadata") : new JsonObject();
      o.add("metadata", meta);
      String key = key(kind, o);
      rv++;
      meta.addProperty("resourceVersion", Long.toString(rv));
      JsonObject old = objects.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(key, o);
      if (old != null) {
        serialized.remove(old);
      }
      serialized.put(o, GSON.toJson(o));
      publish(new Event(rv, kind, old == null ? "ADDED" : "MODIFIED", o, old));
      return rv;
    }
  }

  /** Deletes an object (DELETED carries its last state); returns the resourceVersion. */
  long delete(ResourceKind kind, String namespace, String name) {
    synchronized (lock) {
      String key = namespace.isEmpty() ? name : namespace + "/" + name;
      JsonObject old = objects.computeIfAbsent(kind, k -> new LinkedHashMap<>()).remove(key);
      if (old == null) {
        return rv;
      }
      serialized.remove(old);
      rv++;
      JsonObject gone = old.deepCopy();
      gone.getAsJsonObject("metadata").addProperty("resourceVersion", Long.toString(rv));
      publish(new Event(rv, kind, "DELETED", null, gone));
      return rv;
    }
  }

  private void publish(Event e) {
    history.add(e);
    for (Watcher w : watchers) {
      String line = w.render(e);
      if (line != null) {
        w.lines.add(line);
      }
    }
  }

  private static String key(ResourceKind kind, JsonObject o) {
    JsonObject m = o.getAsJsonObject("metadata");
    String name = m.has("name") ? m.get("name").getAsString() : "";
    String ns = m.has("namespace") ? m.get("namespace").getAsString() : "";
    return kind.namespaced() ? ns + "/" + name : name;
  }

  static String kindName(ResourceKind k) {
    return switch (k) {
      case PODS -> "Pod";
      case NODES -> "Node";
      case SERVICES -> "Service";
      case ENDPOINTS -> "Endpoints";
      case ENDPOINTSLICES -> "EndpointSlice";
      case INGRESSES -> "Ingress";
      case NAMESPACES -> "Namespace";
      case REPLICASETS -> "ReplicaSet";
      case JOBS -> "Job";
    };
  }

  // ---- HTTP ----

  private record Target(ResourceKind kind, String namespace) {}

  private static Target route(String path) {
    for (ResourceKind k : ResourceKind.values()) {
      if (path.equals(k.path(""))) {
        return new Target(k, "");
      }
      if (k.namespaced()) {
        String all = k.path("");
        String prefix = all.substring(0, all.lastIndexOf('/')) + "/namespaces/";
        String suffix = "/" + k.plural();
        if (path.startsWith(prefix) && path.endsWith(suffix)) {
          String ns = path.substring(prefix.length(), path.length() - suffix.length());
          if (!ns.isEmpty() && !ns.contains("/")) {
            return new Target(k, ns);
          }
        }
      }
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      requests.add(ex.getRequestMethod() + " " + path + (rawQuery == null ? "" : "?" + rawQuery));
      Map<String, String> q = query(rawQuery);
      if (path.equals("/version")) {
        send(ex, 200, "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}");
        return;
      }
      Target t = route(path);
      if (t == null || !ex.getRequestMethod().equals("GET")) {
        send(ex, 404, status(404, "NotFound", "the server could not find the requested resource"));
        return;
      }
      Integer deny;
      synchronized (lock) {
        deny = denied.get(t.kind);
      }
      if (deny != null) {
        String verb = "true".equals(q.get("watch")) ? "watch" : "list";
        String msg =
            deny == 401
                ? "Unauthorized"
                : t.kind.plural()
                    + " is forbidden: User \"system:serviceaccount:monitoring:prometheus\""
                    + " cannot "
                    + verb
                    + " resource \""
                    + t.kind.plural()
                    + "\" in API group \"\" at the cluster scope";
        if (echoAuthorization) {
          // as some proxies do: the request's credentials come back in the error body
          msg +=
              " (request had Authorization: "
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + ")";
        }
        send(ex, deny, status(deny, deny == 401 ? "Unauthorized" : "Forbidden", msg));
        return;
      }
      LabelSelector labels;
      FieldSelector fields;
      try {
        labels = LabelSelector.parse(q.getOrDefault("labelSelector", ""));
        fields = FieldSelector.parse(q.getOrDefault("fieldSelector", ""));
        for (FieldSelector.Term term : fields.terms()) {
          if (!List.of("metadata.name", "metadata.namespace", "spec.nodeName", "status.phase")
              .contains(term.field())) {
            throw new IllegalArgumentException("field label not supported: " + term.field());
          }
        }
      } catch (IllegalArgumentException e) {
        send(ex, 400, status(400, "BadRequest", e.getMessage()));
        return;
      }
      if ("true".equals(q.get("watch")) && garbageWatch != null) {
        send(ex, 200, garbageWatch); // a proxy's page, or bytes that are no JSON at all
        return;
      }
      if (!"true".equals(q.get("watch")) && hugeListItemChars > 0) {
        endless(
            ex,
            200,
            "{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[{\"metadata\":"
                + "{\"name\":\"huge\",\"namespace\":\"default\",\"annotations\":{\"a\":\"",
            hugeListItemChars,
            "\"}}}]}",
            null);
        return;
      }
      if (!"true".equals(q.get("watch")) && hugeErrorBytes > 0) {
        endless(ex, 500, "", hugeErrorBytes, "", hugeErrorBytesWritten);
        return;
      }
      if ("true".equals(q.get("watch"))) {
        watch(ex, t, labels, fields, q);
      } else {
        list(ex, t, labels, fields);
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private boolean selects(
      JsonObject o, ResourceKind kind, String ns, LabelSelector labels, FieldSelector fields) {
    JsonObject m = o.getAsJsonObject("metadata");
    if (kind.namespaced() && !ns.isEmpty()) {
      if (!m.has("namespace") || !m.get("namespace").getAsString().equals(ns)) {
        return false;
      }
    }
    Map<String, String> ls = new HashMap<>();
    if (m.has("labels") && m.get("labels").isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : m.getAsJsonObject("labels").entrySet()) {
        ls.put(e.getKey(), e.getValue().getAsString());
      }
    }
    if (!labels.matches(ls)) {
      return false;
    }
    return fields.matches(f -> field(o, f));
  }

  private static String field(JsonObject o, String f) {
    String[] parts = f.split("\\.");
    JsonElement cur = o;
    for (String p : parts) {
      if (cur == null || !cur.isJsonObject()) {
        return "";
      }
      cur = cur.getAsJsonObject().get(p);
    }
    return cur != null && cur.isJsonPrimitive() ? cur.getAsString() : "";
  }

  private void list(HttpExchange ex, Target t, LabelSelector labels, FieldSelector fields)
      throws IOException {
    List<String> items = new ArrayList<>();
    long version;
    synchronized (lock) {
      version = rv;
      for (JsonObject o : objects.getOrDefault(t.kind, Map.of()).values()) {
        if (selects(o, t.kind, t.namespace, labels, fields)) {
          items.add(serialized.get(o));
        }
      }
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = new java.io.BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
      out.write(
          ("{\"kind\":\""
                  + kindName(t.kind)
                  + "List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
                  + version
                  + "\"},\"items\":[")
              .getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(items.get(i).getBytes(StandardCharsets.UTF_8));
      }
      out.write("]}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void watch(
      HttpExchange ex, Target t, LabelSelector labels, FieldSelector fields, Map<String, String> q)
      throws IOException {
    long from;
    try {
      from = Long.parseLong(q.getOrDefault("resourceVersion", "0"));
    } catch (NumberFormatException e) {
      from = 0;
    }
    long timeout = Long.parseLong(q.getOrDefault("timeoutSeconds", "300"));
    Watcher w = new Watcher(t.kind, t.namespace, labels, fields);
    boolean expired;
    synchronized (lock) {
      expired = from != 0 && from < compactedBelow;
      if (expired && expiryMode == ExpiryMode.HTTP_410) {
        send(ex, 410, status(410, "Expired", "too old resource version: " + from));
        return;
      }
      if (!expired) {
        for (Event e : history) {
          if (e.rv > from) {
            String line = w.render(e);
            if (line != null) {
              w.lines.add(line);
            }
          }
        }
        watchers.add(w);
      }
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      if (expired) {
        JsonObject ev = new JsonObject();
        ev.addProperty("type", "ERROR");
        ev.add(
            "object",
            GSON.fromJson(status(410, "Expired", "too old resource version"), JsonObject.class));
        out.write((GSON.toJson(ev) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
      while (!w.closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        String line;
        try {
          line = w.lines.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          break;
        }
        if (line == null || w.closed) {
          break;
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } finally {
      watchers.remove(w);
      out.close();
    }
  }

  private static String status(int code, String reason, String message) {
    JsonObject s = new JsonObject();
    s.addProperty("kind", "Status");
    s.addProperty("apiVersion", "v1");
    s.add("metadata", new JsonObject());
    s.addProperty("status", "Failure");
    s.addProperty("message", message);
    s.addProperty("reason", reason);
    s.addProperty("code", code);
    return GSON.toJson(s);
  }

  /** Answers {@code head}, then {@code n} letters x, then {@code tail}, streamed. */
  private static void endless(
      HttpExchange ex,
      int code,
      String head,
      long n,
      String tail,
      java.util.concurrent.atomic.AtomicLong written)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, 0);
    byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(head.getBytes(StandardCharsets.UTF_8));
      for (long left = n; left > 0; left -= chunk.length) {
        int k = (int) Math.min(left, chunk.length);
        out.write(chunk, 0, k);
        if (written != null) {
          written.addAndGet(k);
        }
      }
      out.write(tail.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      q.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }
}
