package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

/**
 * One finished request, as a {@link RequestObserver} sees it.
 *
 * @param method the method as sent
 * @param route the name the matched route was registered with, or {@code ""} when no route matched
 *     (not found, redirects, refused by authentication)
 * @param status the status code answered
 * @param durationNanos from the start of handling to the end of the answer
 * @param approximateRequestSize the request's size as client_golang's promhttp estimates it: URL,
 *     method, protocol, header names and values, host, and the declared body length
 * @param responseBytes the body bytes written
 */
public record ObservedRequest(
    String method,
    String route,
    int status,
    long durationNanos,
    long approximateRequestSize,
    long responseBytes) {
  /** Checks the names. */
  public ObservedRequest {
    requireNonNull(method, "method");
    requireNonNull(route, "route");
  }
}
