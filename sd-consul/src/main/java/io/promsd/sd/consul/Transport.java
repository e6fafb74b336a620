package io.promsd.sd.consul;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a GET to the Consul agent and hands back status, {@code X-Consul-Index} and body. Two
 * kinds: {@link HttpTransport} (java.net.http, TCP) and {@link UnixSocketTransport} ({@code
 * unix://} servers). Thread-safe.
 */
interface Transport extends AutoCloseable {
  /**
   * Starts a request for {@code pathAndQuery} (already escaped, starting with {@code /}). The
   * future fails with an {@link java.io.IOException} or a timeout on transport faults; cancelling
   * it aborts the exchange.
   */
  CompletableFuture<Response> get(String pathAndQuery);

  /** The URL Go would print for this request in an error ({@code Get "<url>": …}). */
  String url(String pathAndQuery);

  /** Releases connections and threads; idempotent. */
  @Override
  void close();

  /**
   * A received response.
   *
   * @param status the HTTP status
   * @param index {@code X-Consul-Index} as the hashicorp client parses it (0 when missing or bad)
   * @param body the body bytes
   */
  record Response(int status, long index, byte[] body) {}
}
