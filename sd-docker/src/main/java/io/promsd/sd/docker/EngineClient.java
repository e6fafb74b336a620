package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.ProxyConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Docker client as Prometheus uses it: the Engine API version negotiation, the request paths,
 * headers and redirects, and the error texts, of {@code github.com/docker/docker/client} v20.10.23
 * (vendored by Prometheus 2.42) or {@code github.com/moby/moby/client} v0.5.1 (3.x main).
 *
 * <p>Negotiation happens before the first request: {@code HEAD /_ping}, or {@code GET /_ping} when
 * HEAD is refused, and the lower of the client's and the daemon's {@code Api-Version} is used. 2.42
 * ({@code NegotiateAPIVersion}, {@code client.go}) negotiates once and for all: a failed ping or a
 * daemon without the header pins the client to API 1.24, at which it also stops sending
 * Prometheus's {@code User-Agent} ({@code addHeaders}, {@code request.go}). 3.x ({@code Ping},
 * {@code ping.go}) negotiates only on a successful ping, so it retries on the next request, uses
 * 1.55 when the header is missing, and refuses daemons below API 1.40.
 *
 * <p>Not thread-safe: one discoverer thread uses it.
 */
final class EngineClient implements AutoCloseable {
  /** The bound on a response body; a listing of 2,000 containers is about 6 MB. */
  static final int MAX_BODY = 128 << 20;

  /** The User-Agent of Prometheus's HTTP client for http(s) hosts, per compat. */
  static final String USER_AGENT_2 = "Prometheus/2.42.0";

  static final String USER_AGENT_3 = "Prometheus/3.14.0";

  /** Go's default User-Agent, which 2.42 sends over unix sockets and plain TCP. */
  static final String GO_USER_AGENT = "Go-http-client/1.1";

  /** The moby client's own User-Agent (client.go {@code userAgent}), 3.x's default. */
  static final String MOBY_USER_AGENT = "moby-client/v0.5.1 linux/" + goArch();

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Opens a client; no I/O but reading the TLS files of the HTTP client config. */
  @FunctionalInterface
  interface Factory {
    EngineClient open(EngineHost host, HttpClientConfig http, Compat compat, Duration timeout)
        throws IOException;
  }

  /** The body of a successful response. */
  record Body(byte[] bytes, int length) {}

  /** A failed request, with the Docker client's message. */
  static final class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    EngineException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final EngineHost host;
  private final Transport transport;
  private final Compat compat;
  private final Duration timeout;
  private String version;
  private boolean negotiated;

  EngineClient(EngineHost host, Transport transport, Compat compat, Duration timeout) {
    this.host = host;
    this.transport = transport;
    this.compat = compat;
    this.timeout = timeout;
    this.version = v3() ? "1.55" : "1.41";
  }

  /** The client Prometheus builds for this host: its own transport, or its HTTP client. */
  static Factory factory() {
    return factory(MAX_BODY);
  }

