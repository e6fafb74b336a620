package io.promsd.pushgateway;

/** A push the gateway refuses, with the status and the text to answer. */
final class BadPushException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  BadPushException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  BadPushException(String message) {
    this(400, message);
  }

  int status() {
    return status;
  }
}
