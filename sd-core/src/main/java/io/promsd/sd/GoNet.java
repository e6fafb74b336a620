package io.promsd.sd;

/** Go's {@code net.SplitHostPort}, which Prometheus 2.x uses to decide on a default port. */
final class GoNet {
  private GoNet() {}

  /** Whether Go's {@code net.SplitHostPort(hostport)} succeeds. */
  static boolean splits(String hostport) {
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
