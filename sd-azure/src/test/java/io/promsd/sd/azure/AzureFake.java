package io.promsd.sd.azure;

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
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake Azure of {@code testdata/azure/gen/fake_azure.py}, in Java, on 127.0.0.1: Azure AD v1
 * and v2 token endpoints, managed identity, and the Resource Manager lists and network interfaces
 * of one world (format in {@code testdata/azure/README.md}), with injected faults, token lifetimes
 * and a record of every request. Behaves as the Python fake; keep them in step.
 */
final class AzureFake implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RECORDED =
      List.of("user-agent", "content-type", "metadata", "secret", "x-identity-header", "accept");
  private static final Pattern LIST =
      Pattern.compile(
          "^/subscriptions/([^/]+)(?:/resourceGroups/([^/]+))?/providers/"
              + "Microsoft\\.Compute/(virtualMachines|virtualMachineScaleSets)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SSVM =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
              + "Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)/virtualMachines$",
          Pattern.CASE_INSENSITIVE);

  /** One recorded request. */
  record Request(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      Map<String, String> form) {}

  /** An injected fault (see the README). */
  static final class Fault {
    final String kind;
    final Integer page;
    final String id;
    final int status;
    final String code;
    final String message;
    final String body;
    final Map<String, String> headers;
    final long delayMillis;
    final AtomicInteger times;

    Fault(
        String kind,
        Integer page,
        String id,
        int status,
        String code,
        String message,
        String body,
        Map<String, String> headers,
        long delayMillis,
        Integer times) {
      this.kind = kind;
      this.page = page;
      this.id = id;
      this.status = status;
      this.code = code;
      this.message = message;
      this.body = body;
      this.headers = headers;
      this.delayMillis = delayMillis;
      this.times = times == null ? null : new AtomicInteger(times);
    }

    static Fault of(JsonNode f) {
      Map<String, String> h = new LinkedHashMap<>();
      f.path("headers").properties().forEach(e -> h.put(e.getKey(), e.getValue().asText()));
      return new Fault(
          f.path("kind").asText(),
          f.has("page") ? f.get("page").asInt() : null,
          f.has("id") ? f.get("id").asText() : null,
          f.path("status").asInt(500),
          f.path("code").asText("InternalServerError"),
          f.path("message").asText("injected fault"),
          f.has("body") ? f.get("body").asText() : null,
          h,
          (long) (f.path("delay").asDouble(0) * 1000),
          f.has("times") ? f.get("times").asInt() : null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile JsonNode world = JSON.createObjectNode();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile long tokenTtlSeconds = 3599;
  private volatile boolean recordBodies = true;

  private AzureFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "promsd-test-azure-fake");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static AzureFake start() {
    try {
      return new AzureFake();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  AzureFake world(JsonNode w) {
    this.world = w;
    return this;
  }

  AzureFake world(Path file) {
    try {
      return world(JSON.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AzureFake fault(Fault f) {
    faults.add(f);
    return this;
  }

  AzureFake faults(JsonNode list) {
    if (list != null) {
      list.forEach(f -> faults.add(Fault.of(f)));
    }
    return this;
  }

  void clearFaults() {
    faults.clear();
  }

  AzureFake tokenTtl(long seconds) {
    tokenTtlSeconds = seconds;
    return this;
  }

  /** Expires every token issued so far (Azure AD revoking them). */
  void expireTokens() {
    tokens.replaceAll((k, v) -> 0L);
  }

  /** Stops keeping request records (for the scale benchmark). */
  void recordRequests(boolean on) {
    recordBodies = on;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  int tokensIssued() {
    return issued.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- handling ----

  private Fault faultFor(String kind, Integer page, String ident) {
    for (Fault f : faults) {
      if (!f.kind.equals(kind)) {
        continue;
      }
      if (f.page != null && !f.page.equals(page)) {
        continue;
      }
      if (f.id != null
          && (ident == null
              || !ident.toLowerCase(Locale.ROOT).contains(f.id.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      if (f.times != null && f.times.getAndUpdate(t -> Math.max(0, t - 1)) <= 0) {
        continue;
      }
      return f;
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      String body = new String(raw, StandardCharsets.UTF_8);
      Map<String, String> form = body.isEmpty() ? null : parseQuery(body);
      URI u = ex.getRequestURI();
      String path = URLDecoder.decode(u.getRawPath(), StandardCharsets.UTF_8);
      String query = u.getRawQuery() == null ? "" : u.getRawQuery();
      if (recordBodies) {
        Map<String, String> h = new TreeMap<>();
        for (String name : RECORDED) {
          String v = ex.getRequestHeaders().getFirst(name);
          if (v != null) {
            h.put(name, v);
          }
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
          h.put("authorization", auth);
        }
        requests.add(new Request(ex.getRequestMethod(), path, query, h, form));
      }
      Map<String, String> q = parseQuery(query);
      if (path.startsWith("/aad/") || path.startsWith("/msi/")) {
        token(ex, path, q, form);
      } else if (path.startsWith("/arm/")) {
        arm(ex, path.substring("/arm".length()), q);
      } else {
        json(ex, 404, error("NotFound", "no such endpoint"), Map.of());
      }
    }
  }

  private void token(HttpExchange ex, String path, Map<String, String> q, Map<String, String> form)
      throws IOException {
    Fault f = faultFor("token", null, null);
    if (f != null) {
      apply(ex, f);
      return;
    }
    if (path.startsWith("/aad/") && !ex.getRequestMethod().equals("POST")) {
      json(ex, 405, "{\"error\":\"invalid_request\"}", Map.of());
      return;
    }
    String tok = "fake-token-" + issued.incrementAndGet();
    long now = System.currentTimeMillis() / 1000;
    long ttl = tokenTtlSeconds;
    tokens.put(tok, now + ttl);
    String resource =
        form != null && form.containsKey("resource")
            ? form.get("resource")
            : q.getOrDefault("resource", "");
    ObjectNode o = JSON.createObjectNode();
    o.put("token_type", "Bearer");
    o.put("expires_in", Long.toString(ttl));
    o.put("ext_expires_in", Long.toString(ttl));
    o.put("expires_on", Long.toString(now + ttl));
    o.put("not_before", Long.toString(now));
    o.put("resource", resource);
    o.put("access_token", tok);
    json(ex, 200, o.toString(), Map.of());
  }

  private boolean tokenOk(String auth) {
    if (auth == null || !auth.startsWith("Bearer ")) {
      return false;
    }
    Long exp = tokens.get(auth.substring("Bearer ".length()));
    return exp != null && exp > System.currentTimeMillis() / 1000;
  }

  private void arm(HttpExchange ex, String path, Map<String, String> q) throws IOException {
    if (!tokenOk(ex.getRequestHeaders().getFirst("Authorization"))) {
      json(
          ex,
          401,
          error("InvalidAuthenticationToken", "The access token is invalid or has expired."),
          Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
      return;
    }
    int page = Integer.parseInt(q.getOrDefault("$skiptoken", "0"));
    Matcher m = SSVM.matcher(path);
    if (m.matches()) {
      String key = (m.group(2) + "/" + m.group(3)).toLowerCase(Locale.ROOT);
      JsonNode pages = null;
      for (Map.Entry<String, JsonNode> e : world.path("scale_set_vms").properties()) {
        if (e.getKey().toLowerCase(Locale.ROOT).equals(key)) {
          pages = e.getValue();
        }
      }
      list(ex, "scale_set_vms", path, q, page, pages == null ? emptyPages() : pages);
      return;
    }
    m = LIST.matcher(path);
    if (m.matches()) {
      String what = m.group(3).equalsIgnoreCase("virtualMachines") ? "vms" : "scale_sets";
      JsonNode pages = world.has(what) ? world.get(what) : emptyPages();
      if (m.group(2) != null) {
        String rg = m.group(2).toLowerCase(Locale.ROOT);
        ArrayNode filtered = JSON.createArrayNode();
        for (JsonNode p : pages) {
          ArrayNode fp = filtered.addArray();
          for (JsonNode item : p) {
            if (rgOf(item.path("id").asText()).equals(rg)) {
              fp.add(item);
            }
          }
        }
        pages = filtered;
      }
      list(ex, what, path, q, page, pages);
      return;
    }
    if (path.toLowerCase(Locale.ROOT).contains("/networkinterfaces/")) {
      Fault f = faultFor("nic", null, path);
      if (f != null) {
        apply(ex, f);
        return;
      }
      JsonNode nic = null;
      for (Map.Entry<String, JsonNode> e : world.path("nics").properties()) {
        if (e.getKey().equalsIgnoreCase(path)) {
          nic = e.getValue();
        }
      }
      if (nic == null) {
        json(ex, 404, error("NotFound", "Resource " + path + " not found."), Map.of());
        return;
      }
      String expand = q.getOrDefault("$expand", "").toLowerCase(Locale.ROOT);
      if (!expand.contains("publicipaddress") && !world.path("always_expand").asBoolean(false)) {
        nic = stripPublicIp(nic);
      }
      json(ex, 200, nic.toString(), Map.of());
      return;
    }
    json(ex, 404, error("InvalidResourceType", "no such resource type"), Map.of());
  }

  private void list(
      HttpExchange ex, String kind, String path, Map<String, String> q, int page, JsonNode pages)
      throws IOException {
    Fault f = faultFor(kind, page + 1, null);
    if (f != null) {
      apply(ex, f);
      return;
    }
    if (page >= pages.size()) {
      json(ex, 400, error("InvalidSkipToken", "bad $skiptoken"), Map.of());
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("value", pages.get(page));
    if (page + 1 < pages.size()) {
      out.put(
          "nextLink",
          base()
              + "/arm"
              + ArmClient.pathEscape(path).replace("%2F", "/")
              + "?api-version="
              + q.getOrDefault("api-version", "")
              + "&%24skiptoken="
              + (page + 1));
    }
    json(ex, 200, out.toString(), Map.of());
  }

  private static JsonNode emptyPages() {
    ArrayNode a = JSON.createArrayNode();
    a.addArray();
    return a;
  }

  private void apply(HttpExchange ex, Fault f) throws IOException {
    if (f.delayMillis > 0) {
      try {
        Thread.sleep(f.delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    String body = f.body != null ? f.body : error(f.code, f.message);
    json(ex, f.status, body, f.headers);
  }

  private static String rgOf(String id) {
    String[] parts = id.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equalsIgnoreCase("resourceGroups")) {
        return parts[i + 1].toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static JsonNode stripPublicIp(JsonNode nic) {
    JsonNode copy = nic.deepCopy();
    for (JsonNode cfg : copy.path("properties").path("ipConfigurations")) {
      JsonNode props = cfg.get("properties");
      if (props instanceof ObjectNode po
          && po.get("publicIPAddress") instanceof ObjectNode pip
          && pip.has("properties")) {
        ObjectNode only = JSON.createObjectNode();
        if (pip.has("id")) {
          only.set("id", pip.get("id"));
        }
        po.set("publicIPAddress", only);
      }
    }
    return copy;
  }

  static String error(String code, String message) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode e = o.putObject("error");
    e.put("code", code);
    e.put("message", message);
    return o.toString();
  }

  private static void json(HttpExchange ex, int status, String body, Map<String, String> headers)
      throws IOException {
    byte[] data = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, data.length == 0 ? -1 : data.length);
    if (data.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(data);
      }
    }
  }

  static Map<String, String> parseQuery(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The request list as comparable text: sorted, tokens and ports normalised. */
  static List<String> summary(List<Request> requests, int port) {
    List<String> out = new ArrayList<>();
    for (Request r : requests) {
      Map<String, String> h = new TreeMap<>(r.headers());
      h.computeIfPresent(
          "authorization", (k, v) -> v.replaceAll("fake-token-\\d+", "fake-token-N"));
      h.computeIfPresent(
          "user-agent", (k, v) -> v.replace("Prometheus/2.42.0+ds", "Prometheus/2.42.0"));
      String line =
          r.method()
              + " "
              + r.path()
              + " ?"
              + r.query()
              + " "
              + h
              + (r.form() == null ? "" : " form=" + new TreeMap<>(r.form()));
      out.add(
          line.replace("127.0.0.1:" + port, "127.0.0.1:PORT")
              .replace("127.0.0.1%3A" + port, "127.0.0.1%3APORT"));
    }
    out.sort(null);
    return out;
  }
}
