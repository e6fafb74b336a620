package io.promsd.serve;

import io.promsd.relabel.Labels;
import io.promsd.sd.config.ScrapeConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target's scrape URL ({@code scrape/target.go}, {@code Target.URL}, printed by Go's {@code
 * url.URL.String}) and its global URL ({@code web/api/v1/api.go}, {@code getGlobalURL}).
 */
final class ScrapeUrls {
  private ScrapeUrls() {}

  private static final List<String> LOCALHOST = List.of("127.0.0.1", "localhost", "::1");

  /** The parts of a scrape URL before {@code String()}. */
  record Url(String scheme, String host, String path, String rawQuery) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!scheme.isEmpty()) {
        sb.append(scheme).append(':');
      }
      if (!scheme.isEmpty() || !host.isEmpty()) {
        if (!host.isEmpty() || !path.isEmpty()) {
          sb.append("//");
        }
        escapeHost(sb, host);
      }
      String p = path.equals("*") ? "*" : GoUrl.pathEscape(path);
      if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) {
        sb.append('/');
      }
      if (sb.length() == 0) {
        int slash = p.indexOf('/');
        String segment = slash < 0 ? p : p.substring(0, slash);
        if (segment.indexOf(':') >= 0) {
          sb.append("./");
        }
      }
      sb.append(p);
      if (!rawQuery.isEmpty()) {
        sb.append('?').append(rawQuery);
      }
      return sb.toString();
    }
  }

  /**
   * The URL Prometheus scrapes: {@code __scheme__}, {@code __address__}, {@code __metrics_path__},
   * and the config's {@code params} with each {@code __param_<name>} label replacing the first
   * value of {@code <name>} (or adding it).
   */
  static Url of(ScrapeConfig config, Labels labels) {
    Map<String, List<String>> params = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : config.params().entrySet()) {
      params.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.name(i);
      if (n.startsWith("__param_")) {
        List<String> vs =
            params.computeIfAbsent(n.substring("__param_".length()), k -> new ArrayList<>());
        if (vs.isEmpty()) {
          vs.add(labels.value(i));
        } else {
          vs.set(0, labels.value(i));
        }
      }
    }
    return new Url(
        labels.get("__scheme__"),
        labels.get("__address__"),
        labels.get("__metrics_path__"),
        GoUrl.encode(params));
  }

  /** A global URL, or the error {@code getGlobalURL} met (then the URL is the scrape URL). */
  record Global(String url, String error) {}

  /**
   * The URL as seen from outside: a target on a loopback name gets the external URL's host (and, on
   * promsd's own port, its scheme and port too).
   *
   * @param listenAddress the first {@code --web.listen-address}, as given
   * @param externalHost the external URL's host (with port)
   * @param externalScheme the external URL's scheme
   */
  static Global global(Url u, String listenAddress, String externalHost, String externalScheme) {
    String[] hp;
    try {
      hp = sanitizeSplitHostPort(u.host());
    } catch (IllegalArgumentException e) {
      return new Global(u.toString(), e.getMessage());
    }
    for (String lhr : LOCALHOST) {
      if (hp[0].equals(lhr)) {
        String ownPort;
        try {
          ownPort = splitHostPort(listenAddress)[1];
        } catch (IllegalArgumentException e) {
          return new Global(u.toString(), e.getMessage());
        }
        if (hp[1].equals(ownPort)) {
          return new Global(
              new Url(externalScheme, externalHost, u.path(), u.rawQuery()) + "", null);
        }
        String host;
        try {
          host = sanitizeSplitHostPort(externalHost)[0];
        } catch (IllegalArgumentException e) {
          return new Global(u.toString(), e.getMessage());
        }
        if (!hp[1].isEmpty()) {
          host = joinHostPort(host, hp[1]);
        }
        return new Global(new Url(u.scheme(), host, u.path(), u.rawQuery()).toString(), null);
      }
    }
    return new Global(u.toString(), null);
  }

  /** {@code sanitizeSplitHostPort}: a missing port is no error, and IPv6 loses its brackets. */
  static String[] sanitizeSplitHostPort(String input) {
    try {
      return splitHostPort(input);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().endsWith("missing port in address")) {
        try {
          return new String[] {splitHostPort(input + ":80")[0], ""};
        } catch (IllegalArgumentException ignored) {
          // keep the first error, as Go does
        }
      }
      throw e;
    }
  }

  /** Go's {@code net.SplitHostPort}, its {@code *AddrError} text as the exception message. */
  static String[] splitHostPort(String hostport) {
    int i = hostport.lastIndexOf(':');
    if (i < 0) {
      throw addrError(hostport, "missing port in address");
    }
    String host;
    int j = 0;
    int k = 0;
    if (hostport.startsWith("[")) {
      int end = hostport.indexOf(']');
      if (end < 0) {
        throw addrError(hostport, "missing ']' in address");
      }
      if (end + 1 == hostport.length()) {
        throw addrError(hostport, "missing port in address");
      } else if (end + 1 != i) {
        throw addrError(
            hostport,
            hostport.charAt(end + 1) == ':'
                ? "too many colons in address"
                : "missing port in address");
      }
      host = hostport.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hostport.substring(0, i);
      if (host.indexOf(':') >= 0) {
        throw addrError(hostport, "too many colons in address");
      }
    }
    if (hostport.indexOf('[', j) >= 0) {
      throw addrError(hostport, "unexpected '[' in address");
    }
    if (hostport.indexOf(']', k) >= 0) {
      throw addrError(hostport, "unexpected ']' in address");
    }
    return new String[] {host, hostport.substring(i + 1)};
  }

  private static IllegalArgumentException addrError(String addr, String why) {
    return new IllegalArgumentException(addr.isEmpty() ? why : "address " + addr + ": " + why);
  }

  private static String joinHostPort(String host, String port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  // Go's escape(host, encodeHost): alphanumerics, -_.~ and the sub-delimiters stay.
  private static void escapeHost(StringBuilder sb, String host) {
    for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
