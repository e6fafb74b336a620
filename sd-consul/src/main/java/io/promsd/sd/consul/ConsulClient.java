package io.promsd.sd.consul;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The three Consul calls Prometheus makes, shaped exactly as the hashicorp client (api v1.33)
 * shapes them for Prometheus's settings: {@code GET /v1/agent/self}, {@code GET
 * /v1/catalog/services} and {@code GET /v1/health/service/<name>}, with the same parameters,
 * encoding and headers, and the same error texts.
 *
 * <p>What {@code api.NewClient} does with the server string is mirrored in {@link #create}: an
 * {@code http://} or {@code https://} prefix (https wins over {@code scheme}) whose path becomes
 * the path prefix, {@code unix://} sockets, and the environment variables it falls back to ({@code
 * CONSUL_HTTP_TOKEN}, {@code CONSUL_NAMESPACE}, {@code CONSUL_PARTITION}, and {@code
 * CONSUL_HTTP_SSL} when {@code scheme} is empty).
 *
 * <p>Thread-safe. Owns its transport and the threads behind it; {@link #close} releases them.
 */
final class ConsulClient implements AutoCloseable {
  /** A decoded response and its {@code X-Consul-Index}. */
  record Indexed<T>(T value, long index) {}

  private final ConsulSdConfig config;
  private final Timing timing;
  private final Transport transport;
  private final ExecutorService executor;
  private final String pathPrefix;
  private final String datacenter;
  private final String namespace;
  private final String partition;
  private final Set<String> secrets;

  private ConsulClient(
      ConsulSdConfig config,
      Timing timing,
      Transport transport,
      ExecutorService executor,
      String pathPrefix,
      String namespace,
      String partition,
      Set<String> secrets) {
    this.config = config;
    this.timing = timing;
    this.transport = transport;
    this.executor = executor;
    this.pathPrefix = pathPrefix;
    this.datacenter = config.datacenter();
    this.namespace = namespace;
    this.partition = partition;
    this.secrets = secrets;
  }

  /**
   * Builds the client (and its HTTP client) as {@code api.NewClient} would for this config.
   *
   * @param env the environment ({@code System::getenv} in production)
   * @throws ConsulException {@code Unknown protocol scheme: <s>} for a server like {@code ftp://x},
   *     or when the HTTP client can't be built (an unreadable CA file, say)
   */
  static ConsulClient create(ConsulSdConfig config, Timing timing, Function<String, String> env) {
    String scheme = config.scheme();
    if (scheme.isEmpty()) {
      scheme = goParseBool(env.apply("CONSUL_HTTP_SSL")) ? "https" : "http";
    }
    String address = config.server();
    String pathPrefix = config.pathPrefix();
    Path unixSocket = null;
    int sep = address.indexOf("://");
    if (sep >= 0) {
      String proto = address.substring(0, sep);
      String rest = address.substring(sep + 3);
      switch (proto) {
        case "http" -> {} // never reverts a configured https
        case "https" -> scheme = "https";
        case "unix" -> unixSocket = Path.of(rest);
        default -> throw new ConsulException("Unknown protocol scheme: " + proto);
      }
      address = rest;
      if (unixSocket == null) {
        int slash = rest.indexOf('/');
        if (slash >= 0) {
          address = rest.substring(0, slash);
          pathPrefix = "/" + rest.substring(slash + 1); // overrides path_prefix
        }
      }
    }
    String token = config.token().reveal();
    if (token.isEmpty()) {
      token = nullToEmpty(env.apply("CONSUL_HTTP_TOKEN"));
    }
    String namespace = config.namespace();
    if (namespace.isEmpty()) {
      namespace = nullToEmpty(env.apply("CONSUL_NAMESPACE"));
    }
    String partition = config.partition();
    if (partition.isEmpty()) {
      partition = nullToEmpty(env.apply("CONSUL_PARTITION"));
    }

    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Set<String> secrets = ConcurrentHashMap.newKeySet();
    if (!token.isEmpty()) {
      headers.add(Map.entry("X-Consul-Token", token));
      secrets.add(token);
    }
    ExecutorService executor;
    Transport transport;
    if (unixSocket != null) {
      executor = Executors.newCachedThreadPool(new DaemonThreadFactory("unix"));
      transport =
          new UnixSocketTransport(unixSocket, scheme, headers, timing.requestTimeout(), executor);
    } else {
      HttpClientConfig http = config.httpClientConfig();
      if (http.basicAuth() != null) {
        secrets.add(http.basicAuth().password().reveal());
      }
      if (http.authorization() != null) {
        secrets.add(http.authorization().credentials().reveal());
      }
      if (http.oauth2() != null) {
        secrets.add(http.oauth2().clientSecret().reveal());
      }
      HttpClient.Builder builder;
      RequestHeaders requestHeaders;
      try {
        builder = http.newHttpClientBuilder();
        requestHeaders = http.newRequestHeaders();
      } catch (IOException e) {
        // prometheus/common NewClientFromConfig fails, and so does NewDiscovery.
        throw new ConsulException(e.getMessage(), e);
      }
      // The client's callbacks decode JSON and schedule work; building a request may read a
      // credential file or fetch an OAuth2 token. A small fixed pool will do.
      int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              new DaemonThreadFactory("http"));
      pool.allowCoreThreadTimeOut(true);
      executor = pool;
      transport =
          new HttpTransport(
              scheme,
              address,
              headers,
              requestHeaders,
              builder,
              http.enableHttp2(),
              timing.requestTimeout(),
              executor,
              secrets::add);
    }
    return new ConsulClient(
        config, timing, transport, executor, pathPrefix, namespace, partition, secrets);
  }

  // ---- request shapes ----

  /** {@code /v1/agent/self} with the client-wide parameters ({@code dc}, {@code ns}, …). */
  String selfPath() {
    return uri("/v1/agent/self", base());
  }

  /** The catalog's blocking query at {@code index} (0: not blocking). */
  String catalogPath(long index) {
    Map<String, List<String>> p = base();
    queryOptions(p, index, config.filter());
    return uri("/v1/catalog/services", p);
  }

  /** A service's blocking health query at {@code index}; every configured tag is sent. */
  String healthPath(String service, long index) {
    Map<String, List<String>> p = base();
    queryOptions(p, index, config.healthFilter());
    if (!config.tags().isEmpty()) {
      p.computeIfAbsent("tag", k -> new ArrayList<>()).addAll(config.tags());
    }
    // passing is never sent: every instance comes back, whatever its health.
    return uri("/v1/health/service/" + service, p);
  }

  private Map<String, List<String>> base() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    if (!datacenter.isEmpty()) {
      p.put("dc", new ArrayList<>(List.of(datacenter)));
    }
    if (!namespace.isEmpty()) {
      p.put("ns", new ArrayList<>(List.of(namespace)));
    }
    if (!partition.isEmpty()) {
      p.put("partition", new ArrayList<>(List.of(partition)));
    }
    return p;
  }

  // request.setQueryOptions for the options Prometheus sets.
  private void queryOptions(Map<String, List<String>> p, long index, String filter) {
    if (config.allowStale()) {
      p.put("stale", new ArrayList<>(List.of("")));
    }
    if (index != 0) {
      p.put("index", new ArrayList<>(List.of(Long.toUnsignedString(index))));
    }
    if (!timing.watchTimeout().isZero()) {
      p.put("wait", new ArrayList<>(List.of(ConsulApiWire.durToMsec(timing.watchTimeout()))));
    }
    if (!filter.isEmpty()) {
      p.put("filter", new ArrayList<>(List.of(filter)));
    }
    if (!config.nodeMeta().isEmpty()) {
      List<String> pairs = new ArrayList<>();
      config.nodeMeta().forEach((k, v) -> pairs.add(k + ":" + v));
      p.put("node-meta", pairs);
    }
  }

  private String uri(String path, Map<String, List<String>> params) {
    String escaped = GoUrl.pathEscape(pathPrefix + path);
    String query = GoUrl.encode(params);
    return query.isEmpty() ? escaped : escaped + "?" + query;
  }

  // ---- calls ----

  /** The agent's datacenter ({@code Config.Datacenter} of {@code /v1/agent/self}). */
  CompletableFuture<String> datacenter() {
    return call(selfPath(), ConsulJson::datacenter).thenApply(Indexed::value);
  }

  /** The catalog: service names and their tags. */
  CompletableFuture<Indexed<Map<String, List<String>>>> services(long index) {
    return call(catalogPath(index), ConsulJson::catalog);
  }

  /** One service's instances, whatever their health. */
  CompletableFuture<Indexed<List<ServiceEntry>>> health(String service, long index) {
    return call(healthPath(service, index), ConsulJson::health);
  }

  private <T> CompletableFuture<Indexed<T>> call(String pathAndQuery, Function<byte[], T> decode) {
    CompletableFuture<Transport.Response> sent = transport.get(pathAndQuery);
    CompletableFuture<Indexed<T>> out =
        sent.handle(
            (r, e) -> {
              if (e != null) {
                throw new CompletionException(transportError(pathAndQuery, e));
              }
              if (r.status() != 200) {
                // api.StatusError; the body is trimmed of surrounding white space
                throw new CompletionException(
                    new ConsulException(
                        redact(
                            "Unexpected response code: "
                                + r.status()
                                + " ("
                                + GoText.trimSpace(
                                    new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                                + ")")));
              }
              try {
                return new Indexed<>(decode.apply(r.body()), r.index());
              } catch (ConsulException ce) {
                throw new CompletionException(new ConsulException(redact(ce.getMessage())));
              }
            });
    out.whenComplete(
        (r, e) -> {
          if (out.isCancelled()) {
            sent.cancel(true);
          }
        });
    return out;
  }

  private ConsulException transportError(String pathAndQuery, Throwable e) {
    Throwable cause = unwrap(e);
    String what;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "dial tcp: i/o timeout";
    } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      what = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
    } else if (cause instanceof ConnectException) {
      what = "dial tcp: connect: connection refused";
    } else if (cause instanceof EOFException
        || (cause instanceof IOException
            && cause.getMessage() != null
            && cause.getMessage().contains("no bytes"))) {
      what = "EOF";
    } else if (cause.getMessage() != null) {
      what = cause.getMessage();
    } else {
      what = cause.getClass().getSimpleName();
    }
    return new ConsulException(
        redact("Get \"" + transport.url(pathAndQuery) + "\": " + what), null);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Never lets a credential through, even if a server echoes it back. */
  String redact(String message) {
    String m = message;
    for (String s : secrets) {
      if (s.length() >= 3) { // shorter ones would mangle messages and hide nothing
        m = m.replace(s, "<secret>");
      }
    }
    return m;
  }

  /** Go's {@code strconv.ParseBool}; anything unparsable counts as false (the client warns). */
  private static boolean goParseBool(String s) {
    if (s == null) {
      return false;
    }
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      default -> false;
    };
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() {
    transport.close();
    executor.shutdownNow();
  }
}
