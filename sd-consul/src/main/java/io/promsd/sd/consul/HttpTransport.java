package io.promsd.sd.consul;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} over java.net.http. HTTP/1.1 for {@code http} (Go never speaks h2c); HTTP/2 is
 * allowed over TLS when {@code enable_http2} is on, as Go negotiates it with ALPN.
 */
final class HttpTransport implements Transport {
  // prometheus/common dials with a 30 s timeout.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final String scheme;
  private final String address;
  private final List<Map.Entry<String, String>> headers;
  private final Duration timeout;
  private final HttpClient.Version version;
  private final HttpClient client;

  HttpTransport(
      String scheme,
      String address,
      List<Map.Entry<String, String>> headers,
      HttpClient.Builder builder,
      boolean enableHttp2,
      Duration timeout,
      Executor executor) {
    this.scheme = scheme;
    this.address = address;
    this.headers = List.copyOf(headers);
    this.timeout = timeout;
    this.version =
        scheme.equals("https") && enableHttp2
            ? HttpClient.Version.HTTP_2
            : HttpClient.Version.HTTP_1_1;
    this.client =
        builder.connectTimeout(CONNECT_TIMEOUT).executor(executor).version(version).build();
  }

  @Override
  public String url(String pathAndQuery) {
    return scheme + "://" + address + pathAndQuery;
  }

  @Override
  public CompletableFuture<Response> get(String pathAndQuery) {
    URI uri;
    try {
      if (address.indexOf('/') >= 0 || !pathAndQuery.startsWith("/")) {
        // Go takes the whole server string as the host and fails to dial it.
        throw new IllegalArgumentException("invalid server address " + quote(address));
      }
      uri = URI.create(url(pathAndQuery));
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("unsupported protocol scheme " + quote(scheme));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(timeout).version(version);
    for (Map.Entry<String, String> h : headers) {
      rb.header(h.getKey(), h.getValue());
    }
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // The request timeout covers the headers only; Go's client timeout covers the body too.
    CompletableFuture<Response> out =
        sent.thenApply(
            r ->
                new Response(
                    r.statusCode(),
                    GoUrl.parseIndex(r.headers().firstValue("X-Consul-Index").orElse(null)),
                    r.body()));
    out.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    out.whenComplete(
        (r, e) -> {
          if (e != null) {
            sent.cancel(true); // abort the exchange when we time out or are cancelled
          }
        });
    return out;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  /** Closes the client where the JDK can (21+: {@code shutdownNow}); 17 relies on GC. */
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
