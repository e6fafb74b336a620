package io.promsd.sd.eureka;

import io.promsd.sd.httpclient.GoHttpGet;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.spi.PromDuration;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

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
  static final long MAX_BODY = GoHttpGet.MAX_BODY;

  private final GoHttpGet get;

  EurekaFetch(
      HttpClient client,
      RequestHeaders headers,
      String url,
      Duration timeout,
      String userAgent,
      long maxBody)
      throws RefreshException {
    try {
      this.get =
          new GoHttpGet(
              client,
              headers,
              url,
              timeout,
              userAgent,
              Map.of(),
              (status, h) ->
                  status / 100 == 2
                      ? null
                      : "non 2xx status '" + status + "' response during eureka service discovery",
              new OwnTimeout(timeout),
              maxBody);
    } catch (GoHttpGet.Failure e) {
      throw new RefreshException(e.getMessage(), e.getCause());
    }
  }

  /** The body of a 2xx answer. */
  byte[] get() throws RefreshException, InterruptedException {
    try {
      return get.get();
    } catch (GoHttpGet.Failure e) {
      throw new RefreshException(e.getMessage(), e.getCause());
    }
  }

  /** Prometheus would wait for ever; promsd gives up after the refresh interval. */
  private static final class OwnTimeout implements GoHttpGet.TimeoutTexts {
    private final String limit;

    OwnTimeout(Duration timeout) {
      this.limit = PromDuration.format(timeout);
    }

    @Override
    public String beforeHeaders(String quotedUrl) {
      return "Get "
          + quotedUrl
          + ": no complete answer within "
          + limit
          + " (Prometheus sets no timeout here)";
    }

    @Override
    public String readingBody(String quotedUrl) {
      return "Get "
          + quotedUrl
          + ": no complete answer within "
          + limit
          + " (while reading the body)"
          + " (Prometheus sets no timeout here)";
    }

    @Override
    public String requestTimeout() {
      return "no answer within " + limit;
    }
  }
}
