package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.ConfigException;
import io.promsd.web.WebLimits;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * An embeddable HTTP server on Jetty 12 (core, no servlets) that behaves like the Go servers of
 * Prometheus and the Pushgateway at the edges: Go listen addresses, exporter-toolkit's web config
 * (TLS, basic auth with bcrypt, extra headers), Go's {@code ServeMux} path cleaning ({@code 301} to
 * the clean path) in front of an httprouter-style {@link Router}, and Go's plain-text error
 * answers.
 *
 * <pre>{@code
 * Router router = new Router().get("/-/healthy", "healthy", (req, resp) -> resp.error(200, "OK"));
 * try (WebServer server =
 *     WebServer.builder().listen("127.0.0.1:0").router(router).start()) {
 *   URI base = server.uri(); // http://127.0.0.1:<bound port>
 * }
 * }</pre>
 *
 * <p>Threads are daemons named {@code promsd-web-*}. {@link #close()} stops accepting, lets
 * requests in flight finish until the shutdown deadline, then closes what is left; it is
 * idempotent. Thread-safe.
 */
public final class WebServer implements AutoCloseable {
  private final Server server;
  private final List<ServerConnector> connectors;
  private final List<InetSocketAddress> bound;
  private final boolean tls;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebServer(
      Server server, List<ServerConnector> connectors, List<InetSocketAddress> bound, boolean tls) {
    this.server = server;
    this.connectors = connectors;
    this.bound = bound;
    this.tls = tls;
  }

  /** A builder with no listen address, {@link WebLimits#DEFAULT} and no web config. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bound addresses, one per listen address, in order (port 0 resolved). */
  public List<InetSocketAddress> addresses() {
    return bound;
  }

  /** The bound port of the first listen address. */
  public int port() {
    return bound.get(0).getPort();
  }

  /**
   * The base URI of the first listen address, {@code http://host:port} or {@code https://...}; a
   * wildcard address is given as {@code 127.0.0.1}.
   */
  public URI uri() {
    InetSocketAddress a = bound.get(0);
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + a.getPort());
  }

  /** Whether the server is serving (started and not closed). */
  public boolean isRunning() {
    return server.isRunning() && !closed.get();
  }

  /**
   * Stops gracefully: no new connections, requests in flight finish until the builder's shutdown
   * deadline, then everything is closed. Idempotent; returns when stopped.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      // stop() already closed what it could; a failure here leaves nothing to retry
    } finally {
      connectors.forEach(ServerConnector::close);
    }
  }

  /** Configures and starts a {@link WebServer}. Not thread-safe. */
  public static final class Builder {
    private final List<ListenAddress> listen = new ArrayList<>();
    private Router router = new Router();
    private WebLimits limits = WebLimits.DEFAULT;
    private Path webConfigFile;
    private WebConfig webConfig = WebConfig.NONE;
    private RequestObserver observer = r -> {};
    private WebLog log = WebLog.slf4j();
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Adds a listen address in Go's form ({@code :9091}, {@code [::1]:0}); repeatable.
     *
     * @throws IllegalArgumentException with Go's text when it does not parse
     */
    public Builder listen(String address) {
      listen.add(ListenAddress.parse(address));
      return this;
    }

    /** Adds a listen address. */
    public Builder listen(ListenAddress address) {
      listen.add(requireNonNull(address, "address"));
      return this;
    }

    /** The routes (a snapshot is taken at {@link #start()}). */
    public Builder router(Router router) {
      this.router = requireNonNull(router, "router");
      return this;
    }

    /** The limits. */
    public Builder limits(WebLimits limits) {
      this.limits = requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The {@code --web.config.file}: checked at {@link #start()}, and re-read whenever it changes
     * afterwards (as exporter-toolkit reads it on every request): new users, hashes and headers
     * apply at once, and renewed certificate and key files at the next handshake. While the changed
     * file does not read, every request is answered {@code 500} and the reason logged.
     */
    public Builder webConfigFile(Path file) {
      this.webConfigFile = requireNonNull(file, "file");
      return this;
    }

    /** A fixed web config (for embedders that build one). */
    public Builder webConfig(WebConfig config) {
      this.webConfig = requireNonNull(config, "config");
      this.webConfigFile = null;
      return this;
    }

    /** Sees every finished request (request metrics). */
    public Builder observer(RequestObserver observer) {
      this.observer = requireNonNull(observer, "observer");
      return this;
    }

    /** Where the server logs (default: SLF4J). */
    public Builder log(WebLog log) {
      this.log = requireNonNull(log, "log");
      return this;
    }

    /** How long {@link WebServer#close()} lets requests in flight finish (default 30 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Reads the web config, binds every listen address and starts serving.
     *
     * @throws io.promsd.relabel.ConfigException when the web config file is rejected, with
     *     exporter-toolkit's text
     * @throws IOException when an address cannot be bound, with Go's text ({@code listen tcp
     *     127.0.0.1:9091: bind: address already in use})
     */
    public WebServer start() throws IOException {
      if (listen.isEmpty()) {
        throw new IllegalStateException("no listen address");
      }
      WebConfig config = webConfigFile != null ? WebConfig.load(webConfigFile) : webConfig;
      ConfigHolder holder = new ConfigHolder(config, webConfigFile, log);

      QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), 4, 60_000);
      pool.setName("promsd-web");
      pool.setDaemon(true);
      ScheduledExecutorScheduler scheduler =
          new ScheduledExecutorScheduler("promsd-web-scheduler", true);
      Server server = new Server(pool, scheduler, null);
      server.setStopTimeout(shutdownTimeout.toMillis());
      server.setStopAtShutdown(false);
      server.setErrorHandler(new GoErrorHandler());

      HttpConfiguration http = new HttpConfiguration();
      http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setSendDateHeader(true);
      http.setUriCompliance(UriCompliance.UNSAFE);
      // Header values as sent: Jetty's cache of common fields otherwise hands a handler its own
      // spelling of a value that differs only in case ("GZIP" read as "gzip"); Go never does.
      http.setHeaderCacheCaseSensitive(true);
      http.setIdleTimeout(limits.idleTimeout().toMillis());

      Optional<WebConfig.TlsServerConfig> tlsConfig = config.tls();
      List<ServerConnector> connectors = new ArrayList<>();
      for (ListenAddress a : listen) {
        ConnectionFactory[] factories;
        if (tlsConfig.isPresent()) {
          factories = tlsFactories(config, http);
        } else {
          factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        ServerConnector c = new ServerConnector(server, 1, 1, factories);
        c.setHost(a.host().isEmpty() ? null : a.host());
        c.setPort(a.port());
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        c.setReuseAddress(true);
        connectors.add(c);
        server.addConnector(c);
      }
      if (limits.maxConnections() > 0) {
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
      }
      GracefulHandler graceful = new GracefulHandler();
      graceful.setHandler(new RootHandler(router.snapshot(), holder, limits, observer, log));
      server.setHandler(graceful);

      for (int i = 0; i < connectors.size(); i++) {
        ServerConnector c = connectors.get(i);
        try {
          c.open();
        } catch (IOException e) {
          connectors.forEach(ServerConnector::close);
          throw new IOException(goListenError(listen.get(i), e), e);
        }
      }
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          // already failing
        }
        throw new IOException("cannot start the web server: " + e.getMessage(), e);
      }
      List<InetSocketAddress> bound = new ArrayList<>();
      for (int i = 0; i < connectors.size(); i++) {
        ServerConnector c = connectors.get(i);
        SocketAddress sa = c.getTransport() == null ? null : localAddress(c);
        InetSocketAddress isa =
            sa instanceof InetSocketAddress x
                ? x
                : new InetSocketAddress(listen.get(i).host(), c.getLocalPort());
        bound.add(isa);
        log.info("Listening on", "address", hostPort(isa));
        if (tlsConfig.isPresent()) {
          log.info("TLS is enabled.", "http2", config.http2(), "address", hostPort(isa));
        } else {
          log.info("TLS is disabled.", "http2", false, "address", hostPort(isa));
        }
      }
      return new WebServer(server, connectors, List.copyOf(bound), tlsConfig.isPresent());
    }

    private static SocketAddress localAddress(ServerConnector c) {
      try {
        return ((java.nio.channels.ServerSocketChannel) c.getTransport()).getLocalAddress();
      } catch (IOException | ClassCastException e) {
        return null;
      }
    }

    private static String hostPort(InetSocketAddress a) {
      String h = a.getAddress().getHostAddress();
      if (h.indexOf('%') >= 0) {
        h = h.substring(0, h.indexOf('%'));
      }
      if (a.getAddress().isAnyLocalAddress()) {
        h = "::";
      }
      return h.indexOf(':') >= 0 ? "[" + h + "]:" + a.getPort() : h + ":" + a.getPort();
    }

    private ConnectionFactory[] tlsFactories(WebConfig config, HttpConfiguration http) {
      HttpConfiguration https = new HttpConfiguration(http);
      https.addCustomizer(new SecureRequestCustomizer(false)); // Go checks no SNI against Host
      TlsMaterial material = config.material();
      WebConfig.TlsServerConfig t = material.config();
      SslContextFactory.Server ssl = new GoSslContextFactory(t.curvePreferences());
      ssl.setSslContext(material.sslContext());
      ssl.setIncludeProtocols(
          TlsNames.protocols(t.minVersion(), t.maxVersion()).toArray(String[]::new));
      ssl.setExcludeProtocols();
      ssl.setExcludeCipherSuites();
      // Go 1.17+ picks by its own preference order whatever the config's order says
      ssl.setIncludeCipherSuites(TlsNames.serverSuites(t.cipherSuites()).toArray(String[]::new));
      ssl.setUseCipherSuitesOrder(true);
      ssl.setNeedClientAuth(material.needClientAuth());
      ssl.setWantClientAuth(material.wantClientAuth());
      ssl.setEndpointIdentificationAlgorithm(null);
      ssl.setSniRequired(false);
      HttpConnectionFactory h1 = new HttpConnectionFactory(https);
      PlainToTlsConnectionFactory plain = new PlainToTlsConnectionFactory();
      if (config.http2()) {
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        // the detector hands TLS to tls, and plain text to the next protocol: plain
        return new ConnectionFactory[] {new DetectorConnectionFactory(tls), plain, alpn, h2, h1};
      }
      SslConnectionFactory tls = new SslConnectionFactory(ssl, h1.getProtocol());
      return new ConnectionFactory[] {new DetectorConnectionFactory(tls), plain, h1};
    }
  }

  /** Applies curve preferences where the JDK lets a server choose them (Java 20+). */
  private static final class GoSslContextFactory extends SslContextFactory.Server {
    private final String[] groups;

    GoSslContextFactory(List<String> curves) {
      this.groups = curves.stream().map(TlsNames::jsseGroup).toArray(String[]::new);
    }

    @Override
    public void customize(SSLEngine engine) {
      super.customize(engine);
      if (groups.length == 0) {
        return;
      }
      SSLParameters p = engine.getSSLParameters();
      try {
        SSLParameters.class.getMethod("setNamedGroups", String[].class).invoke(p, (Object) groups);
        engine.setSSLParameters(p);
      } catch (ReflectiveOperationException e) {
        // Java 17 has no per-server named groups: the JDK's jdk.tls.namedGroups apply
      }
    }
  }

  // Go: "listen tcp 127.0.0.1:9091: bind: address already in use"
  static String goListenError(ListenAddress a, IOException e) {
    String why;
    Throwable root = e;
    while (root.getCause() != null && !(root instanceof BindException)) {
      root = root.getCause();
    }
    if (root instanceof BindException) {
      String m = String.valueOf(root.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("in use")) {
        why = "bind: address already in use";
      } else if (m.contains("cannot assign") || m.contains("not available")) {
        why = "bind: cannot assign requested address";
      } else if (m.contains("permission")) {
        why = "bind: permission denied";
      } else {
        why = "bind: " + root.getMessage();
      }
    } else if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException
        || e instanceof java.net.UnknownHostException) {
      return "listen tcp: lookup " + a.host() + ": no such host";
    } else {
      why = String.valueOf(e.getMessage());
    }
    return "listen tcp " + a + ": " + why;
  }

  /** The web config in force, re-read when its file changes. */
  static final class ConfigHolder {
    private final Path file;
    private final WebLog log;
    private volatile WebConfig config;

    ConfigHolder(WebConfig config, Path file, WebLog log) {
      this.config = config;
      this.file = file;
      this.log = log;
    }

    /** The current config, or null when the changed file does not read (logged). */
    WebConfig current() {
      WebConfig c = config;
      if (file == null || !c.changedOnDisk()) {
        return c;
      }
      synchronized (this) {
        c = config;
        if (!c.changedOnDisk()) {
          return c;
        }
        try {
          c = WebConfig.load(file);
          config = c;
          return c;
        } catch (RuntimeException e) {
          log.error(
              "Unable to parse configuration",
              "err",
              e instanceof ConfigException ce ? ce.reason() : e.getMessage());
          return null;
        }
      }
    }
  }

  /** Go's plain-text answers for what Jetty rejects before any handler runs. */
  private static final class GoErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int code = response.getStatus();
      String body = code + " " + HttpStatus.getMessage(code);
      response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
      response.getHeaders().put("Connection", "close");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }

  /** Auth, Go's path cleaning, routing and observation for every request. */
  private static final class RootHandler extends Handler.Abstract {
    private final Router router;
    private final ConfigHolder config;
    private final WebLimits limits;
    private final RequestObserver observer;
    private final WebLog log;
    private final BasicAuth auth = new BasicAuth();

    RootHandler(
        Router router,
        ConfigHolder config,
        WebLimits limits,
        RequestObserver observer,
        WebLog log) {
      this.router = router;
      this.config = config;
      this.limits = limits;
      this.observer = observer;
      this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long start = System.nanoTime();
      Exchange ex = new Exchange(request, response, limits);
      String route = "";
      Callback done = null;
      try {
        route = serve(ex);
        ex.finish();
        done = callback;
      } catch (Throwable t) {
        if (!response.isCommitted()) {
          try {
            response.reset();
            if (t instanceof BodyTooLargeException b) {
              ex.error(413, b.getMessage());
            } else {
              log.error(
                  "request failed",
                  "method",
                  request.getMethod(),
                  "path",
                  request.getHttpURI().getPath(),
                  "err",
                  String.valueOf(t));
              ex.error(500, "Internal Server Error");
            }
            ex.finish();
            done = callback;
          } catch (Throwable t2) {
            callback.failed(t2);
          }
        } else {
          callback.failed(t);
        }
      }
      try {
        observer.observe(
            new ObservedRequest(
                request.getMethod(),
                route,
                response.getStatus(),
                System.nanoTime() - start,
                ex.approximateRequestSize(),
                ex.bytesWritten()));
      } catch (RuntimeException e) {
        log.error("request observer failed", "err", String.valueOf(e));
      }
      if (done != null) {
        done.succeeded();
      }
      return true;
    }

    private String serve(Exchange ex) throws IOException {
      // Go's server parses the request URI before any handler: a bad escape is its 400.
      String decoded = GoPaths.unescapePath(ex.rawPath());
      if (decoded == null) {
        ex.badRequest();
        return "";
      }
      WebConfig c = config.current();
      if (c == null) {
        ex.error(500, "Internal Server Error");
        return "";
      }
      for (Map.Entry<String, String> h : c.headers().entrySet()) {
        ex.header(h.getKey(), h.getValue());
      }
      if (c.requiresAuth()) {
        BasicAuth.Credentials cred = BasicAuth.parse(ex.request.getHeaders().get("Authorization"));
        if (cred == null || !auth.allows(c, cred)) {
          ex.header("WWW-Authenticate", "Basic");
          ex.error(401, "Unauthorized");
          return "";
        }
        ex.user = cred.user();
      }
      // Go's ServeMux: a path that is not clean is redirected to the clean one.
      String clean = GoPaths.cleanPath(decoded);
      if (!clean.equals(decoded) && !ex.method().equals("CONNECT")) {
        String q = ex.rawQuery();
        ex.path = clean;
        ex.redirect(301, GoPaths.escapePath(clean) + (q.isEmpty() ? "" : "?" + q));
        return "";
      }
      ex.path = decoded;
      return router.dispatch(ex);
    }
  }

  /** One request and its answer. Package-private: handlers see the two interfaces. */
  static final class Exchange implements WebRequest, WebResponse {
    private final Request request;
    private final Response response;
    private final WebLimits limits;
    private String path;
    private Map<String, String> params = Map.of();
    private Map<String, List<String>> query;
    private String user;
    private InputStream body;
    private CountingOutput out;
    private long written;

    Exchange(Request request, Response response, WebLimits limits) {
      this.request = request;
      this.response = response;
      this.limits = limits;
    }

    void params(Map<String, String> params) {
      this.params = params;
    }

    /** http.StripPrefix: the handler below sees the path without {@code prefix}. */
    void strip(String prefix) {
      path = path.substring(prefix.length());
    }

    /** Go's answer to a request it cannot parse (net/http server.go): no handler sees it. */
    void badRequest() throws IOException {
      byte[] b = "400 Bad Request".getBytes(StandardCharsets.UTF_8);
      status(400);
      header("Content-Type", "text/plain; charset=utf-8");
      header("Connection", "close");
      try (OutputStream o = output()) {
        o.write(b);
      }
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String rawPath() {
      String p = request.getHttpURI().getPath();
      return p == null ? "" : p;
    }

    @Override
    public String rawQuery() {
      String q = request.getHttpURI().getQuery();
      return q == null ? "" : q;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
      if (query == null) {
        query = GoPaths.parseQuery(rawQuery());
      }
      return query;
    }

    @Override
    public String pathParameter(String name) {
      return params.getOrDefault(name, "");
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public List<String> headers(String name) {
      return request.getHeaders().getValuesList(name);
    }

    @Override
    public List<Map.Entry<String, String>> headerFields() {
      List<Map.Entry<String, String>> out = new ArrayList<>();
      for (HttpField f : request.getHeaders()) {
        out.add(Map.entry(f.getName(), f.getValue()));
      }
      return out;
    }

    @Override
    public InputStream body() {
      if (body == null) {
        body =
            new LimitedInput(Content.Source.asInputStream(request), limits.maxRequestBodyBytes());
      }
      return body;
    }

    @Override
    public long contentLength() {
      return request.getLength();
    }

    @Override
    public InetSocketAddress remoteAddress() {
      SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
      return a instanceof InetSocketAddress i ? i : null;
    }

    @Override
    public boolean secure() {
      return request.isSecure();
    }

    @Override
    public Optional<String> user() {
      return Optional.ofNullable(user);
    }

    @Override
    public String protocol() {
      return request.getConnectionMetaData().getProtocol();
    }

    // client_golang promhttp computeApproximateRequestSize
    long approximateRequestSize() {
      long s = rawPath().length();
      if (!rawQuery().isEmpty()) {
        s += 1 + rawQuery().length();
      }
      s += method().length();
      s += protocol().length();
      String host = "";
      for (HttpField f : request.getHeaders()) {
        if (f.getName().equalsIgnoreCase("Host")) {
          host = f.getValue();
          continue;
        }
        s += f.getName().length() + f.getValue().length();
      }
      s += host.length();
      long cl = request.getLength();
      if (cl > 0) {
        s += cl;
      }
      return s;
    }

    long bytesWritten() {
      return out == null ? written : out.count;
    }

    @Override
    public void status(int code) {
      response.setStatus(code);
    }

    @Override
    public int status() {
      return response.getStatus();
    }

    @Override
    public void header(String name, String value) {
      response.getHeaders().put(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      response.getHeaders().add(name, value);
    }

    @Override
    public void removeHeader(String name) {
      response.getHeaders().remove(name);
    }

    @Override
    public OutputStream output() throws IOException {
      if (out == null) {
        out = new CountingOutput(Content.Sink.asOutputStream(response), this);
      }
      return out;
    }

    @Override
    public boolean committed() {
      return response.isCommitted();
    }

    @Override
    public void redirect(int code, String location) throws IOException {
      String loc = GoPaths.hexEscapeNonAscii(location);
      boolean hadType = response.getHeaders().get("Content-Type") != null;
      header("Location", loc);
      String m = method();
      if (!hadType && (m.equals("GET") || m.equals("HEAD"))) {
        header("Content-Type", "text/html; charset=utf-8");
      }
      status(code);
      if (!hadType && m.equals("GET")) {
        String body =
            "<a href=\""
                + GoPaths.htmlEscape(location)
                + "\">"
                + HttpStatus.getMessage(code)
                + "</a>.\n\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        header("Content-Length", Integer.toString(b.length));
        try (OutputStream o = output()) {
          o.write(b);
        }
      }
    }

    /** Completes the answer: flushes and closes the body if one was written. */
    void finish() throws IOException {
      if (body != null) {
        body.close();
      }
      if (out != null) {
        out.close();
      }
    }

    // Go's DetectContentType, enough for what servers write without a type: HTML or text.
    void sniff(byte[] b, int off, int len) {
      if (response.getHeaders().get("Content-Type") != null
          || response.getHeaders().get("Content-Encoding") != null) {
        return;
      }
      int i = off;
      int end = off + Math.min(len, 512);
      while (i < end
          && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f')) {
        i++;
      }
      String head =
          new String(b, i, end - i, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
      for (String tag :
          new String[] {
            "<!doctype html",
            "<html",
            "<head",
            "<script",
            "<iframe",
            "<h1",
            "<div",
            "<font",
            "<table",
            "<a",
            "<style",
            "<title",
            "<b",
            "<body",
            "<br",
            "<p",
            "<!--"
          }) {
        if (head.startsWith(tag)
            && head.length() > tag.length()
            && (head.charAt(tag.length()) == ' ' || head.charAt(tag.length()) == '>')) {
          header("Content-Type", "text/html; charset=utf-8");
          return;
        }
      }
      for (int k = off; k < end; k++) {
        int c = b[k] & 0xff;
        if (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F)) {
          header("Content-Type", "application/octet-stream");
          return;
        }
      }
      header("Content-Type", "text/plain; charset=utf-8");
    }
  }

  private static final class CountingOutput extends FilterOutputStream {
    private final Exchange ex;
    long count;
    private boolean closed;

    CountingOutput(OutputStream out, Exchange ex) {
      super(out);
      this.ex = ex;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      if (count == 0) {
        ex.sniff(b, off, len);
      }
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        super.close();
      }
    }
  }

  private static final class LimitedInput extends InputStream {
    private final InputStream in;
    private final long limit;
    private long read;

    LimitedInput(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
      int n = in.read(b, off, (int) Math.min((long) len, limit - read + 1));
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new BodyTooLargeException(limit);
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
