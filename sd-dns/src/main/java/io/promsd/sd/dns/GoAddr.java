package io.promsd.sd.dns;

import io.promsd.sd.spi.GoNet;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Addresses and IPs printed as Go prints them ({@code net.IP.String}, {@code net.UDPAddr}). */
final class GoAddr {
  private GoAddr() {}

  /** {@code ip:port}, IPv6 bracketed. */
  static String of(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    String host = ip == null ? a.getHostString() : ip(ip.getAddress());
    return GoNet.joinHostPort(host, Integer.toString(a.getPort()));
  }

  static String of(InetAddress ip) {
    return ip instanceof Inet4Address ? ip.getHostAddress() : ip(ip.getAddress());
  }

  /**
   * Go's {@code net.IP.String} for a 4- or 16-byte address: dotted quad for IPv4 and IPv4-mapped
   * IPv6, otherwise lower-case hex groups with the longest run of two or more zero groups (the
   * first of equal runs) written {@code ::}.
   */
  static String ip(byte[] p) {
    if (p.length == 4) {
      return dotted(p, 0);
    }
    boolean mapped = p[10] == (byte) 0xff && p[11] == (byte) 0xff;
    for (int i = 0; i < 10 && mapped; i++) {
      mapped = p[i] == 0;
    }
    if (mapped) {
      return dotted(p, 12);
    }
    int e0 = -1;
    int e1 = -1;
    for (int i = 0; i < 16; i += 2) {
      int j = i;
      while (j < 16 && p[j] == 0 && p[j + 1] == 0) {
        j += 2;
      }
      if (j > i && j - i > e1 - e0) {
        e0 = i;
        e1 = j;
        i = j;
      }
    }
    if (e1 - e0 <= 2) {
      e0 = -1;
      e1 = -1;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 16; i += 2) {
      if (i == e0) {
        sb.append("::");
        i = e1;
        if (i >= 16) {
          break;
        }
      } else if (i > 0) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(((p[i] & 0xff) << 8) | (p[i + 1] & 0xff)));
    }
    return sb.toString();
  }

  private static String dotted(byte[] p, int off) {
    return (p[off] & 0xff)
        + "."
        + (p[off + 1] & 0xff)
        + "."
        + (p[off + 2] & 0xff)
        + "."
        + (p[off + 3] & 0xff);
  }
}
