package io.promsd.web;

import static java.util.Objects.requireNonNull;

import io.promsd.web.internal.BodyTooLargeException;
import java.time.Duration;

/**
 * What one server lets a client use: request body and header sizes, open connections, how long an
 * idle or stalled connection is kept, worker threads.
 *
 * @param maxRequestBodyBytes the largest request body read; more is {@link BodyTooLargeException}
 * @param maxRequestHeaderBytes the largest request line plus headers; more is answered {@code 431}
 * @param maxConnections the most connections open at once (more wait in the accept queue); 0 is no
 *     limit
 * @param idleTimeout how long a connection may be idle, or stall while a request or answer is in
 *     transit, before it is closed
 * @param maxThreads the most worker threads, which also bounds requests handled at once
 */
public record WebLimits(
    long maxRequestBodyBytes,
    int maxRequestHeaderBytes,
    int maxConnections,
    Duration idleTimeout,
    int maxThreads) {

  /**
   * Generous defaults: 64 MiB bodies, 1 MiB headers (Go's {@code DefaultMaxHeaderBytes}), 4,096
   * connections, 2 minutes idle, 200 threads.
   */
  public static final WebLimits DEFAULT =
      new WebLimits(64L << 20, 1 << 20, 4096, Duration.ofMinutes(2), 200);

  /** Checks the values. */
  public WebLimits {
    requireNonNull(idleTimeout, "idleTimeout");
    if (maxRequestBodyBytes < 0 || maxRequestHeaderBytes < 256 || maxConnections < 0) {
      throw new IllegalArgumentException("limits out of range");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (maxThreads < 4) {
      throw new IllegalArgumentException("maxThreads must be at least 4");
    }
  }

  /** A copy with another body limit. */
  public WebLimits withMaxRequestBodyBytes(long bytes) {
    return new WebLimits(bytes, maxRequestHeaderBytes, maxConnections, idleTimeout, maxThreads);
  }

  /** A copy with another header limit. */
  public WebLimits withMaxRequestHeaderBytes(int bytes) {
    return new WebLimits(maxRequestBodyBytes, bytes, maxConnections, idleTimeout, maxThreads);
  }

  /** A copy with another connection limit. */
  public WebLimits withMaxConnections(int connections) {
    return new WebLimits(
        maxRequestBodyBytes, maxRequestHeaderBytes, connections, idleTimeout, maxThreads);
  }

  /** A copy with another idle timeout. */
  public WebLimits withIdleTimeout(Duration timeout) {
    return new WebLimits(
        maxRequestBodyBytes, maxRequestHeaderBytes, maxConnections, timeout, maxThreads);
  }

  /** A copy with another thread limit. */
  public WebLimits withMaxThreads(int threads) {
    return new WebLimits(
        maxRequestBodyBytes, maxRequestHeaderBytes, maxConnections, idleTimeout, threads);
  }
}