  static Factory factory(int maxBody) {
    return (host, http, compat, timeout) -> {
      if (host.isUnix()) {
        return new EngineClient(
            host, new UnixSocketTransport(Path.of(host.addr()), maxBody), compat, timeout);
      }
      ExecutorService pool =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "promsd-docker-http-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        Transport t;
        if (host.usesHttpConfig()) {
          t =
              new JdkTransport(
                  host,
                  http.newHttpClientBuilder(),
                  http.newRequestHeaders(),
                  http.enableHttp2(),
                  maxBody,
                  pool);
        } else {
          // The Docker client's own transport: no settings, the environment's proxy.
          HttpClientConfig plain =
              new HttpClientConfig(
                  null,
                  null,
                  null,
                  io.promsd.sd.httpclient.Secret.empty(),
                  "",
                  io.promsd.sd.httpclient.HttpClientConfig.TlsConfig.EMPTY,
                  false,
                  false,
                  new ProxyConfig(null, "", true, null),
                  null,
                  Compat.PROMETHEUS_3);
          t = new JdkTransport(host, plain.newHttpClientBuilder(), null, false, maxBody, pool);
        }
        return new EngineClient(host, t, compat, timeout);
      } catch (IOException | RuntimeException e) {
        pool.shutdownNow();
        throw e;
      }
    };
  }

  private boolean v3() {
    return compat == Compat.PROMETHEUS_3;
  }

  /** The API version the next request will use before negotiating (filters encode with it). */
  String version() {
    return version;
  }

  /**
   * GETs {@code path} ({@code /containers/json}) with {@code query} (already encoded, may be
   * empty), negotiating the API version first if still needed.
   *
   * @throws EngineException with the Docker client's message
   */
  Body get(String path, String query) throws EngineException, InterruptedException {
    if (!negotiated) {
      negotiate();
    }
    String target = pathJoin(host.basePath(), "/v" + trimV(version), path);
    if (!query.isEmpty()) {
      target += "?" + query;
    }
    Transport.Response r = send("GET", target);
    if (r.code() < 200 || r.code() >= 400) {
      throw new EngineException(responseError(r, target), null);
    }
    return new Body(r.body(), r.length());
  }

  private void negotiate() throws InterruptedException {
    String pingPath = pathJoin(host.basePath(), "/_ping");
    if (!v3()) {
      // NegotiateAPIVersion: Ping's errors are ignored, and the outcome is final.
      String v = "";
      boolean tryGet = true;
      try {
        Transport.Response head = exchange("HEAD", pingPath);
        if (head.code() == 200 || head.code() == 500) {
          v = head.header("Api-Version");
          tryGet = false;
        }
      } catch (Transport.Failure f) {
        tryGet = !connectionFailed2(f);
      }
      if (tryGet) {
        try {
          v = exchange("GET", pingPath).header("Api-Version");
        } catch (Transport.Failure f) {
          v = "";
        }
      }
      if (v.isEmpty()) {
        v = "1.24";
      }
      if (lessThan(v, version)) {
        version = v;
      }
      negotiated = true;
      return;
    }
    // 3.x Ping(NegotiateAPIVersion): only a successful ping negotiates.
    Transport.Response ping = null;
    try {
      Transport.Response head = exchange("HEAD", pingPath);
      if (head.code() == 200) {
        ping = head;
      }
    } catch (Transport.Failure f) {
      // fall back to GET
    }
    if (ping == null) {
      try {
        ping = exchange("GET", pingPath);
      } catch (Transport.Failure f) {
        return;
      }
      if (ping.code() < 200 || ping.code() >= 400) {
        return;
      }
    }
    String v = ping.header("Api-Version");
    if (v.isEmpty()) {
      version = "1.55";
      negotiated = true;
      return;
    }
    String parsed = parseApiVersion(v);
    if (parsed == null || lessThan(parsed, "1.40")) {
      return;
    }
    if (lessThan(parsed, version)) {
      version = parsed;
    }
    negotiated = true;
  }

  /** The moby client's parseAPIVersion: {@code [v]major.minor}, normalized; null if invalid. */
  private static String parseApiVersion(String v) {
    String t = GoText.trimSpace(v);
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    int dot = t.indexOf('.');
    if (dot <= 0 || dot == t.length() - 1) {
      return null;
    }
    try {
      int major = Integer.parseInt(t.substring(0, dot));
      int minor = Integer.parseInt(t.substring(dot + 1));
      if (major < 0 || minor < 0) {
        return null;
      }
      return major + "." + minor;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One request, following redirects where Go's client does; failures as Go reports them. */
  private Transport.Response send(String method, String target)
      throws EngineException, InterruptedException {
    try {
      return exchange(method, target);
    } catch (Transport.Failure f) {
      throw new EngineException(requestError(f, target), f);
    }
  }

  /**
   * Sends {@code method target}; for http(s) hosts follows redirects as Go's default client does
   * (Prometheus hands the Docker client an {@code http.Client} without a redirect policy, so even
   * {@code follow_redirects: false} follows up to 10); the Docker client's own transport follows
   * none ({@code CheckRedirect}).
   */
  private Transport.Response exchange(String method, String target)
      throws Transport.Failure, InterruptedException {
    String current = target;
    if (host.addr().isEmpty()) {
      // net/http refuses a request whose URL has no host before dialing.
      throw new Transport.Failure(Transport.Kind.OTHER, "http: no Host in request URL", null);
    }
    for (int sent = 1; ; sent++) {
      long deadline = System.nanoTime() + timeout.toNanos();
      Transport.Response r = transport.send(method, current, headers(), deadline);
      if (!host.usesHttpConfig() || !isRedirect(r.code())) {
        return r;
      }
      String location = r.header("Location");
      if (location.isEmpty()) {
        return r;
      }
      String next = resolve(current, location);
      Transport.Failure f = null;
      if (next == null) {
        f =
            new Transport.Failure(
                Transport.Kind.OTHER, "redirect to another host is not followed by promsd", null);
      } else if (sent >= 10) {
        // net/http defaultCheckRedirect; the error names the raw Location (client.go do).
        f = new Transport.Failure(Transport.Kind.OTHER, "stopped after 10 redirects", null);
      }
      if (f != null) {
        f.url = location;
        throw f;
      }
      current = next;
    }
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  /** A Location resolved against the current target; only this host's paths are followed. */
  private String resolve(String current, String location) {
    try {
      URI base = URI.create(host.scheme() + "://h" + current);
      URI u = base.resolve(location.replace(" ", "%20"));
      if (u.getRawAuthority() != null
          && !u.getRawAuthority().equals("h")
          && !u.getRawAuthority().equals(host.addr())) {
        return null;
      }
      String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private List<String[]> headers() {
    List<String[]> h = new ArrayList<>(2);
    if (host.isUnix()) {
      h.add(new String[] {"Host", v3() ? "api.moby.localhost" : "docker"});
    }
    String ua;
    if (!host.usesHttpConfig()) {
      ua = v3() ? MOBY_USER_AGENT : GO_USER_AGENT;
    } else if (v3()) {
      ua = USER_AGENT_3;
    } else {
      // 2.42 addHeaders: custom headers are skipped for User-Agent below API 1.25.
      ua = lessThan(version, "1.25") ? GO_USER_AGENT : USER_AGENT_2;
    }
    h.add(new String[] {"User-Agent", ua});
    return h;
  }

  // ---- Go's messages ----

  /** {@code doRequest}'s wording of a transport failure. */
  private String requestError(Transport.Failure f, String target) {
    String url = f.url != null ? f.url : host.url(target);
    if (f.kind == Transport.Kind.BODY_TIMEOUT) {
      // net/http cancelTimerBody.Read; the JSON decoder hands it on as it is.
      return "context deadline exceeded (Client.Timeout or context cancellation while reading body)";
    }
    String dial = f.getMessage();
    if (host.isUnix()
        && (f.kind == Transport.Kind.REFUSED
            || f.kind == Transport.Kind.NO_SOCKET
            || f.kind == Transport.Kind.PERMISSION)) {
      dial = "dial unix " + host.addr() + ": " + f.getMessage();
    } else if (f.kind == Transport.Kind.REFUSED) {
      dial = "dial tcp " + host.addr() + ": " + f.getMessage();
    }
    String getUrl = "Get " + GoText.quote(url) + ": ";
    String get = getUrl + dial;
    String cannot =
        "Cannot connect to the Docker daemon at " + host.raw() + ". Is the docker daemon running?";
    if (f.kind == Transport.Kind.MALFORMED
        && !host.scheme().equals("https")
        && dial.contains("malformed HTTP response")) {
      return get + ".\n* Are you trying to connect to a TLS-enabled daemon without TLS?";
    }
    if (f.kind == Transport.Kind.TOO_LARGE) {
      return "error during connect: " + get;
    }
    if (!v3()) {
      if (f.kind == Transport.Kind.PERMISSION) {
        return "Got permission denied while trying to connect to the Docker daemon socket at "
            + host.raw()
            + ": "
            + get;
      }
      if (f.kind == Transport.Kind.TIMEOUT
          || f.kind == Transport.Kind.REFUSED
          || (host.isUnix() && f.kind == Transport.Kind.NO_SOCKET)) {
        return cannot;
      }
      return "error during connect: " + get;
    }
    switch (f.kind) {
      case PERMISSION:
        return "permission denied while trying to connect to the docker API at " + host.raw();
      case NO_SOCKET:
        return "failed to connect to the docker API at "
            + host.raw()
            + "; check if the path is correct and if the daemon is running: "
            + dial;
      case DNS:
        return "failed to connect to the docker API at " + host.raw() + ": " + f.getMessage();
      case TIMEOUT:
        // net/http's timeoutError is context.DeadlineExceeded to errors.Is (Go 1.23 on), and
        // doRequest returns such errors unchanged.
        return getUrl
            + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
      case REFUSED:
        return cannot;
      default:
        return "error during connect: " + get;
    }
  }

  /** {@code checkResponseErr}'s wording of a status >= 400. */
  private String responseError(Transport.Response r, String target) {
    String url = host.url(target);
    String status = v3() ? r.status() : JdkTransport.reasonPhrase(r.code());
    int bodyMax = 1 << 20;
    if (r.length() >= bodyMax) {
      return "request returned "
          + status
          + " with a message (> "
          + bodyMax
          + " bytes) for API route and version "
          + url
          + ", check if the server supports the requested API version";
    }
    if (r.length() == 0) {
      return "request returned "
          + status
          + " for API route and version "
          + url
          + ", check if the server supports the requested API version";
    }
    String message;
    boolean json =
        r.header("Content-Type").equals("application/json")
            && (v3() || version.isEmpty() || greaterThan(version, "1.23"));
    if (json) {
      String m;
      try {
        m = errorMessage(r.body(), r.length());
      } catch (GoJsonDecoder.JsonException e) {
        return (v3() ? "error reading JSON: " : "Error reading JSON: ") + e.getMessage();
      }
      if (v3() && m.isEmpty()) {
        message =
            "API returned a "
                + r.code()
                + " ("
                + JdkTransport.reasonPhrase(r.code())
                + ") but provided no error-message";
      } else {
        message = GoText.trimSpace(m);
      }
    } else {
      message = GoText.trimSpace(GoJsonDecoder.bytesToString(r.body(), r.length()));
    }
    return "Error response from daemon: " + message;
  }

  private static final GoType ERROR_RESPONSE_2 =
      GoType.struct(
          "types.ErrorResponse",
          "ErrorResponse",
          List.of(GoType.field("message", GoType.STRING, 0)));
  private static final GoType ERROR_RESPONSE_3 =
      GoType.struct(
          "common.ErrorResponse",
          "ErrorResponse",
          List.of(GoType.field("message", GoType.STRING, 0)));

  /** {@code json.Unmarshal(body, &ErrorResponse)} and its {@code message}. */
  private String errorMessage(byte[] body, int length) throws GoJsonDecoder.JsonException {
    Object[] o =
        (Object[])
            GoJsonDecoder.unmarshal(body, length, v3() ? ERROR_RESPONSE_3 : ERROR_RESPONSE_2);
    return EngineTypes.str(o, 0);
  }

  private boolean connectionFailed2(Transport.Failure f) {
    return f.kind == Transport.Kind.TIMEOUT
        || f.kind == Transport.Kind.REFUSED
        || (host.isUnix() && (f.kind == Transport.Kind.NO_SOCKET));
  }

  // ---- helpers ----

  /** Go's {@code path.Join} of absolute parts: one slash between, cleaned. */
  static String pathJoin(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (!p.isEmpty()) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(p);
      }
    }
    return clean(sb.toString());
  }

  /** Go's {@code path.Clean}. */
  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add(seg);
        }
        continue;
      }
      out.add(seg);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  private static String trimV(String v) {
    return v.startsWith("v") ? v.substring(1) : v;
  }

  /** The Docker client's {@code versions.LessThan}: dotted integers, missing parts as 0. */
  static boolean lessThan(String a, String b) {
    return compareVersions(a, b) < 0;
  }

  static boolean greaterThan(String a, String b) {
    return compareVersions(a, b) > 0;
  }

  private static int compareVersions(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? atoi(x[i]) : 0;
      long q = i < y.length ? atoi(y[i]) : 0;
      if (p != q) {
        return p > q ? 1 : -1;
      }
    }
    return 0;
  }

  /** {@code strconv.Atoi} with its error ignored: 0 for anything not a plain integer. */
  private static long atoi(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String goArch() {
    String a = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> a;
    };
  }

  @Override
  public void close() {
    transport.close();
  }
}
