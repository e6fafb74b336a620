package io.promsd.sd.eureka;

import io.promsd.sd.httpclient.GoUrl;
import io.promsd.sd.httpclient.RequestHeaders;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The {@code GET <server>/apps} of one refresh, as Prometheus's client makes it ({@code
 * discovery/eureka/client.go fetchApps}): only {@code User-Agent} set (no {@code Accept}, so a real
 * Eureka answers XML), the configured credentials (or basic auth from user info in the URL, which
 * Go's client prefers), redirects always followed (Prometheus builds a plain {@code http.Client}
 * around the round tripper, so {@code follow_redirects} does not apply); a non-2xx status is
 * refused before the body is read. Prometheus sets no timeout; promsd bounds the exchange by the
 * refresh interval. Failures carry Go's texts ({@code Get "<url>": ...}).
 */
final class EurekaFetch {
  /** A refresh that failed, with Prometheus's text. */
  static final class RefreshException extends Exception {
    private static final long serialVersionUID = 1L;

    RefreshException(String message) {
      super(message);
    }

    RefreshException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The largest body read; Prometheus has no limit, we refuse to run out of memory. */
  static final long MAX_BODY = 256L << 20;

  private final HttpClient client;
  private final RequestHeaders headers;
  private final String url;
  private final URI uri;
  private final String userInfoAuth;
  private final Duration timeout;
  private final String userAgent;
  private final long maxBody;

  EurekaFetch(
      HttpClient client,
      RequestHeaders headers,
      String url,
      Duration timeout,
      String userAgent,
      long maxBody)
      throws RefreshException {
    this.client = client;
    this.headers = headers;
    this.url = url;
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.maxBody = maxBody;
    GoUrl parsed;
    try {
      parsed = GoUrl.parse(url);
    } catch (GoUrl.ParseException e) {
      throw new RefreshException(e.getMessage(), e);
    }
    this.userInfoAuth =
        parsed.user() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (parsed.user() + ":" + (parsed.password() == null ? "" : parsed.password()))
                            .getBytes(StandardCharsets.UTF_8));
    this.uri = toUri(url, parsed);
  }

