package io.promsd.sd.http;

import io.promsd.sd.http.HttpTargets.RefreshException;
import io.promsd.sd.httpclient.GoHttpGet;
import io.promsd.sd.httpclient.RequestHeaders;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GET of one refresh, as Prometheus's client makes it: {@code User-Agent}, {@code Accept:
 * application/json}, {@code X-Prometheus-Refresh-Interval-Seconds}, the configured credentials (or
 * basic auth from user info in the URL, which Go's client prefers), one deadline over the whole
 * exchange ({@code client.Timeout = refresh_interval}); status and {@code Content-Type} are checked
 * before the body is read. Failures carry Go's texts ({@code Get "<url>": ...}).
 */
final class HttpFetch {
  /** The largest body read; Prometheus has no limit, we refuse to run out of memory. */
  static final long MAX_BODY = GoHttpGet.MAX_BODY;

  /** Go's {@code client.Timeout} texts. */
  private static final GoHttpGet.TimeoutTexts CLIENT_TIMEOUT =
      new GoHttpGet.TimeoutTexts() {
        @Override
        public String beforeHeaders(String quotedUrl) {
          return "Get " + quotedUrl + ": " + requestTimeout();
        }

        @Override
        public String readingBody(String quotedUrl) {
          return "context deadline exceeded (Client.Timeout or context cancellation while reading"
              + " body)";
        }

        @Override
        public String requestTimeout() {
          return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
      };

  private final GoHttpGet get;

  HttpFetch(
      HttpClient client,
      RequestHeaders headers,
      String url,
      Duration timeout,
      String userAgent,
      String refreshSeconds,
      long maxBody)
      throws RefreshException {
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("Accept", "application/json");
    fixed.put("X-Prometheus-Refresh-Interval-Seconds", refreshSeconds);
    try {
      this.get =
          new GoHttpGet(
              client,
              headers,
              url,
              timeout,
              userAgent,
              fixed,
              (status, h) ->
                  HttpTargets.headerProblem(status, h.firstValue("Content-Type").orElse(null)),
              CLIENT_TIMEOUT,
              maxBody);
    } catch (GoHttpGet.Failure e) {
      throw new RefreshException(e.getMessage(), e.getCause());
    }
  }

  /** The body of a 200 answer with a JSON content type. */
  byte[] get() throws RefreshException, InterruptedException {
    try {
      return get.get();
    } catch (GoHttpGet.Failure e) {
      throw new RefreshException(e.getMessage(), e.getCause());
    }
  }
}
