package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake OpenStack of {@code testdata/openstack/gen/fake_openstack.py}, in Java, on 127.0.0.1:
 * Keystone version discovery, v3 and v2.0 tokens with the world's catalog, Nova's floating IPs,
 * servers (paged through {@code servers_links}) and hypervisors, and, for 3.x, Neutron's ports and
 * floating IPs and Octavia's load balancers and listeners (paged through their {@code *_links}).
 * Injected faults and a record of every request. Behaves as the Python fake; keep them in step.
 */
final class OpenStackFake implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RECORDED = List.of("user-agent", "accept", "content-type");

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile JsonNode world = JSON.createObjectNode();
  private final List<JsonNode> faults = new CopyOnWriteArrayList<>();
  private final Map<JsonNode, AtomicInteger> faultTimes = new ConcurrentHashMap<>();
  private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile long tokenTtlMillis = 3_600_000;

  private OpenStackFake(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static OpenStackFake start() throws IOException {
    return start(null);
  }

  /** Starts the fake over HTTPS with a PEM certificate and PKCS#8 key (the recorder's). */
  static OpenStackFake startTls(Path certPem, Path keyPem) throws Exception {
    java.security.cert.Certificate cert;
    try (InputStream in = Files.newInputStream(certPem)) {
      cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String key = Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    java.security.PrivateKey pk =
        java.security.KeyFactory.getInstance("RSA")
            .generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(
                    java.util.Base64.getDecoder().decode(key)));
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", pk, new char[0], new java.security.cert.Certificate[] {cert});
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, new char[0]);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return start(ctx);
  }

  /** Starts the fake over HTTPS with {@code tls} (over HTTP when null). */
  static OpenStackFake start(javax.net.ssl.SSLContext tls) throws IOException {
    HttpServer s;
    if (tls == null) {
      s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      com.sun.net.httpserver.HttpsServer h =
          com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      h.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      s = h;
    }
    ExecutorService ex =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "openstack-fake");
              t.setDaemon(true);
              return t;
            });
    s.setExecutor(ex);
    OpenStackFake f = new OpenStackFake(s, ex);
    s.createContext("/", f::handle);
    s.start();
    return f;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String base() {
    return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + port();
  }

  void world(Path file) {
    try {
      world(JSON.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void world(JsonNode w) {
    this.world = w;
  }

  void faults(JsonNode list) {
    faults.clear();
    faultTimes.clear();
    if (list != null) {
      list.forEach(faults::add);
    }
  }

  /** Tokens expire this long after they are issued. */
  void tokenTtl(long millis) {
    tokenTtlMillis = millis;
  }

  /** Revokes every token issued so far: compute calls with them get 401. */
  void expireTokens() {
    tokens.clear();
  }

  List<ObjectNode> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private JsonNode fill(JsonNode v) {
    try {
      return JSON.readTree(
          JSON.writeValueAsString(v)
              .replace("http://127.0.0.1:PORT", base())
              .replace("127.0.0.1:PORT", "127.0.0.1:" + port()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode fault(String kind, Integer page) {
    for (JsonNode f : faults) {
      if (!f.path("kind").asText().equals(kind)) {
        continue;
      }
      if (f.has("page") && (page == null || f.get("page").asInt() != page)) {
        continue;
      }
      if (f.has("times")) {
        AtomicInteger left =
            faultTimes.computeIfAbsent(f, k -> new AtomicInteger(k.get("times").asInt()));
        if (left.getAndDecrement() <= 0) {
          continue;
        }
      }
      return f;
    }
    return null;
  }

  private boolean replyFault(HttpExchange ex, String kind, Integer page) throws IOException {
    JsonNode f = fault(kind, page);
    if (f == null) {
      return false;
    }
    if (f.has("delay")) {
      try {
        Thread.sleep((long) (f.get("delay").asDouble() * 1000)); // the fault is being slow
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    int status = f.path("status").asInt(500);
    byte[] body;
    if (f.has("body")) {
      body =
          f.get("body")
              .asText()
              .replace("127.0.0.1:PORT", "127.0.0.1:" + port())
              .getBytes(StandardCharsets.UTF_8);
    } else {
      ObjectNode e = JSON.createObjectNode();
      e.putObject("error").put("code", status).put("message", f.path("message").asText("boom"));
      body = JSON.writeValueAsBytes(e);
    }
    f.path("headers")
        .properties()
        .forEach(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
    reply(ex, status, body);
    return true;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      record(ex, body);
      String path = ex.getRequestURI().getRawPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      Map<String, String> q = query(rawQuery);
      String method = ex.getRequestMethod();
      JsonNode w = world;
      if ((path.equals("/identity") || path.equals("/identity/")) && method.equals("GET")) {
        if (replyFault(ex, "discovery", null)) {
          return;
        }
        JsonNode versions = w.get("versions");
        if (versions == null) {
          versions =
              JSON.readTree(
                  "[{\"id\":\"v3.14\",\"status\":\"stable\",\"links\":[{\"rel\":\"self\","
                      + "\"href\":\"http://127.0.0.1:PORT/identity/v3/\"}]}]");
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.putObject("versions").set("values", fill(versions));
        reply(ex, 300, JSON.writeValueAsBytes(doc));
        return;
      }
      if (path.equals("/identity/v3/auth/tokens") && method.equals("POST")) {
        if (replyFault(ex, "token", null)) {
          return;
        }
        if (!authOk(body)) {
          unauthorized(ex);
          return;
        }
        String tok = newToken();
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode t = doc.putObject("token");
        t.putArray("methods").add("password");
        t.put("expires_at", "2099-01-01T00:00:00.000000Z");
        t.set(
            "catalog",
            fill(w.path("catalog").isMissingNode() ? JSON.createArrayNode() : w.get("catalog")));
        ex.getResponseHeaders().add("X-Subject-Token", tok);
        reply(ex, 201, JSON.writeValueAsBytes(doc));
        return;
      }
      if (path.equals("/identity/v2.0/tokens") && method.equals("POST")) {
        if (replyFault(ex, "token", null)) {
          return;
        }
        String tok = newToken();
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode a = doc.putObject("access");
        a.putObject("token").put("id", tok).put("expires", "2099-01-01T00:00:00Z");
        a.set(
            "serviceCatalog",
            fill(
                w.path("catalog_v2").isMissingNode()
                    ? JSON.createArrayNode()
                    : w.get("catalog_v2")));
        reply(ex, 200, JSON.writeValueAsBytes(doc));
        return;
      }
      String[] services = {"/compute/v2.1/", "/network/v2.0/", "/load-balancer/v2.0/"};
      String rest = null;
      for (String s : services) {
        if (path.startsWith(s)) {
          rest = s + path.substring(s.length());
        }
      }
      if (rest == null) {
        notFound(ex);
        return;
      }
      Long exp =
          tokens.get(
              ex.getRequestHeaders().getFirst("X-Auth-Token") == null
                  ? ""
                  : ex.getRequestHeaders().getFirst("X-Auth-Token"));
      if (exp == null || exp < System.currentTimeMillis()) {
        unauthorized(ex);
        return;
      }
      switch (rest) {
        case "/compute/v2.1/os-floating-ips" -> single(ex, "floating_ips", "floating_ips", w);
        case "/compute/v2.1/os-hypervisors/detail" ->
            paged(ex, "hypervisors", "hypervisors", q, rawQuery, path, false);
        case "/compute/v2.1/servers/detail" ->
            paged(ex, "servers", "servers", q, rawQuery, path, true);
        case "/network/v2.0/ports" -> paged(ex, "ports", "ports", q, rawQuery, path, false);
        case "/network/v2.0/floatingips" ->
            paged(ex, "neutron_floating_ips", "floatingips", q, rawQuery, path, false);
        case "/load-balancer/v2.0/lbaas/loadbalancers" ->
            paged(ex, "loadbalancers", "loadbalancers", q, rawQuery, path, false);
        case "/load-balancer/v2.0/lbaas/listeners" ->
            paged(ex, "listeners", "listeners", q, rawQuery, path, false);
        default -> notFound(ex);
      }
    }
  }

  private void single(HttpExchange ex, String kind, String key, JsonNode w) throws IOException {
    if (replyFault(ex, kind, null)) {
      return;
    }
    ObjectNode doc = JSON.createObjectNode();
    JsonNode items = w.get(key);
    doc.set(key, items == null ? JSON.createArrayNode() : items);
    reply(ex, 200, JSON.writeValueAsBytes(doc));
  }

  /**
   * A list as pages: the world holds either one list (one page) or a list of pages; page N+1 is
   * linked from page N's {@code <key>_links}. Servers are filtered by project unless all_tenants.
   */
  private void paged(
      HttpExchange ex,
      String kind,
      String key,
      Map<String, String> q,
      String rawQuery,
      String path,
      boolean servers)
      throws IOException {
    int page = Integer.parseInt(q.getOrDefault("page", "1"));
    if (replyFault(ex, kind, page)) {
      return;
    }
    JsonNode stored = world.get(kind);
    List<JsonNode> pages = new ArrayList<>();
    if (stored != null && stored.isArray() && stored.size() > 0 && stored.get(0).isArray()) {
      stored.forEach(pages::add);
    } else {
      pages.add(stored == null ? JSON.createArrayNode() : stored);
    }
    ArrayNode items = JSON.createArrayNode();
    if (page <= pages.size()) {
      String project = world.path("project_id").asText("");
      String allTenants = q.getOrDefault("all_tenants", "").toLowerCase(java.util.Locale.ROOT);
      boolean all = allTenants.equals("true") || allTenants.equals("1");
      for (JsonNode s : pages.get(page - 1)) {
        if (servers
            && !project.isEmpty()
            && !all
            && !project.equals(s.path("tenant_id").asText())) {
          continue;
        }
        items.add(s);
      }
    }
    ObjectNode doc = JSON.createObjectNode();
    doc.set(key, items);
    if (page < pages.size()) {
      StringBuilder next = new StringBuilder(base() + path + "?");
      for (Map.Entry<String, String> e : q.entrySet()) {
        if (!e.getKey().equals("page")) {
          next.append(enc(e.getKey())).append('=').append(enc(e.getValue())).append('&');
        }
      }
      next.append("page=").append(page + 1);
      doc.putArray(key + "_links").addObject().put("rel", "next").put("href", next.toString());
    }
    reply(ex, 200, JSON.writeValueAsBytes(doc));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private boolean authOk(byte[] body) {
    JsonNode want = world.get("secrets");
    if (want == null || want.isEmpty()) {
      return true;
    }
    JsonNode ident;
    try {
      ident = JSON.readTree(body).path("auth").path("identity");
    } catch (IOException e) {
      return false;
    }
    for (JsonNode m : ident.path("methods")) {
      JsonNode got = ident.path(m.asText());
      String secret =
          m.asText().equals("password")
              ? got.path("user").path("password").asText(null)
              : got.path("secret").asText(null);
      boolean found = false;
      for (JsonNode w : want) {
        found |= w.asText().equals(secret);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private String newToken() {
    String tok = "fake-token-" + issued.incrementAndGet();
    tokens.put(tok, System.currentTimeMillis() + tokenTtlMillis);
    return tok;
  }

  private static void unauthorized(HttpExchange ex) throws IOException {
    reply(
        ex,
        401,
        ("{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you"
                + " have made requires authentication.\"}}")
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void notFound(HttpExchange ex) throws IOException {
    reply(
        ex,
        404,
        "{\"itemNotFound\": {\"code\": 404, \"message\": \"not found\"}}"
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void record(HttpExchange ex, byte[] body) {
    ObjectNode r = JSON.createObjectNode();
    r.put("method", ex.getRequestMethod());
    r.put("path", ex.getRequestURI().getRawPath());
    String q = ex.getRequestURI().getRawQuery();
    r.put("query", q == null ? "" : q);
    for (String h : RECORDED) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        r.put(h, v);
      }
    }
    String tok = ex.getRequestHeaders().getFirst("X-Auth-Token");
    if (tok != null) {
      r.put(
          "x-auth-token",
          tokens.containsKey(tok) || tok.startsWith("fake-token-") ? "issued" : tok);
    }
    if (body.length > 0) {
      try {
        r.set("body", JSON.readTree(body));
      } catch (IOException e) {
        r.put("body", new String(body, StandardCharsets.UTF_8));
      }
    }
    requests.add(r);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }
}
