package io.promsd.sd.azure;

import java.io.IOException;

/** A failed Azure call, with Prometheus's wording where it has one. Never carries a secret. */
final class AzureException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status that caused it, or 0 (transport error, bad JSON, ...). */
  private final int status;

  AzureException(String message) {
    this(message, 0, null);
  }

  AzureException(String message, int status) {
    this(message, status, null);
  }

  AzureException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  int status() {
    return status;
  }
}