  /** The body of a 2xx answer. */
  byte[] get() throws RefreshException, InterruptedException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri).GET().timeout(timeout.plusSeconds(1)); // ours below is tighter
    if (uri.getScheme().equals("http")) {
      rb.version(HttpClient.Version.HTTP_1_1); // Go speaks HTTP/2 only over TLS: no h2c upgrade
    }
    try {
      if (userInfoAuth != null) {
        // Go's client sets Authorization from the URL first; Prometheus's round trippers then
        // leave a request that already has one alone.
        rb.setHeader("Authorization", userInfoAuth);
        headers.extraHeaders().forEach((k, vs) -> vs.forEach(v -> rb.header(k, v)));
      } else {
        headers.applyTo(rb);
      }
    } catch (IOException e) {
      throw new RefreshException("Get " + quote(errorUrl(url)) + ": " + e.getMessage(), e);
    }
    rb.setHeader("User-Agent", userAgent);

    CompletableFuture<String> rejected = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean gotHeaders =
        new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(
            rb.build(),
            info -> {
              gotHeaders.set(true);
              String problem =
                  info.statusCode() / 100 == 2
                      ? null
                      : "non 2xx status '"
                          + info.statusCode()
                          + "' response during eureka service discovery";
              if (problem != null) {
                rejected.complete(problem);
                return HttpResponse.BodySubscribers.replacing(new byte[0]);
              }
              return new Bounded(maxBody);
            });
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      CompletableFuture.anyOf(f, rejected)
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (rejected.isDone()) {
        f.cancel(true);
        String problem = rejected.getNow("");
        throw new RefreshException(problem);
      }
      return f.get().body();
    } catch (TimeoutException e) {
      f.cancel(true);
      // Prometheus would wait for ever; promsd gives up after the refresh interval.
      throw new RefreshException(
          "Get "
              + quote(errorUrl(url))
              + ": no complete answer within "
              + io.promsd.sd.spi.PromDuration.format(timeout)
              + (gotHeaders.get() ? " (while reading the body)" : "")
              + " (Prometheus sets no timeout here)");
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new InterruptedException();
    } catch (ExecutionException e) {
      Throwable c = unwrap(e.getCause());
      if (c instanceof BodyTooLarge) {
        throw new RefreshException(c.getMessage(), c);
      }
      if (c instanceof BodyBroken) {
        throw new RefreshException("unexpected EOF", c);
      }
      throw new RefreshException("Get " + quote(errorUrl(url)) + ": " + transportText(c), c);
    }
  }

  /** The URL as Go's {@code url.Error} prints it: a password shown as {@code ***}. */
  static String errorUrl(String url) {
    String redacted = GoUrl.redact(url);
    return redacted.equals(url) ? url : redacted.replace(":xxxxx@", ":***@");
  }

  private String transportText(Throwable t) {
    if (t instanceof HttpTimeoutException) {
      return "no answer within " + io.promsd.sd.spi.PromDuration.format(timeout);
    }
    if (t instanceof ConnectException) {
      if (t.getCause() instanceof UnresolvedAddressException) {
        return "dial tcp: lookup " + uri.getHost() + ": no such host";
      }
      return "dial tcp " + dialAddress() + ": connect: connection refused";
    }
    if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
      return "dial tcp: lookup " + uri.getHost() + ": no such host";
    }
    if (t instanceof EOFException) {
      return "EOF";
    }
    String m = String.valueOf(t.getMessage());
    if (t instanceof SSLException) {
      if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
        return "http: server gave HTTP response to HTTPS client";
      }
      if (m.contains("PKIX") || m.contains("certification path")) {
        return "x509: certificate signed by unknown authority";
      }
      return "tls: " + m;
    }
    if (t instanceof IOException
        && (m.contains("closed") || m.contains("EOF") || m.contains("no bytes"))) {
      return "EOF";
    }
    return m;
  }

  /** The address Go dials: the literal IP, or the first the name resolves to, with the port. */
  private String dialAddress() {
    String host = uri.getHost();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort();
    if (port < 0) {
      port = uri.getScheme().equals("https") ? 443 : 80;
    }
    try {
      host = InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      // keep the name
    }
    return io.promsd.sd.spi.GoNet.joinHostPort(host, Integer.toString(port));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String quote(String s) {
    return io.promsd.relabel.config.GoText.quote(s);
  }

  /**
   * The URI to request: the URL without its user info and fragment, with characters that Go sends
   * but {@link URI} refuses percent-encoded.
   */
  static URI toUri(String url, GoUrl parsed) throws RefreshException {
    String s = url;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    if (parsed.user() != null) {
      int start = s.indexOf("//") + 2;
      int at = s.indexOf('@', start);
      s = s.substring(0, start) + s.substring(at + 1);
    }
    int colon = s.indexOf(':');
    s = s.substring(0, colon).toLowerCase(Locale.ROOT) + s.substring(colon);
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      StringBuilder sb = new StringBuilder();
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        if (c <= 0x20 || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0) {
          sb.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
        } else {
          sb.append((char) c);
        }
      }
      try {
        return new URI(sb.toString());
      } catch (URISyntaxException again) {
        throw new RefreshException(
            "parse " + quote(url) + ": " + again.getReason() + " (java.net.URI)", again);
      }
    }
  }

  /** A body longer than the limit. */
  static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(long max) {
      super("response body larger than " + max + " bytes");
    }
  }

  /** The connection broke while reading the body. */
  static final class BodyBroken extends IOException {
    private static final long serialVersionUID = 1L;

    BodyBroken(Throwable cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }

  /** Collects the body, failing once it passes the limit. */
  private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    Bounded(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
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
        size += b.remaining();
        parts.add(b);
      }
      if (size > max) {
        parts.clear();
        subscription.cancel();
        result.completeExceptionally(new BodyTooLarge(max));
      }
    }

    @Override
    public void onError(Throwable t) {
      parts.clear();
      result.completeExceptionally(new BodyBroken(t));
    }

    @Override
    public void onComplete() {
      if (result.isDone()) {
        return;
      }
      byte[] out = new byte[(int) size];
      int at = 0;
      for (ByteBuffer b : parts) {
        int n = b.remaining();
        b.get(out, at, n);
        at += n;
      }
      parts.clear();
      result.complete(out);
    }
  }
}
