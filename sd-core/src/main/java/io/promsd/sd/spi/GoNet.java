package io.promsd.sd.spi;

/**
 * Go's {@code net.JoinHostPort} and {@code net.SplitHostPort}, with which discoverers build {@code
 * __address__} and Prometheus decides whether an address has a port. Stateless.
 */
public final class GoNet {
  private GoNet() {}

  /**
   * Go's {@code net.JoinHostPort}: {@code host:port}, with brackets around a host that contains a
   * colon (an IPv6 address): {@code [::1]:9100}.
   */
  public static String joinHostPort(String host, String port) {
    if (host.indexOf(':') >= 0) {
      return "[" + host + "]:" + port;
    }
    return host + ":" + port;
  }

  /** Whether Go's {@code net.SplitHostPort(hostport)} succeeds. */
  public static boolean splitsHostPort(String hostport) {
    int i = hostport.lastIndexOf(':');
    if (i < 0) {
      return false; // missing port
    }
    int j = 0;
    int k = 0;
    if (!hostport.isEmpty() && hostport.charAt(0) == '[') {
      int end = hostport.indexOf(']');
      if (end < 0) {
        return false;
      }
      if (end + 1 == hostport.length()) {
        return false;
      }
      if (end + 1 != i) {
        return false;
      }
      j = 1;
      k = end + 1;
    } else {
      String host = hostport.substring(0, i);
      if (host.indexOf(':') >= 0) {
        return false; // too many colons
      }
    }
    if (hostport.indexOf('[', j) >= 0) {
      return false;
    }
    return hostport.indexOf(']', k) < 0;
  }
}
