package io.promsd.sd.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * A resolv.conf as Prometheus's DNS discovery reads it: miekg/dns's {@code ClientConfigFromReader}
 * and {@code NameList} ({@code clientconfig.go}, v1.1.50), not the C library's reading nor Go's own
 * resolver. Only {@code nameserver}, {@code domain}, {@code search} and {@code options} count;
 * {@code timeout}, {@code attempts} and {@code rotate} are read and then ignored by Prometheus
 * ({@code discovery/dns/dns.go} uses miekg's fixed 2 s timeouts, one try per server, servers in
 * file order).
 *
 * @param servers the {@code nameserver} words, in order, as written (IP literals normally)
 * @param search the search suffixes ({@code search} or {@code domain}, the last line wins)
 * @param ndots names with more labels than this are asked as they are first (default 1, 0..15)
 * @param timeout {@code options timeout:} (default 5, at least 1); unused, as in Prometheus
 * @param attempts {@code options attempts:} (default 2, at least 1); unused, as in Prometheus
 */
record ResolvConf(List<String> servers, List<String> search, int ndots, int timeout, int attempts) {
  ResolvConf {
    servers = List.copyOf(servers);
    search = List.copyOf(search);
  }

  /** bufio.MaxScanTokenSize. */
  private static final int MAX_LINE = 64 * 1024;

  /** Reads resolv.conf text line by line, as miekg's parser splits it. */
  static ResolvConf parse(String text) {
    List<String> servers = new ArrayList<>();
    List<String> search = new ArrayList<>();
    int ndots = 1;
    int timeout = 5;
    int attempts = 2;
    for (String line : text.split("\n", -1)) {
      if (line.length() >= MAX_LINE) {
        break; // bufio.Scanner stops at a line longer than its buffer; miekg keeps what it read
      }
      List<String> f = fields(line);
      if (f.isEmpty()) {
        continue;
      }
      switch (f.get(0)) {
        case "nameserver" -> {
          if (f.size() > 1) {
            servers.add(f.get(1));
          }
        }
        case "domain" -> {
          search = new ArrayList<>();
          if (f.size() > 1) {
            search.add(f.get(1));
          }
        }
        case "search" -> search = new ArrayList<>(f.subList(1, f.size()));
        case "options" -> {
          for (String s : f.subList(1, f.size())) {
            if (s.startsWith("ndots:")) {
              ndots = (int) Math.max(0, Math.min(15, atoi(s.substring(6))));
            } else if (s.startsWith("timeout:")) {
              timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, atoi(s.substring(8))));
            } else if (s.startsWith("attempts:")) {
              attempts = (int) Math.max(1, Math.min(Integer.MAX_VALUE, atoi(s.substring(9))));
            }
          }
        }
        default -> {}
      }
    }
    return new ResolvConf(servers, search, ndots, timeout, attempts);
  }

  /**
   * The names to ask for {@code name}, in order (miekg's {@code NameList}): a name ending in a dot
   * alone; otherwise, with more labels than {@code ndots}, the name first and then the name with
   * each suffix, else the suffixed names first and the name last. All end in a dot.
   */
  List<String> nameList(String name) {
    if (DnsNames.isFqdn(name)) {
      return List.of(name);
    }
    boolean hasNdots = DnsNames.countLabels(name) > ndots;
    String fqdn = DnsNames.fqdn(name);
    List<String> names = new ArrayList<>(search.size() + 1);
    if (hasNdots) {
      names.add(fqdn);
    }
    for (String s : search) {
      names.add(DnsNames.fqdn(fqdn + s));
    }
    if (!hasNdots) {
      names.add(fqdn);
    }
    return names;
  }

  /** Go's {@code strings.Fields}: split around runs of white space. */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out;
  }

  private static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\r'
        || c == '\u000b'
        || c == '\f'
        || c == '\u0085'
        || c == '\u00a0'
        || Character.isSpaceChar(c);
  }

  /**
   * Go's {@code strconv.Atoi} as miekg uses it, ignoring the error: malformed text reads as 0, a
   * number out of range as the nearest int64 (which miekg then clamps).
   */
  static long atoi(String s) {
    int i = 0;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (i == s.length()) {
      return 0;
    }
    long v = 0;
    boolean overflow = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      if (!overflow) {
        if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
          overflow = true;
        } else {
          v = v * 10 + (c - '0');
        }
      }
    }
    if (overflow) {
      return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return negative ? -v : v;
  }
}
