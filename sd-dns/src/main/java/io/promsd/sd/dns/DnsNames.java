package io.promsd.sd.dns;

import java.nio.charset.StandardCharsets;

/**
 * miekg/dns's name helpers as Prometheus's lookup uses them ({@code defaults.go} {@code IsFqdn},
 * {@code Fqdn}; {@code labels.go} {@code CountLabel}, {@code NextLabel}; v1.1.50), with their
 * byte-level quirks: Go strings are UTF-8 bytes, so a name ending in a non-ASCII character and a
 * dot is not taken as fully qualified.
 */
final class DnsNames {
  private DnsNames() {}

  /** Whether {@code s} ends in a dot that is not escaped (miekg's byte arithmetic included). */
  static boolean isFqdn(String s) {
    if (!s.endsWith(".")) {
      return false;
    }
    String s2 = s.substring(0, s.length() - 1);
    int i = s2.length();
    while (i > 0 && s2.charAt(i - 1) == '\\') {
      i--;
    }
    // len(s2) - LastIndexFunc(s2, r != '\\'), in UTF-8 bytes.
    long tail;
    if (i == 0) {
      tail = utf8Length(s2) + 1;
    } else {
      int start = s2.offsetByCodePoints(i, -1);
      tail = utf8Length(s2.substring(start));
    }
    return tail % 2 != 0;
  }

  /** {@code s} with a final dot unless it has one. */
  static String fqdn(String s) {
    return isFqdn(s) ? s : s + ".";
  }

  /** The number of labels: {@code a.b} and {@code a.b.} have 2, {@code .} has 0. */
  static int countLabels(String s) {
    if (s.equals(".")) {
      return 0;
    }
    int labels = 0;
    int off = 0;
    while (true) {
      long next = nextLabel(s, off);
      labels++;
      if (next < 0) {
        return labels;
      }
      off = (int) next;
    }
  }

  /** The start of the next label after {@code offset}, or -1 at the end of {@code s}. */
  private static long nextLabel(String s, int offset) {
    if (s.isEmpty()) {
      return -1;
    }
    for (int i = offset; i < s.length() - 1; i++) {
      if (s.charAt(i) != '.') {
        continue;
      }
      int j = i - 1;
      while (j >= 0 && s.charAt(j) == '\\') {
        j--;
      }
      if ((j - i) % 2 == 0) {
        continue; // an escaped dot
      }
      return i + 1;
    }
    return -1;
  }

  private static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
