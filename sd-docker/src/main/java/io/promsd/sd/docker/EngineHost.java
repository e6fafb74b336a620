package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;

/**
 * The {@code host} of a moby SD config as the Docker client splits it ({@code ParseHostURL} and
 * {@code WithHost} in {@code client/client.go}): the protocol before {@code ://}, the address after
 * it, and for {@code tcp} a base path. Only {@code http} and {@code https} hosts get Prometheus's
 * HTTP client (and its settings); every other protocol but {@code unix} is spoken as plain HTTP
 * over TCP, as the Docker client's default transport does.
 *
 * @param raw the host as configured, which Go prints in connection errors
 * @param proto the protocol: {@code unix}, {@code tcp}, {@code http}, {@code https}, or any other
 * @param addr the socket path for {@code unix}, else {@code host:port}
 * @param basePath a path prefix for every request ({@code tcp} hosts only), or empty
 */
record EngineHost(String raw, String proto, String addr, String basePath) {

  /**
   * Linux's {@code sizeof(sockaddr_un.sun_path)}, which go-connections checks unix paths against.
   */
  private static final int MAX_UNIX_PATH = 108;

  /**
   * Splits {@code host} as the Docker client does when Prometheus builds it, and fails as it fails.
   *
   * @param client {@code docker} or {@code docker swarm}, as Prometheus names it in the error
   * @throws IllegalArgumentException {@code error setting up docker client: unable to parse docker
   *     host `x`}, {@code ... Unix socket path "..." is too long}, {@code ... protocol not
   *     available} (npipe), or a {@code url.Parse} error of a {@code tcp} host
   */
  static EngineHost parse(String host, String client, Compat compat) {
    String prefix = "error setting up " + client + " client: ";
    int sep = host.indexOf("://");
    if (sep < 0 || (compat == Compat.PROMETHEUS_3 && sep + 3 == host.length())) {
      throw new IllegalArgumentException(prefix + "unable to parse docker host `" + host + "`");
    }
    String proto = host.substring(0, sep);
    String addr = host.substring(sep + 3);
    String basePath = "";
    if (proto.equals("tcp")) {
      try {
        io.promsd.sd.internal.httpclient.GoUrl.parse("tcp://" + addr);
      } catch (io.promsd.sd.internal.httpclient.GoUrl.ParseException e) {
        throw new IllegalArgumentException(prefix + e.getMessage());
      }
      String authority = addr;
      int slash = addr.indexOf('/', 0);
      int q = addr.indexOf('?');
      int h = addr.indexOf('#');
      int cut = addr.length();
      for (int i : new int[] {slash, q, h}) {
        if (i >= 0 && i < cut) {
          cut = i;
        }
      }
      authority = addr.substring(0, cut);
      int at = authority.lastIndexOf('@');
      String rest = addr.substring(cut);
      int stop = rest.length();
      for (int i : new int[] {rest.indexOf('?'), rest.indexOf('#')}) {
        if (i >= 0 && i < stop) {
          stop = i;
        }
      }
      basePath = rest.substring(0, stop);
      addr = authority.substring(at + 1);
    }
    switch (proto) {
      case "unix" -> {
        if (addr.length() > MAX_UNIX_PATH) {
          String word = compat == Compat.PROMETHEUS_3 ? "unix" : "Unix";
          throw new IllegalArgumentException(
              prefix + word + " socket path " + GoText.quote(addr) + " is too long");
        }
      }
      case "npipe" -> throw new IllegalArgumentException(prefix + "protocol not available");
      default -> {}
    }
    return new EngineHost(host, proto, addr, basePath);
  }

  /** Whether requests go over a unix socket. */
  boolean isUnix() {
    return proto.equals("unix");
  }

  /** Whether Prometheus hands its own HTTP client (the config's settings) to the Docker client. */
  boolean usesHttpConfig() {
    return proto.equals("http") || proto.equals("https");
  }

  /** The URL scheme requests use: {@code https} only for {@code https} hosts. */
  String scheme() {
    return proto.equals("https") ? "https" : "http";
  }

  /**
   * The request URL Go prints in errors: {@code scheme://addr/path?query}, the address escaped as
   * Go escapes a URL host (a unix socket path's slashes as {@code %2F}).
   */
  String url(String pathAndQuery) {
    return scheme() + "://" + escapeHost(addr) + pathAndQuery;
  }

  // url.escape(host, encodeHost): ASCII a host may hold stays, every other byte is %XX.
  private static String escapeHost(String host) {
    StringBuilder sb = null;
    byte[] b = host.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
      if (!keep && sb == null) {
        sb = new StringBuilder();
        sb.append(new String(b, 0, i, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (sb != null) {
        if (keep) {
          sb.append((char) c);
        } else {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
          sb.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
      }
    }
    return sb == null ? host : sb.toString();
  }
}
