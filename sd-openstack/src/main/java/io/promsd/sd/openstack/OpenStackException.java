package io.promsd.sd.openstack;

/**
 * A failed refresh, with the text Prometheus logs for the same failure (gophercloud's error texts,
 * wrapped as {@code discovery/openstack} wraps them). Never holds a token or a secret.
 */
final class OpenStackException extends Exception {
  private static final long serialVersionUID = 1L;

  OpenStackException(String message) {
    super(message);
  }

  OpenStackException(String message, Throwable cause) {
    super(message, cause);
  }

  /** This error's text behind {@code prefix}, as Go's {@code fmt.Errorf("prefix: %w", err)}. */
  OpenStackException wrap(String prefix) {
    return new OpenStackException(prefix + ": " + getMessage(), this);
  }
}
