package io.promsd.web.internal;

import java.io.IOException;

/**
 * Answers one HTTP request. Called on one of the server's {@code promsd-web-*} threads; it may
 * block (reading the body, writing a large answer). An exception it throws before the answer is
 * committed becomes a {@code 500}; after that, the connection is closed.
 */
@FunctionalInterface
public interface WebHandler {
  /** Handles {@code request}, writing the answer to {@code response}. */
  void handle(WebRequest request, WebResponse response) throws IOException;
}
