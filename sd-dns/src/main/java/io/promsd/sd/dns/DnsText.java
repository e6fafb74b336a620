package io.promsd.sd.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Names and records as miekg/dns prints them ({@code msg.go} {@code UnpackDomainName}): labels
 * joined by dots with a final dot, the root as {@code .}; the bytes {@code . space ' @ ; ( ) " \}
 * escaped with a backslash, other bytes outside {@code ' '..'~'} as {@code \DDD}. Case is kept.
 */
final class DnsText {
  private DnsText() {}

  static String name(Name n) {
    int labels = n.labels();
    StringBuilder sb = new StringBuilder(n.length() + 4);
    for (int i = 0; i < labels; i++) {
      byte[] label = n.getLabel(i);
      if (label.length <= 1) {
        continue; // the root label
      }
      for (int j = 1; j < label.length; j++) {
        int b = label[j] & 0xff;
        switch (b) {
          case '.', ' ', '\'', '@', ';', '(', ')', '"', '\\' -> sb.append('\\').append((char) b);
          default -> {
            if (b < ' ' || b > '~') {
              sb.append('\\').append(String.format(java.util.Locale.ROOT, "%03d", b));
            } else {
              sb.append((char) b);
            }
          }
        }
      }
      sb.append('.');
    }
    return sb.length() == 0 ? "." : sb.toString();
  }

  /** A record in zone-file form, as miekg's {@code RR.String} lays it out (for logs). */
  static String record(Record r) {
    return name(r.getName())
        + "\t"
        + r.getTTL()
        + "\t"
        + DClass.string(r.getDClass())
        + "\t"
        + Type.string(r.getType())
        + "\t"
        + r.rdataToString();
  }
}
