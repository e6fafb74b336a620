package io.promsd.sd.consul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pieces of Go's {@code net/url}, {@code net} and {@code strconv} that decide what the
 * hashicorp client puts on the wire, so that our requests are byte-for-byte Prometheus's: query
 * encoding ({@code url.Values.Encode}: keys sorted, {@code QueryEscape}), path escaping ({@code
 * URL.EscapedPath}), {@code net.JoinHostPort}, {@code durToMsec} and {@code strconv.ParseUint}.
 */
final class GoUrl {
  private GoUrl() {}

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * {@code url.Values.Encode()}: keys in byte order, each value {@code QueryEscape}d, repeated keys
   * keep their values' order.
   */
  static String encode(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
      String k = queryEscape(e.getKey());
      for (String v : e.getValue()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(k).append('=').append(queryEscape(v));
      }
    }
    return sb.toString();
  }

  /** {@code url.QueryEscape}: unreserved bytes stay, space becomes {@code +}, the rest %XX. */
  static String queryEscape(String s) {
    return escape(s, true);
  }

  /**
   * {@code url.URL.EscapedPath()} for a path with no raw form: like query escaping, but {@code $ &
   * + , / : ; = @} stay and space is {@code %20}.
   */
  static String pathEscape(String s) {
    return escape(s, false);
  }

  private static String escape(String s, boolean query) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (query && c == ' ') {
        sb.append('+');
      } else if (shouldEscape(c, query)) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  // net/url shouldEscape for encodeQueryComponent and encodePath.
  private static boolean shouldEscape(int c, boolean query) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return false;
    }
    switch (c) {
      case '-', '_', '.', '~':
        return false;
      case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
        return query || c == '?';
      default:
        return true;
    }
  }

  /** {@code net.JoinHostPort}: brackets a host that contains a colon. */
  static String joinHostPort(String host, String port) {
    if (host.indexOf(':') >= 0) {
      return "[" + host + "]:" + port;
    }
    return host + ":" + port;
  }

  /**
   * The hashicorp client's {@code durToMsec}: whole milliseconds with an {@code ms} suffix, and 1ms
   * for a positive duration below a millisecond.
   */
  static String durToMsec(Duration d) {
    long ms = d.toMillis();
    if (ms == 0 && !d.isZero() && !d.isNegative()) {
      ms = 1;
    }
    return ms + "ms";
  }

  /**
   * {@code strconv.ParseUint(s, 10, 64)} as the client uses it for {@code X-Consul-Index}: decimal
   * digits only, at most 2^64-1; anything else is an error, which the client ignores, leaving the
   * index at 0. Returns the unsigned bits in a long.
   */
  static long parseIndex(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      int digit = c - '0';
      // overflow of an unsigned 64-bit value
      if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
        return 0;
      }
      long next = v * 10 + digit;
      if (Long.compareUnsigned(next, v * 10) < 0) {
        return 0;
      }
      v = next;
    }
    return v;
  }
}
