package io.promsd.web.internal;

/**
 * Sees every request a {@link WebServer} answered, after the answer; a server labels its request
 * metrics from it its own way (for instance client_java counters by route and status). Called on
 * the request's thread; must be quick and thread-safe. An exception it throws is logged and
 * ignored.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Records one finished request. */
  void observe(ObservedRequest request);
}
