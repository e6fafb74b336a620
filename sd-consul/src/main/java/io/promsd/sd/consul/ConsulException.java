package io.promsd.sd.consul;

/**
 * A failed Consul call, worded as the hashicorp client words it ({@code Unexpected response code:
 * 500 (rpc error)}, {@code Get "http://…": …}) so that messages read like Prometheus's logs. Never
 * carries the token or other credentials.
 */
final class ConsulException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConsulException(String message) {
    super(message);
  }

  ConsulException(String message, Throwable cause) {
    super(message, cause);
  }
}
