package io.promsd.sd.consul;

import io.promsd.sd.httpclient.RequestHeaders;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@link Transport} over java.net.http, with the client and request headers of the config's {@code
 * <http_config>} (prometheus/common's round trippers: authorization, basic auth, OAuth2, {@code
 * http_headers}, read per request). HTTP/1.1 for {@code http}, as Go never speaks h2c; HTTP/2 over
 * TLS when {@code enable_http2} is on, as Go negotiates it with ALPN.
 */
final class HttpTransport implements Transport {
  // prometheus/common dials with a 30 s timeout.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final String scheme;
  private final String address;
  private final List<Map.Entry<String, String>> headers;
  private final RequestHeaders requestHeaders;
  private final Duration timeout;
  private final HttpClient.Version version;
  private final ExecutorService executor;
  private final Consumer<String> secretSink;
  private final HttpClient client;

  /**
   * @param headers fixed headers ({@code X-Consul-Token})
   * @param requestHeaders the http_config's per-request headers
   * @param secretSink told every credential sent, so errors can be scrubbed of it
   */
  HttpTransport(
      String scheme,
      String address,
      List<Map.Entry<String, String>> headers,
      RequestHeaders requestHeaders,
      HttpClient.Builder builder,
      boolean enableHttp2,
      Duration timeout,
      ExecutorService executor,
      Consumer<String> secretSink) {
    this.scheme = scheme;
    this.address = address;
    this.headers = List.copyOf(headers);
    this.requestHeaders = requestHeaders;
    this.timeout = timeout;
    this.version =
        scheme.equals("https") && enableHttp2
            ? HttpClient.Version.HTTP_2
            : HttpClient.Version.HTTP_1_1;
    this.executor = executor;
    this.secretSink = secretSink;
    this.client = builder.connectTimeout(CONNECT_TIMEOUT).executor(executor).build();
  }

  @Override
  public String url(String pathAndQuery) {
    return scheme + "://" + address + pathAndQuery;
  }

  @Override
  public CompletableFuture<Response> get(String pathAndQuery) {
    CompletableFuture<Response> out = new CompletableFuture<>();
    AtomicReference<CompletableFuture<?>> sent = new AtomicReference<>();
    try {
      // Off the caller's thread: headers may read files or fetch an OAuth2 token.
      executor.execute(() -> send(pathAndQuery, out, sent));
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(e);
      return out;
    }
    // The request timeout covers the headers only; Go's client timeout covers the body too.
    out.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    out.whenComplete(
        (r, e) -> {
          CompletableFuture<?> f = sent.get();
          if (e != null && f != null) {
            f.cancel(true); // abort the exchange when we time out or are cancelled
          }
        });
    return out;
  }

  private void send(
      String pathAndQuery,
      CompletableFuture<Response> out,
      AtomicReference<CompletableFuture<?>> sent) {
    if (out.isDone()) {
      return;
    }
    HttpRequest request;
    try {
      request = request(pathAndQuery);
    } catch (IOException | RuntimeException e) {
      out.completeExceptionally(e);
      return;
    }
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(
            request,
            info -> new io.promsd.sd.internal.httpclient.BoundedBody(Transport.MAX_BODY_BYTES));
    sent.set(f);
    f.whenComplete(
        (r, e) -> {
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(
                new Response(
                    r.statusCode(),
                    ConsulApiWire.parseIndex(r.headers().firstValue("X-Consul-Index").orElse(null)),
                    r.body()));
          }
        });
    if (out.isDone()) {
      f.cancel(true);
    }
  }

  private HttpRequest request(String pathAndQuery) throws IOException {
    if (address.indexOf('/') >= 0 || !pathAndQuery.startsWith("/")) {
      // Go takes the whole server string for the host and fails to dial it.
      throw new IllegalArgumentException("invalid server address \"" + address + "\"");
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("unsupported protocol scheme \"" + scheme + "\"");
    }
    URI uri = URI.create(url(pathAndQuery));
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(timeout).version(version);
    requestHeaders.applyTo(rb);
    for (Map.Entry<String, String> h : headers) {
      rb.setHeader(h.getKey(), h.getValue());
    }
    HttpRequest request = rb.build();
    Optional<String> auth = request.headers().firstValue("Authorization");
    if (auth.isPresent()) {
      String a = auth.get();
      secretSink.accept(a);
      int space = a.indexOf(' ');
      if (space > 0) {
        secretSink.accept(a.substring(space + 1));
      }
    }
    return request;
  }

  /** Closes the client where the JDK can (21+: {@code shutdownNow}); on 17 it goes with GC. */
  @Override
  public void close() {
    try {
      Method m = HttpClient.class.getMethod("shutdownNow");
      m.invoke(client);
    } catch (NoSuchMethodException e) {
      // JDK 17: no way to close; idle connections go with the client.
    } catch (ReflectiveOperationException | RuntimeException e) {
      // best effort
    }
  }
}
