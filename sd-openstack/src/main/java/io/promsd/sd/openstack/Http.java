package io.promsd.sd.openstack;

import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.internal.httpclient.BoundedBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * gophercloud's request plumbing ({@code ProviderClient.doRequest}): the headers it sends, a
 * deadline on the whole exchange (Go's {@code http.Client.Timeout} covers the body too), a bounded
 * body, and its error for a status outside the expected ones. Interrupting the calling thread
 * aborts the exchange.
 */
final class Http {
  /** gophercloud v1's {@code DefaultUserAgent} (Prometheus 2.42). */
  static final String USER_AGENT_2 = "gophercloud/2.0.0";

  /** gophercloud v2's {@code DefaultUserAgent} in Prometheus 3.x's go.mod (v2.13.0). */
  static final String USER_AGENT_3 = "gophercloud/v2.13.0";

  /** The most one answer may hold: a Nova page of 1,000 detailed servers is a few MB. */
  static final long MAX_BODY = 64L << 20;

  /** An answer, its body read. */
  record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {}

  private final HttpClient client;
  private final Duration timeout;
  private final boolean v2;

  /**
   * @param gophercloudV2 behave as gophercloud v2 (Prometheus 3.x): its user agent and its one
   *     error text for every unexpected status
   */
  Http(HttpClient client, Duration timeout, boolean gophercloudV2) {
    this.client = client;
    this.timeout = timeout;
    this.v2 = gophercloudV2;
  }

  /**
   * Sends a request as gophercloud does and returns the answer if its status is one of {@code ok}.
   *
   * @param token the {@code X-Auth-Token}, or null for none
   * @param json the JSON body of a POST, or null for a GET
   * @throws OpenStackException for a transport failure, a timeout, a body over the limit or a
   *     status outside {@code ok}
   * @throws InterruptedException when cancelled
   */
  Response exchange(String method, String url, String token, byte[] json, int... ok)
      throws OpenStackException, InterruptedException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new OpenStackException("parse " + GoText.quote(url) + ": " + e.getMessage(), e);
    }
    b.header("Accept", "application/json").header("User-Agent", v2 ? USER_AGENT_3 : USER_AGENT_2);
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (token != null && !token.isEmpty()) { // an empty token sends no header
      b.header("X-Auth-Token", token);
    }
    Response r = send(b.build(), method, url);
    for (int code : ok) {
      if (r.status() == code) {
        return r;
      }
    }
    throw new OpenStackException(
        v2 ? unexpectedStatus(method, url, r, ok) : statusError(method, url, r, ok));
  }

  private Response send(HttpRequest request, String method, String url)
      throws OpenStackException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(request, info -> new BoundedBody(MAX_BODY));
    try {
      HttpResponse<byte[]> r =
          timeout.isZero() || timeout.isNegative()
              ? f.get()
              : f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new OpenStackException(
          method.charAt(0)
              + method.substring(1).toLowerCase(java.util.Locale.ROOT)
              + " "
              + GoText.quote(url)
              + ": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
          new HttpTimeoutException("timed out after " + timeout.toMillis() + "ms"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new OpenStackException(
          method.charAt(0)
              + method.substring(1).toLowerCase(java.util.Locale.ROOT)
              + " "
              + GoText.quote(url)
              + ": "
              + transportError(c, request.uri()),
          c);
    }
  }

  /**
   * A transport failure in Go's words where the JDK's differ in substance: an untrusted certificate
   * chain is {@code x509: certificate signed by unknown authority} (recorded); other failures keep
   * the JDK's message. A refused connection reads as Go's {@code net.OpError} prints it, {@code
   * dial tcp 127.0.0.1:9: connect: connection refused} (promtool 2.42, identity endpoint on a
   * closed port: testdata/e2e/failing-sd.txt).
   */
  static String transportError(Throwable c, URI uri) {
    if (c instanceof java.net.ConnectException && uri.getHost() != null) {
      String host = uri.getHost();
      if (c.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
        return "dial tcp: lookup " + host + ": no such host";
      }
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try {
        host = java.net.InetAddress.getByName(host).getHostAddress();
      } catch (java.net.UnknownHostException e) {
        // keep the name, as Go does when it cannot resolve it
      }
      return "dial tcp "
          + io.promsd.sd.spi.GoNet.joinHostPort(host, Integer.toString(port))
          + ": connect: connection refused";
    }
    for (Throwable t = c; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertPathBuilderException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return "x509: certificate signed by unknown authority";
      }
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * gophercloud's error for an unexpected status ({@code errors.go}, the {@code ErrDefault*} types)
   * as Debian's promtool 2.42 prints them, which vendors an older gophercloud than its go.mod
   * names: the recorded 404 reads just {@code Resource not found}, and 502 and 504 have no text of
   * their own (testdata/openstack, cases {@code hypervisors-*}).
   */
  static String statusError(String method, String url, Response r, int... ok) {
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    return switch (r.status()) {
      case 400 -> "Bad request with: [" + method + " " + url + "], error message: " + body;
      case 401 -> "Authentication failed";
      case 403 -> "Request forbidden: [" + method + " " + url + "], error message: " + body;
      case 404 -> "Resource not found";
      case 405 -> "Method not allowed";
      case 408 -> "The server timed out waiting for the request";
      case 429 ->
          "Too many requests have been sent in a given amount of time. Pause requests, wait up to"
              + " one minute, and try again.";
      case 500 -> "Internal Server Error";
      case 503 ->
          "The service is currently unable to handle the request due to a temporary overloading"
              + " or maintenance. This is a temporary condition. Try again later.";
      default -> {
        yield "Expected HTTP response code "
            + codes(ok)
            + " when accessing ["
            + method
            + " "
            + url
            + "], but got "
            + r.status()
            + " instead\n"
            + body;
      }
    };
  }

  /**
   * gophercloud v2's {@code ErrUnexpectedResponseCode} ({@code errors.go}), which v2's {@code
   * doRequest} returns for every unexpected status: the body trimmed, after a colon.
   */
  static String unexpectedStatus(String method, String url, Response r, int... ok) {
    return "Expected HTTP response code "
        + codes(ok)
        + " when accessing ["
        + method
        + " "
        + url
        + "], but got "
        + r.status()
        + " instead: "
        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
  }

  private static String codes(int... ok) {
    StringBuilder codes = new StringBuilder("[");
    for (int i = 0; i < ok.length; i++) {
      codes.append(i == 0 ? "" : " ").append(ok[i]);
    }
    return codes.append(']').toString();
  }
}
