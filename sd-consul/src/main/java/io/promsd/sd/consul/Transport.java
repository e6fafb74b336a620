package io.promsd.sd.consul;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a GET to the Consul agent and hands back status, {@code X-Consul-Index} and body. Two
 * kinds: {@link HttpTransport} (java.net.http, TCP) and {@link UnixSocketTransport} ({@code
 * unix://} servers). Thread-safe.
 */
interface Transport extends AutoCloseable {
  /**
   * The longest answer body read (128 MiB); a longer one fails the request with {@code response
   * body larger than 134217728 bytes} and the discoverer keeps its last targets. Go's Consul client
   * decodes answers without a bound; a catalog of 10,000 service instances is a few tens of MB.
   */
  int MAX_BODY_BYTES = 128 << 20;

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
