package io.promsd.sd.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * A fake Docker Engine API for tests, behaving as {@code testdata/docker/gen/fake_docker.py} (the
 * fake the cases were recorded against; rules in {@code testdata/docker/README.md}): {@code _ping}
 * with the daemon's headers, the five listings from a payload folder with the daemon's filters and
 * version check, per-endpoint overrides for faults. It listens on 127.0.0.1 (JDK {@code
 * HttpServer}) or on a unix socket (a small HTTP/1.1 server of its own, keep-alive and chunked
 * capable), and records every request.
 */
final class EngineFake implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)(/.*)$");
  private static final Map<String, String> FILES =
      Map.of(
          "containers/json", "containers.json",
          "networks", "networks.json",
          "services", "services.json",
          "tasks", "tasks.json",
          "nodes", "nodes.json");
  private static final List<String> RECORDED =
      List.of("Host", "User-Agent", "Accept-Encoding", "Authorization", "Content-Type");
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** A recorded request. */
  record Request(String method, String path, Map<String, String> headers) {}

  /** An override for one endpoint. */
  record Reply(
      int status,
      byte[] body,
      String contentType,
      Map<String, String> headers,
      long delayMillis,
      boolean chunked,
      boolean raw,
      boolean endless,
      long stallMillis) {
    Reply(
        int status,
        byte[] body,
        String contentType,
        Map<String, String> headers,
        long delayMillis,
        boolean chunked,
        boolean raw,
        boolean endless) {
      this(status, body, contentType, headers, delayMillis, chunked, raw, endless, 0);
    }

    /** The headers at once, then a pause of {@code millis} before the body. */
    Reply stalled(long millis) {
      return new Reply(
          status, body, contentType, headers, delayMillis, chunked, raw, endless, millis);
    }

    Reply(
        int status,
        byte[] body,
        String contentType,
        Map<String, String> headers,
        long delayMillis,
        boolean chunked,
        boolean raw) {
      this(status, body, contentType, headers, delayMillis, chunked, raw, false);
    }

    /** A 200 whose chunked JSON list never ends: {@code [{"Id":"x"},{"Id":"x"},...}. */
    static Reply endlessList() {
      return new Reply(200, new byte[0], "application/json", Map.of(), 0, true, false, true);
    }

    static Reply body(String body) {
      return new Reply(
          200,
          body.getBytes(StandardCharsets.UTF_8),
          "application/json",
          Map.of(),
          0,
          false,
          false);
    }

    static Reply status(int status, String body, String contentType) {
      return new Reply(
          status, body.getBytes(StandardCharsets.UTF_8), contentType, Map.of(), 0, false, false);
    }

    /** Bytes written to the socket as they are, then the connection closes (unix fake only). */
    static Reply raw(String bytes) {
      return new Reply(
          0, bytes.getBytes(StandardCharsets.ISO_8859_1), "", Map.of(), 0, false, true);
    }

    Reply delayed(long millis) {
      return new Reply(status, body, contentType, headers, millis, chunked, raw);
    }

    Reply chunkedBody() {
      return new Reply(status, body, contentType, headers, delayMillis, true, raw);
    }

    Reply withHeaders(Map<String, String> h) {
      return new Reply(status, body, contentType, h, delayMillis, chunked, raw);
    }
  }

  private record Answer(
      int status,
      String contentType,
      byte[] body,
      Map<String, String> headers,
      long delayMillis,
      boolean chunked,
      boolean raw,
      boolean endless,
      long stallMillis) {
    Answer(
        int status,
        String contentType,
        byte[] body,
        Map<String, String> headers,
        long delayMillis,
        boolean chunked,
        boolean raw) {
      this(status, contentType, body, headers, delayMillis, chunked, raw, false, 0);
    }
  }

  private static final byte[] ENDLESS_ITEM = "{\"Id\":\"x\"},".getBytes(StandardCharsets.US_ASCII);

  private volatile Path payloads;
  private volatile String apiVersion = "1.41";
  private volatile Integer headStatus;
  private volatile Integer getStatus;
  private volatile boolean omitApiVersion;
  private volatile String pingApiVersion;
  private volatile String base = "";
  private final Map<String, Reply> overrides = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private HttpServer http;
  private ServerSocketChannel unix;
  private Path socket;
  private ExecutorService pool;

  private EngineFake() {}

  /** A fake on 127.0.0.1 and a free port. */
  static EngineFake tcp() {
    EngineFake f = new EngineFake();
    try {
      f.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.pool = Executors.newCachedThreadPool(EngineFake::thread);
    f.http.setExecutor(f.pool);
    f.http.createContext("/", f::handleHttp);
    f.http.start();
    return f;
  }

  /** A fake on the unix socket {@code path} (which must not exist). */
  static EngineFake unix(Path path) {
    EngineFake f = new EngineFake();
    try {
      f.unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      f.unix.bind(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.socket = path;
    f.pool = Executors.newCachedThreadPool(EngineFake::thread);
    f.pool.execute(f::acceptLoop);
    return f;
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "engine-fake-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** {@code http://127.0.0.1:port} or {@code unix:///path}. */
  String host() {
    return http != null ? "http://127.0.0.1:" + port() : "unix://" + socket;
  }

  int port() {
    return http.getAddress().getPort();
  }

  Path socket() {
    return socket;
  }

  EngineFake serve(Path folder) {
    this.payloads = folder;
    return this;
  }

  EngineFake apiVersion(String v) {
    this.apiVersion = v;
    return this;
  }

  /** {@code _ping} settings: the statuses of HEAD and GET, the Api-Version sent (null: none). */
  EngineFake ping(Integer head, Integer get, boolean omitVersion, String version) {
    this.headStatus = head;
    this.getStatus = get;
    this.omitApiVersion = omitVersion;
    this.pingApiVersion = version;
    return this;
  }

  EngineFake base(String prefix) {
    this.base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return this;
  }

  EngineFake override(String endpoint, Reply o) {
    if (o == null) {
      overrides.remove(endpoint);
    } else {
      overrides.put(endpoint, o);
    }
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  // ---- the daemon's answers (fake_docker.py Fake.answer) ----

  private Answer answer(String method, String rawPath) {
    URI u = URI.create(rawPath);
    String path = u.getRawPath();
    if (!base.isEmpty()) {
      if (!path.startsWith(base + "/")) {
        return notFound();
      }
      path = path.substring(base.length());
    }
    String version = null;
    var m = VERSIONED.matcher(path);
    if (m.matches()) {
      version = m.group(1);
      path = m.group(2);
    }
    String endpoint = strip(path);
    Reply o = overrides.get(endpoint);
    if (o != null) {
      return new Answer(
          o.status(),
          o.contentType(),
          o.body(),
          o.headers(),
          o.delayMillis(),
          o.chunked(),
          o.raw(),
          o.endless(),
          o.stallMillis());
    }
    if (endpoint.equals("_ping")) {
      if (!method.equals("HEAD") && !method.equals("GET")) {
        return notFound();
      }
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Cache-Control", "no-cache, no-store, must-revalidate");
      h.put("Pragma", "no-cache");
      h.put("Docker-Experimental", "false");
      h.put("Ostype", "linux");
      h.put("Server", "Docker/20.10.24+dfsg1 (linux)");
      if (!omitApiVersion) {
        h.put("Api-Version", pingApiVersion != null ? pingApiVersion : apiVersion);
      }
      Integer status = method.equals("HEAD") ? headStatus : getStatus;
      int s = status == null ? 200 : status;
      byte[] body = s == 200 ? "OK".getBytes(StandardCharsets.UTF_8) : new byte[0];
      return new Answer(s, "text/plain; charset=utf-8", body, h, 0, false, false);
    }
    if (!method.equals("GET") || !FILES.containsKey(endpoint)) {
      return notFound();
    }
    if (version != null && apiVersion != null && compare(version, apiVersion) > 0) {
      return message(
          400,
          "client version "
              + version
              + " is too new. Maximum supported API version is "
              + apiVersion);
    }
    Path file = payloads == null ? null : payloads.resolve(FILES.get(endpoint));
    if (file == null || !Files.exists(file)) {
      return notFound();
    }
    try {
      JsonNode items = JSON.readTree(file.toFile());
      String query = u.getRawQuery();
      if (query != null) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          String k = eq < 0 ? kv : kv.substring(0, eq);
          if (!k.equals("filters")) {
            continue;
          }
          String v =
              java.net.URLDecoder.decode(
                  eq < 0 ? "" : kv.substring(eq + 1), StandardCharsets.UTF_8);
          Map<String, List<String>> filters;
          try {
            filters = parseFilters(v);
          } catch (IOException | RuntimeException e) {
            return message(400, "invalid filter");
          }
          Map<String, BiPredicate<JsonNode, List<String>>> rules = RULES.get(endpoint);
          for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            BiPredicate<JsonNode, List<String>> rule = rules.get(f.getKey());
            if (rule == null) {
              return message(400, "invalid filter '" + f.getKey() + "'");
            }
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode item : items) {
              if (rule.test(item, f.getValue())) {
                kept.add(item);
              }
            }
            items = kept;
          }
        }
      }
      byte[] body =
          (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(items) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      return new Answer(200, "application/json", body, Map.of(), 0, false, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String strip(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static Answer notFound() {
    return message(404, "page not found");
  }

  private static Answer message(int status, String text) {
    byte[] body =
        (JSON.createObjectNode().put("message", text).toString() + "\n")
            .getBytes(StandardCharsets.UTF_8);
    return new Answer(status, "application/json", body, Map.of(), 0, false, false);
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
    return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
  }

  /** The daemon reads both encodings: {"k":{"v":true}} and the legacy {"k":["v"]}. */
  static Map<String, List<String>> parseFilters(String raw) throws IOException {
    JsonNode doc = JSON.readTree(raw);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.properties()) {
      List<String> values = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> values.add(v.asText()));
      } else {
        for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
          if (v.getValue().asBoolean()) {
            values.add(v.getKey());
          }
        }
      }
      Collections.sort(values);
      out.put(e.getKey(), values);
    }
    return out;
  }

  // ---- filters (fake_docker.py FILTERS) ----

  private static final Map<String, Map<String, BiPredicate<JsonNode, List<String>>>> RULES =
      Map.of(
          "containers/json",
          Map.of(
              "id", (c, vs) -> vs.stream().anyMatch(v -> text(c, "Id").startsWith(v)),
              "name",
                  (c, vs) ->
                      vs.stream()
                          .anyMatch(
                              v ->
                                  names(c).stream()
                                      .anyMatch(n -> Pattern.compile(v).matcher(n).find())),
              "label", (c, vs) -> labelsMatch(c.path("Labels"), vs),
              "status", (c, vs) -> vs.contains(text(c, "State")),
              "network",
                  (c, vs) -> {
                    JsonNode nets = c.path("NetworkSettings").path("Networks");
                    List<String> ids = new ArrayList<>();
                    nets.fieldNames().forEachRemaining(ids::add);
                    nets.forEach(n -> ids.add(text(n, "NetworkID")));
                    return ids.stream().anyMatch(vs::contains);
                  }),
          "networks",
          Map.of(),
          "services",
          Map.of(
              "id", (s, vs) -> vs.stream().anyMatch(v -> text(s, "ID").startsWith(v)),
              "name",
                  (s, vs) -> vs.stream().anyMatch(v -> text(s.path("Spec"), "Name").startsWith(v)),
              "label", (s, vs) -> labelsMatch(s.path("Spec").path("Labels"), vs),
              "mode", (s, vs) -> vs.contains(serviceMode(s))),
          "tasks",
          Map.of(
              "id", (t, vs) -> vs.stream().anyMatch(v -> text(t, "ID").startsWith(v)),
              "service", (t, vs) -> vs.contains(text(t, "ServiceID")),
              "node", (t, vs) -> vs.contains(text(t, "NodeID")),
              "desired-state", (t, vs) -> vs.contains(text(t, "DesiredState")),
              "label", (t, vs) -> labelsMatch(t.path("Labels"), vs)),
          "nodes",
          Map.of(
              "id", (n, vs) -> vs.stream().anyMatch(v -> text(n, "ID").startsWith(v)),
              "role", (n, vs) -> vs.contains(text(n.path("Spec"), "Role")),
              "name",
                  (n, vs) ->
                      vs.stream()
                          .anyMatch(v -> text(n.path("Description"), "Hostname").startsWith(v)),
              "node.label", (n, vs) -> labelsMatch(n.path("Spec").path("Labels"), vs),
              "membership", (n, vs) -> vs.contains(text(n.path("Spec"), "Membership"))));

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static List<String> names(JsonNode c) {
    List<String> out = new ArrayList<>();
    c.path("Names").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static boolean labelsMatch(JsonNode labels, List<String> wanted) {
    for (String w : wanted) {
      int eq = w.indexOf('=');
      String key = eq < 0 ? w : w.substring(0, eq);
      if (!labels.has(key) || (eq >= 0 && !labels.get(key).asText().equals(w.substring(eq + 1)))) {
        return false;
      }
    }
    return true;
  }

  private static String serviceMode(JsonNode s) {
    JsonNode mode = s.path("Spec").path("Mode");
    return mode.has("Global") ? "global" : mode.has("Replicated") ? "replicated" : "";
  }

  // ---- TCP ----

  private void handleHttp(HttpExchange x) throws IOException {
    try (x) {
      String rawPath = x.getRequestURI().toString();
      Map<String, String> h = new LinkedHashMap<>();
      for (String name : RECORDED) {
        String v = x.getRequestHeaders().getFirst(name);
        if (v != null) {
          h.put(name, v);
        }
      }
      String method = x.getRequestMethod();
      requests.add(new Request(method, rawPath, h));
      Answer a = answer(method, rawPath);
      delay(a.delayMillis());
      x.getResponseHeaders().set("Content-Type", a.contentType());
      a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
      if (method.equals("HEAD")) {
        x.sendResponseHeaders(a.status(), -1);
        return;
      }
      x.sendResponseHeaders(
          a.status(), a.chunked() ? 0 : (a.body().length == 0 ? -1 : a.body().length));
      try (OutputStream out = x.getResponseBody()) {
        if (a.stallMillis() > 0) {
          out.flush();
          delay(a.stallMillis());
        }
        if (a.endless()) {
          out.write('[');
          while (true) {
            out.write(ENDLESS_ITEM); // until the client goes away
          }
        }
        out.write(a.body());
      }
    }
  }

  private static void delay(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis); // a slow daemon, simulated
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- unix socket: a minimal HTTP/1.1 server ----

  private void acceptLoop() {
    while (unix.isOpen()) {
      try {
        SocketChannel ch = unix.accept();
        pool.execute(() -> serveConnection(ch));
      } catch (IOException e) {
        return; // closed
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serveConnection(SocketChannel ch) {
    try (ch) {
      InputStream in = Channels.newInputStream(ch);
      OutputStream out = Channels.newOutputStream(ch);
      while (true) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> all = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
          int colon = l.indexOf(':');
          all.put(
              l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : RECORDED) {
          String v = all.get(name.toLowerCase(Locale.ROOT));
          if (v != null) {
            h.put(name, v);
          }
        }
        String method = parts[0];
        requests.add(new Request(method, parts[1], h));
        Answer a = answer(method, parts[1]);
        delay(a.delayMillis());
        if (a.raw()) {
          out.write(a.body());
          out.flush();
          return;
        }
        if (a.endless()) {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[ENDLESS_ITEM.length * 100];
          for (int i = 0; i < 100; i++) {
            System.arraycopy(ENDLESS_ITEM, 0, chunk, i * ENDLESS_ITEM.length, ENDLESS_ITEM.length);
          }
          byte[] size =
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          while (true) {
            out.write(size);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        }
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ")
            .append(a.status())
            .append(' ')
            .append(reason(a.status()))
            .append("\r\n");
        head.append("Content-Type: ").append(a.contentType()).append("\r\n");
        a.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (a.chunked() && !method.equals("HEAD")) {
          head.append("Transfer-Encoding: chunked\r\n\r\n");
          byte[] b = a.body();
          for (int i = 0; i < b.length; i += 1000) {
            int n = Math.min(1000, b.length - i);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(b, i, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
          head.append("Content-Length: ")
              .append(method.equals("HEAD") ? 0 : a.body().length)
              .append("\r\n\r\n");
          if (!method.equals("HEAD")) {
            body.writeBytes(a.body());
          }
        }
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (a.stallMillis() > 0) {
          out.flush();
          delay(a.stallMillis());
        }
        out.write(body.toByteArray());
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String reason(int status) {
    String r = JdkTransport.reasonPhrase(status);
    return r.isEmpty() ? "Status" : r;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) c);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.stop(0);
    }
    if (unix != null) {
      try {
        unix.close();
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        // best effort
      }
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
