package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

/**
 * A listen address in Go's {@code host:port} form, as {@code --web.listen-address} takes it: {@code
 * :9091} (every interface), {@code 127.0.0.1:9091}, {@code [::1]:0}, {@code localhost:http}.
 *
 * <p>{@link #parse(String)} splits the text as Go's {@code net.SplitHostPort} does and reports what
 * {@code net.Listen("tcp", text)} would, in its words ({@code address 9091: missing port in
 * address}). Port 0 asks for a free port; the bound one is {@link WebServer#port()}.
 *
 * @param host the host, an IP literal without brackets, or empty for every interface
 * @param port the TCP port, 0 to 65535
 */
public record ListenAddress(String host, int port) {

  /** Checks the port range. */
  public ListenAddress {
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code host:port} as Go's {@code net.Listen("tcp", address)} does. A named port ({@code
   * http}) is looked up in the few well-known services Go knows without {@code /etc/services}.
   *
   * @throws IllegalArgumentException with Go's text, e.g. {@code address 9091: missing port in
   *     address}
   */
  public static ListenAddress parse(String address) {
    requireNonNull(address, "address");
    String[] hp = splitHostPort(address);
    return new ListenAddress(hp[0], port(address, hp[1]));
  }

  /**
   * Go's {@code net.SplitHostPort}: {@code [host]:port} or {@code host:port}, with Go's errors.
   *
   * @throws IllegalArgumentException as {@code address X: missing port in address} and the like
   */
  static String[] splitHostPort(String hostport) {
    final String missingPort = "missing port in address";
    final String tooManyColons = "too many colons in address";
    int i = hostport.lastIndexOf(':');
    if (i < 0) {
      throw addrError(missingPort, hostport);
    }
    String host;
    int j = 0;
    int k = 0;
    if (hostport.startsWith("[")) {
      int end = hostport.indexOf(']');
      if (end < 0) {
        throw addrError("missing ']' in address", hostport);
      }
      if (end + 1 == hostport.length()) {
        throw addrError(missingPort, hostport);
      } else if (end + 1 != i) {
        if (hostport.charAt(end + 1) == ':') {
          throw addrError(tooManyColons, hostport);
        }
        throw addrError(missingPort, hostport);
      }
      host = hostport.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hostport.substring(0, i);
      if (host.indexOf(':') >= 0) {
        throw addrError(tooManyColons, hostport);
      }
    }
    if (hostport.indexOf('[', j) >= 0) {
      throw addrError("unexpected '[' in address", hostport);
    }
    if (hostport.indexOf(']', k) >= 0) {
      throw addrError("unexpected ']' in address", hostport);
    }
    return new String[] {host, hostport.substring(i + 1)};
  }

  private static IllegalArgumentException addrError(String why, String addr) {
    return new IllegalArgumentException("address " + addr + ": " + why);
  }

  // Go's net.parsePort then LookupPort: decimal digits (any count, value capped), else a service
  // name; "" means 0.
  private static int port(String address, String service) {
    if (service.isEmpty()) {
      return 0;
    }
    boolean digits = true;
    long n = 0;
    int start = 0;
    if (service.charAt(0) == '+' || service.charAt(0) == '-') {
      start = 1;
    }
    for (int i = start; i < service.length(); i++) {
      char c = service.charAt(i);
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      n = Math.min(n * 10 + (c - '0'), 1L << 30);
    }
    if (digits && start < service.length()) {
      if (service.charAt(0) == '-') {
        n = -n;
      }
      if (n < 0 || n > 65535) {
        throw new IllegalArgumentException("address " + address + ": invalid port");
      }
      return (int) n;
    }
    Integer named = WELL_KNOWN.get(service.toLowerCase(java.util.Locale.ROOT));
    if (named == null) {
      throw new IllegalArgumentException("lookup tcp/" + service + ": unknown port");
    }
    return named;
  }

  // The services Go's net package knows without /etc/services (net/lookup.go services map, tcp).
  private static final java.util.Map<String, Integer> WELL_KNOWN =
      java.util.Map.of(
          "ftp", 21, "ftps", 990, "gopher", 70, "http", 80, "https", 443, "imap2", 143, "imap3",
          220, "imaps", 993, "pop3", 110, "pop3s", 995);

  /** The address in Go's {@code JoinHostPort} form: {@code host:port}, IPv6 in brackets. */
  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
