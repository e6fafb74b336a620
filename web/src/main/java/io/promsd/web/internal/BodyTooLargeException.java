package io.promsd.web.internal;

import io.promsd.web.WebLimits;
import java.io.IOException;

/**
 * Thrown while reading a request body that exceeds {@link WebLimits#maxRequestBodyBytes()}. A
 * handler may catch it to answer in its own words; uncaught, the server answers {@code 413} with
 * Go's {@code http: request body too large}.
 */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /** The limit that was exceeded. */
  public BodyTooLargeException(long limit) {
    super("http: request body too large");
    this.limit = limit;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
