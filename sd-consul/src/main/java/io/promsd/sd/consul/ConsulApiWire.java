package io.promsd.sd.consul;

import java.time.Duration;

/**
 * What the hashicorp {@code consul/api} client does to values on the wire beyond Go's {@code
 * net/url} escaping ({@link io.promsd.sd.internal.httpclient.GoUrl}): {@code durToMsec} for the
 * {@code wait} parameter and {@code strconv.ParseUint} on {@code X-Consul-Index}.
 */
final class ConsulApiWire {
  private ConsulApiWire() {}

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
