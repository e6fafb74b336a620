package io.promsd.sd.docker;

import io.promsd.relabel.internal.config.GoText;

/**
 * Go's address parsing and printing where Prometheus's moby discovery relies on it: {@code
 * netip.ParseAddr} / {@code Addr.String} and {@code netip.ParsePrefix} (how 3.x's client decodes IP
 * fields), {@code net.ParseCIDR} and {@code IP.String} (how the swarm roles read virtual IPs and
 * task addresses), and {@code net.ParseMAC}'s acceptance. Messages are Go's.
 */
final class NetAddrs {
  private NetAddrs() {}

  /** An address: 4 or 16 bytes, and an IPv6 zone (empty if none). */
  record Addr(byte[] bytes, String zone) {
    boolean is4() {
      return bytes.length == 4;
    }

    /** {@code netip.Addr.String()}. */
    String format() {
      if (is4()) {
        return dotted(bytes, 0);
      }
      String z = zone.isEmpty() ? "" : "%" + zone;
      if (isV4Mapped(bytes)) {
        return "::ffff:" + dotted(bytes, 12) + z;
      }
      return hex6(bytes) + z;
    }
  }

  /** A zero {@code netip.Prefix}'s {@code String()}. */
  static final String INVALID_PREFIX = "invalid Prefix";

  // ---- netip ----

  /** {@code netip.Addr.UnmarshalText}: empty is the zero Addr (printed as ""). */
  static Object parseAddr(String s) throws GoJsonDecoder.JsonException {
    if (s.isEmpty()) {
      return "";
    }
    try {
      return addr(s).format();
    } catch (AddrException e) {
      throw new GoJsonDecoder.JsonException(e.getMessage());
    }
  }

  /** {@code netip.Prefix.UnmarshalText}, as the prefix's {@code String()}. */
  static Object parsePrefix(String s) throws GoJsonDecoder.JsonException {
    if (s.isEmpty()) {
      return INVALID_PREFIX;
    }
    String err = "netip.ParsePrefix(" + GoText.quote(s) + "): ";
    int slash = s.lastIndexOf('/');
    if (slash < 0) {
      throw new GoJsonDecoder.JsonException(err + "no '/'");
    }
    Addr a;
    try {
      a = addr(s.substring(0, slash));
    } catch (AddrException e) {
      throw new GoJsonDecoder.JsonException(err + e.getMessage());
    }
    if (!a.zone().isEmpty()) {
      throw new GoJsonDecoder.JsonException(err + "IPv6 zones cannot be present in a prefix");
    }
    String bits = s.substring(slash + 1);
    int n = bits.isEmpty() || bits.length() > 3 ? -1 : 0;
    for (int i = 0; i < bits.length() && n >= 0; i++) {
      char c = bits.charAt(i);
      n = c >= '0' && c <= '9' ? n * 10 + (c - '0') : -1;
    }
    if (n < 0 || (bits.length() > 1 && bits.charAt(0) == '0')) {
      throw new GoJsonDecoder.JsonException(err + "bad bits after slash: " + GoText.quote(bits));
    }
    if (n > (a.is4() ? 32 : 128)) {
      throw new GoJsonDecoder.JsonException(err + "prefix length out of range");
    }
    return a.format() + "/" + n;
  }

  /** {@code network.HardwareAddr.UnmarshalText} ({@code net.ParseMAC}); the text is kept. */
  static Object parseMac(String s) throws GoJsonDecoder.JsonException {
    if (s.isEmpty() || validMac(s)) {
      return s;
    }
    throw new GoJsonDecoder.JsonException("address " + s + ": invalid MAC address");
  }

