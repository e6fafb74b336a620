package io.promsd.sd.azure;

import io.promsd.sd.internal.httpclient.BoundedBody;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a bounded body and a deadline on the whole exchange (headers and body),
 * interruptible: a huge or endless answer is an error, never an out-of-memory, and cancelling the
 * discoverer aborts the exchange.
 */
final class Http {
  /** The most one answer may hold: ARM pages hold at most 1,000 VMs of a few KB each. */
  static final long MAX_BODY = 64L << 20;

  /** An answer, its body read. */
  record Response(int status, HttpHeaders headers, byte[] body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBody;

  Http(HttpClient client, Duration timeout, long maxBody) {
    this.client = client;
    this.timeout = timeout;
    this.maxBody = maxBody;
  }

  /**
   * Sends {@code request} and reads the body.
   *
   * @throws IOException for a transport failure, a timeout or a body over the limit
   * @throws InterruptedException when cancelled
   */
  Response send(HttpRequest request) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(request, info -> new BoundedBody(maxBody));
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
      throw new HttpTimeoutException(
          "request to " + request.uri() + " timed out after " + timeout.toMillis() + "ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(c == null ? e.getMessage() : String.valueOf(c.getMessage()), c);
    }
  }
}
