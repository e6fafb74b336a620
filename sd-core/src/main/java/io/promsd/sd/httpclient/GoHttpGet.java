package io.promsd.sd.httpclient;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.internal.httpclient.BoundedBody;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.GoNet;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * One GET as a Prometheus discoverer's Go client makes it: basic auth from user info in the URL
 * (which Go's client prefers) or else the configured credentials, a {@code User-Agent} and fixed
 * headers, one deadline over the whole exchange, the answer's status and headers checked before the
 * body is read, the body refused past a size limit. Failures carry Go's texts ({@code Get "<url>":
 * dial tcp ...: connect: connection refused}, {@code unexpected EOF}).
 */
public final class GoHttpGet {
  /** The largest body read; Prometheus has no limit, we refuse to run out of memory. */
  public static final long MAX_BODY = 256L << 20;

  /** Decides from the answer's status and headers whether its body is read. */
  @FunctionalInterface
  public interface HeaderCheck {
    /** The error text that refuses the answer, or null to read its body. */
    String problem(int status, HttpHeaders headers);
  }

  /** The texts of a GET that ran out of time; {@code quotedUrl} is the Go-quoted redacted URL. */
  public interface TimeoutTexts {
    /** The whole message when the deadline passed before the answer's headers. */
    String beforeHeaders(String quotedUrl);

    /** The whole message when the deadline passed while reading the body. */
    String readingBody(String quotedUrl);

    /** What follows {@code Get "<url>": } when the client's own request timeout fired. */
    String requestTimeout();
  }

  /** A failed GET, with Go's text. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient client;
  private final RequestHeaders headers;
  private final String url;
  private final URI uri;
  private final String userInfoAuth;
  private final Duration timeout;
  private final String userAgent;
  private final Map<String, String> fixedHeaders;
  private final HeaderCheck check;
  private final TimeoutTexts timeoutTexts;
  private final long maxBody;

  /**
   * A GET of {@code url} (parsed as Go does; a URL Go refuses is a {@link Failure}) through {@code
   * client}, with {@code fixedHeaders} set after the credentials and {@code userAgent}, at most
   * {@code timeout} long, reading at most {@code maxBody} bytes.
   */
  public GoHttpGet(
      HttpClient client,
      RequestHeaders headers,
      String url,
      Duration timeout,
      String userAgent,
      Map<String, String> fixedHeaders,
      HeaderCheck check,
      TimeoutTexts timeoutTexts,
      long maxBody)
      throws Failure {
    this.client = client;
    this.headers = headers;
    this.url = url;
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.fixedHeaders = new LinkedHashMap<>(fixedHeaders);
    this.check = check;
    this.timeoutTexts = timeoutTexts;
    this.maxBody = maxBody;
    GoUrl parsed;
    try {
      parsed = GoUrl.parse(url);
    } catch (GoUrl.ParseException e) {
      throw new Failure(e.getMessage(), e);
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

  /** The body of an answer the {@link HeaderCheck} accepted. */
  public byte[] get() throws Failure, InterruptedException {
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
      throw new Failure("Get " + quotedUrl() + ": " + e.getMessage(), e);
    }
    rb.setHeader("User-Agent", userAgent);
    fixedHeaders.forEach(rb::setHeader);

    CompletableFuture<String> rejected = new CompletableFuture<>();
    AtomicBoolean gotHeaders = new AtomicBoolean();
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(
            rb.build(),
            info -> {
              gotHeaders.set(true);
              String problem = check.problem(info.statusCode(), info.headers());
              if (problem != null) {
                rejected.complete(problem);
                return HttpResponse.BodySubscribers.replacing(new byte[0]);
              }
              return new BoundedBody(maxBody, BodyBroken::new);
            });
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      CompletableFuture.anyOf(f, rejected)
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (rejected.isDone()) {
        f.cancel(true);
        throw new Failure(rejected.getNow(""), null);
      }
      return f.get().body();
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new Failure(
          gotHeaders.get()
              ? timeoutTexts.readingBody(quotedUrl())
              : timeoutTexts.beforeHeaders(quotedUrl()),
          null);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new InterruptedException();
    } catch (ExecutionException e) {
      Throwable c = unwrap(e.getCause());
      if (c instanceof BoundedBody.TooLarge) {
        throw new Failure(c.getMessage(), c);
      }
      if (c instanceof BodyBroken) {
        throw new Failure("unexpected EOF", c);
      }
      throw new Failure("Get " + quotedUrl() + ": " + transportText(c), c);
    }
  }

  /** The URL as Go's {@code url.Error} prints it: a password shown as {@code ***}. */
  public static String errorUrl(String url) {
    String redacted = GoUrl.redact(url);
    return redacted.equals(url) ? url : redacted.replace(":xxxxx@", ":***@");
  }

  private String quotedUrl() {
    return GoText.quote(errorUrl(url));
  }

  private String transportText(Throwable t) {
    if (t instanceof HttpTimeoutException) {
      return timeoutTexts.requestTimeout();
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
    return GoNet.joinHostPort(host, Integer.toString(port));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The URI to request: the URL without its user info and fragment, with characters that Go sends
   * but {@link URI} refuses percent-encoded.
   */
  private static URI toUri(String url, GoUrl parsed) throws Failure {
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
          sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
        } else {
          sb.append((char) c);
        }
      }
      try {
        return new URI(sb.toString());
      } catch (URISyntaxException again) {
        throw new Failure(
            "parse " + GoText.quote(url) + ": " + again.getReason() + " (java.net.URI)", again);
      }
    }
  }

  /** The connection broke while reading the body. */
  private static final class BodyBroken extends IOException {
    private static final long serialVersionUID = 1L;

    BodyBroken(Throwable cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }
}