  private static boolean validMac(String s) {
    int len = s.length();
    if (len < 14) {
      return false;
    }
    if (s.charAt(2) == ':' || s.charAt(2) == '-') {
      char sep = s.charAt(2);
      if ((len + 1) % 3 != 0) {
        return false;
      }
      int n = (len + 1) / 3;
      if (n != 6 && n != 8 && n != 20) {
        return false;
      }
      for (int i = 0, x = 0; i < n; i++, x += 3) {
        if (!hex(s.charAt(x)) || !hex(s.charAt(x + 1)) || (i < n - 1 && s.charAt(x + 2) != sep)) {
          return false;
        }
      }
      return true;
    }
    if (len > 4 && s.charAt(4) == '.') {
      if ((len + 1) % 5 != 0) {
        return false;
      }
      int n = 2 * (len + 1) / 5;
      if (n != 6 && n != 8 && n != 20) {
        return false;
      }
      for (int x = 0; x < len; x += 5) {
        for (int k = 0; k < 4; k++) {
          if (!hex(s.charAt(x + k))) {
            return false;
          }
        }
        if (x + 4 < len && s.charAt(x + 4) != '.') {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  // ---- net ----

  /** {@code net.ParseCIDR}'s IP as {@code IP.String()} prints it; throws with Go's message. */
  static String cidrIp(String s) throws AddrException {
    int slash = s.indexOf('/');
    AddrException bad = new AddrException("invalid CIDR address: " + s);
    if (slash < 0) {
      throw bad;
    }
    Addr a;
    try {
      a = addr(s.substring(0, slash));
    } catch (AddrException e) {
      throw bad;
    }
    if (!a.zone().isEmpty()) {
      throw bad;
    }
    String mask = s.substring(slash + 1);
    int n = 0;
    if (mask.isEmpty()) {
      throw bad;
    }
    for (int i = 0; i < mask.length(); i++) {
      char c = mask.charAt(i);
      if (c < '0' || c > '9' || n > 0xFFFFFF) {
        throw bad;
      }
      n = n * 10 + (c - '0');
    }
    if (n > (a.is4() ? 32 : 128)) {
      throw bad;
    }
    byte[] b = a.bytes();
    if (a.is4() || isV4Mapped(b)) {
      return dotted(b, b.length - 4);
    }
    return hex6(b);
  }

  /** A parse failure with Go's message. */
  static final class AddrException extends Exception {
    private static final long serialVersionUID = 1L;

    AddrException(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code netip.ParseAddr}. */
  static Addr addr(String s) throws AddrException {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '.':
          return new Addr(ipv4(s, s, 0, s.length()), "");
        case ':':
          return ipv6(s);
        case '%':
          throw error(s, "missing IPv6 address", null);
        default:
          break;
      }
    }
    throw error(s, "unable to parse IP", null);
  }

  private static AddrException error(String in, String msg, String at) {
    String text = "ParseAddr(" + GoText.quote(in) + "): " + msg;
    if (at != null && !at.isEmpty()) {
      text += " (at " + GoText.quote(at) + ")";
    }
    return new AddrException(text);
  }

  /** The four bytes of {@code in[off, end)}, dotted decimal without leading zeros. */
  private static byte[] ipv4(String in, String whole, int off, int end) throws AddrException {
    byte[] out = new byte[4];
    String s = in.substring(off, end);
    int val = 0;
    int pos = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && val == 0) {
          throw error(whole, "IPv4 field has octet with leading zero", null);
        }
        val = val * 10 + (c - '0');
        digits++;
        if (val > 255) {
          throw error(whole, "IPv4 field has value >255", null);
        }
      } else if (c == '.') {
        if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
          throw error(whole, "IPv4 field must have at least one digit", s.substring(i));
        }
        if (pos == 3) {
          throw error(whole, "IPv4 address too long", null);
        }
        out[pos++] = (byte) val;
        val = 0;
        digits = 0;
      } else {
        throw error(whole, "unexpected character", s.substring(i));
      }
    }
    if (pos < 3) {
      throw error(whole, "IPv4 address too short", null);
    }
    out[3] = (byte) val;
    return out;
  }

  private static Addr ipv6(String in) throws AddrException {
    String s = in;
    String zone = "";
    int pct = s.indexOf('%');
    if (pct >= 0) {
      zone = s.substring(pct + 1);
      s = s.substring(0, pct);
      if (zone.isEmpty()) {
        throw error(in, "zone must be a non-empty string", null);
      }
    }
    byte[] ip = new byte[16];
    int ellipsis = -1;
    if (s.length() >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      s = s.substring(2);
      if (s.isEmpty()) {
        return new Addr(ip, zone);
      }
    }
    int i = 0;
    while (i < 16) {
      int off = 0;
      int acc = 0;
      for (; off < s.length(); off++) {
        char c = s.charAt(off);
        int d = c < 0x80 ? Character.digit(c, 16) : -1;
        if (d < 0) {
          break;
        }
        acc = (acc << 4) + d;
        if (off > 3) {
          throw error(in, "each group must have 4 or less digits", s);
        }
        if (acc > 0xFFFF) {
          throw error(in, "IPv6 field has value >=2^16", s);
        }
      }
      if (off == 0) {
        throw error(in, "each colon-separated field must have at least one digit", s);
      }
      if (off < s.length() && s.charAt(off) == '.') {
        if (ellipsis < 0 && i != 12) {
          throw error(
              in, "embedded IPv4 address must replace the final 2 fields of the address", s);
        }
        if (i + 4 > 16) {
          throw error(
              in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
        }
        int end = in.length() - (zone.isEmpty() ? 0 : zone.length() + 1);
        byte[] v4 = ipv4(in, in, end - s.length(), end);
        System.arraycopy(v4, 0, ip, i, 4);
        s = "";
        i += 4;
        break;
      }
      ip[i] = (byte) (acc >> 8);
      ip[i + 1] = (byte) acc;
      i += 2;
      s = s.substring(off);
      if (s.isEmpty()) {
        break;
      }
      if (s.charAt(0) != ':') {
        throw error(in, "unexpected character, want colon", s);
      } else if (s.length() == 1) {
        throw error(in, "colon must be followed by more characters", s);
      }
      s = s.substring(1);
      if (s.charAt(0) == ':') {
        if (ellipsis >= 0) {
          throw error(in, "multiple :: in address", s);
        }
        ellipsis = i;
        s = s.substring(1);
        if (s.isEmpty()) {
          break;
        }
      }
    }
    if (!s.isEmpty()) {
      throw error(in, "trailing garbage after address", s);
    }
    if (i < 16) {
      if (ellipsis < 0) {
        throw error(in, "address string too short", null);
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + n] = ip[j];
      }
      for (int j = ellipsis; j < ellipsis + n; j++) {
        ip[j] = 0;
      }
    } else if (ellipsis >= 0) {
      throw error(in, "the :: must expand to at least one field of zeros", s);
    }
    return new Addr(ip, zone);
  }

  private static boolean isV4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static String dotted(byte[] b, int off) {
    return (b[off] & 0xff)
        + "."
        + (b[off + 1] & 0xff)
        + "."
        + (b[off + 2] & 0xff)
        + "."
        + (b[off + 3] & 0xff);
  }

  /** RFC 5952: lower-case hex, the first longest run of two or more zero groups as {@code ::}. */
  private static String hex6(byte[] b) {
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (group(b, i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && group(b, j) == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group(b, i)));
    }
    return sb.toString();
  }

  private static int group(byte[] b, int i) {
    return ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
