package io.promsd.sd.docker;

import io.promsd.sd.httpclient.RequestHeaders;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * {@link Transport} over {@code java.net.http} for every TCP host: {@code http} and {@code https}
 * with the client Prometheus builds from the config's HTTP settings (TLS, proxy, authorization and
 * headers, read per request), any other protocol ({@code tcp}, ...) as plain HTTP with the
 * environment's proxy, as the Docker client's own transport does. HTTP/1.1, except HTTP/2 over TLS
 * when {@code enable_http2} allows it (Go negotiates it with ALPN). Bodies are read into memory up
 * to a bound; the whole exchange ends at the deadline.
 */
final class JdkTransport implements Transport {
  private final EngineHost host;
  private final HttpClient client;
  private final RequestHeaders configHeaders; // null: no HTTP client config applies
  private final HttpClient.Version version;
  private final int maxBody;
  private final ExecutorService executor;

  JdkTransport(
      EngineHost host,
      HttpClient.Builder builder,
      RequestHeaders configHeaders,
      boolean http2,
      int maxBody,
      ExecutorService executor) {
    this.host = host;
    this.configHeaders = configHeaders;
    this.version =
        http2 && host.scheme().equals("https")
            ? HttpClient.Version.HTTP_2
            : HttpClient.Version.HTTP_1_1;
    this.maxBody = maxBody;
    this.executor = executor;
    this.client =
        builder
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(executor)
            .build();
  }

  @Override
  public Response send(String method, String pathAndQuery, List<String[]> headers, long deadline)
      throws Failure, InterruptedException {
    String addr = host.addr();
    if (addr.indexOf('/') >= 0 || addr.indexOf('?') >= 0 || addr.indexOf('#') >= 0) {
      // Go puts the whole address in the URL's host and fails to resolve it.
      throw new Failure(Kind.DNS, "dial tcp: lookup " + addr + ": no such host", null);
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new Failure(Kind.TIMEOUT, "i/o timeout", null);
    }
    URI uri;
    try {
      uri = URI.create(host.scheme() + "://" + addr + pathAndQuery);
    } catch (IllegalArgumentException e) {
      throw new Failure(Kind.OTHER, String.valueOf(e.getMessage()), e);
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofNanos(left))
            .version(version);
    try {
      if (configHeaders != null) {
        configHeaders.applyTo(rb);
      }
    } catch (IOException e) {
      throw new Failure(Kind.OTHER, String.valueOf(e.getMessage()), e);
    }
    for (String[] h : headers) {
      rb.setHeader(h[0], h[1]);
    }
    java.util.concurrent.atomic.AtomicBoolean gotHeaders =
        new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<HttpResponse<Body>> f =
        client.sendAsync(
            rb.build(),
            info -> {
              gotHeaders.set(true);
              return new Limited(
                  maxBody, info.headers().firstValueAsLong("Content-Length").orElse(0));
            });
    try {
      HttpResponse<Body> r = f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      Map<String, List<String>> hs = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> hs.put(k.toLowerCase(Locale.ROOT), v));
      Body b = r.body();
      String reason = reasonPhrase(r.statusCode());
      String status =
          reason.isEmpty() ? String.valueOf(r.statusCode()) : r.statusCode() + " " + reason;
      return new Response(r.statusCode(), status, hs, b.bytes, b.length);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new Failure(gotHeaders.get() ? Kind.BODY_TIMEOUT : Kind.TIMEOUT, "i/o timeout", e);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw classify(e.getCause());
    } catch (CancellationException e) {
      throw new InterruptedException();
    }
  }

  /** The Go-like text of a java.net.http failure. */
  static Failure classify(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Failure f) {
      return f;
    }
    if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
      return new Failure(Kind.TIMEOUT, "i/o timeout", t);
    }
    if (t instanceof ConnectException) {
      Throwable c = t.getCause();
      if (c instanceof UnresolvedAddressException) {
        return new Failure(Kind.DNS, "dial tcp: lookup: no such host", t);
      }
      return new Failure(Kind.REFUSED, "connect: connection refused", t);
    }
    if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
      return new Failure(Kind.DNS, "dial tcp: lookup: no such host", t);
    }
    String m = String.valueOf(t.getMessage());
    if (t instanceof SSLException) {
      if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
        return new Failure(Kind.NOT_TLS, "tls: first record does not look like a TLS handshake", t);
      }
      if (m.contains("PKIX") || m.contains("certification path")) {
        return new Failure(Kind.OTHER, "x509: certificate signed by unknown authority", t);
      }
      return new Failure(Kind.OTHER, "remote error: tls: " + m, t);
    }
    if (m.contains("received no bytes") || m.contains("connection closed")) {
      return new Failure(Kind.OTHER, "EOF", t);
    }
    if (t instanceof Failure f) {
      return f;
    }
    if (t instanceof IOException && m.contains("Invalid status line")) {
      return new Failure(Kind.MALFORMED, "net/http: HTTP/1.x transport connection broken: " + m, t);
    }
    return new Failure(Kind.OTHER, m, t);
  }

  /** Go's {@code http.StatusText}, which is what java.net.http leaves out. */
  static String reasonPhrase(int code) {
    return switch (code) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 418 -> "I'm a teapot";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  /** The body, as far as it came. */
  private record Body(byte[] bytes, int length) {}

  /** Collects a body up to {@code max} bytes; beyond that, cancels and fails. */
  private static final class Limited implements HttpResponse.BodySubscriber<Body> {
    private final int max;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private byte[] buf;
    private int length;
    private Flow.Subscription subscription;

    Limited(int max, long contentLength) {
      this.max = max;
      // Content-Length sizes the buffer once, up to 8 MiB; a bigger claim must come true first.
      this.buf = new byte[(int) Math.max(8192, Math.min(contentLength, 8 << 20))];
    }

    @Override
    public CompletionStage<Body> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if ((long) length + n > max) {
          subscription.cancel();
          result.completeExceptionally(
              new Failure(
                  Kind.TOO_LARGE, "response body exceeds the limit of " + max + " bytes", null));
          return;
        }
        if (length + n > buf.length) {
          buf = java.util.Arrays.copyOf(buf, Math.max(length + n, buf.length * 2));
        }
        b.get(buf, length, n);
        length += n;
      }
    }

    @Override
    public void onError(Throwable t) {
      if (t instanceof IOException && String.valueOf(t.getMessage()).contains("EOF")) {
        result.complete(new Body(buf, length)); // cut short: the decoder reports it
        return;
      }
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(new Body(buf, length));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
