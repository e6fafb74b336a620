package io.promsd.sd.internal.httpclient;

import io.promsd.relabel.internal.config.GoText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code net/url}, as far as Prometheus and the clients of its discoverers need it: {@link
 * #parse} (which strings {@code url.Parse} rejects, with Go's error texts such as {@code parse
 * "::": missing protocol scheme}, and the parts a URL is made of), {@link #redact}, and the
 * escaping that decides what goes on the wire: {@link #queryEscape}, {@link #pathEscape} and {@link
 * #encode} ({@code url.Values.Encode}).
 *
 * @param scheme lower-cased scheme, empty if none
 * @param user the unescaped user name, or null when the URL has no user info
 * @param password the unescaped password, or null when none
 * @param host the host and optional {@code :port}, as written (brackets kept for IPv6)
 * @param empty whether Go's {@code URL.String()} of the result is empty
 */
public record GoUrl(String scheme, String user, String password, String host, boolean empty) {

  /** Thrown with Go's {@code *url.Error} text. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String raw, String problem) {
      super("parse " + GoText.quote(raw) + ": " + problem);
    }
  }

  /** The host without the port and without IPv6 brackets. */
  public String hostname() {
    if (host.startsWith("[")) {
      int i = host.lastIndexOf(']');
      return i < 0 ? host.substring(1) : host.substring(1, i);
    }
    int i = host.lastIndexOf(':');
    return i < 0 ? host : host.substring(0, i);
  }

  /** The port after the host, or empty. */
  public String port() {
    int close = host.lastIndexOf(']');
    int i = host.lastIndexOf(':');
    return i > close ? host.substring(i + 1) : "";
  }

  /** The URL with any password replaced by {@code xxxxx}, as Go's {@code URL.Redacted}. */
  public static String redact(String raw) {
    try {
      GoUrl u = parse(raw);
      if (u.password == null) {
        return raw;
      }
      int at = raw.indexOf('@', raw.indexOf("//") + 2);
      int colon = raw.indexOf(':', raw.indexOf("//") + 2);
      if (at < 0 || colon < 0 || colon > at) {
        return raw;
      }
      return raw.substring(0, colon + 1) + "xxxxx" + raw.substring(at);
    } catch (ParseException e) {
      return raw;
    }
  }

  /**
   * Parses {@code raw} as Go's {@code url.Parse} does.
   *
   * @throws ParseException with Go's text, for what Go rejects
   */
  public static GoUrl parse(String raw) throws ParseException {
    int hash = raw.indexOf('#');
    String rest = hash < 0 ? raw : raw.substring(0, hash);
    String fragment = hash < 0 ? "" : raw.substring(hash + 1);
    // Go names the URL without its fragment in errors from the main part.
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new ParseException(rest, "net/url: invalid control character in URL");
      }
    }
    GoUrl u = parseNoFragment(rest);
    String err = unescapeError(fragment, Mode.FRAGMENT);
    if (err != null) {
      throw new ParseException(raw, err);
    }
    boolean empty = rest.isEmpty() && fragment.isEmpty();
    return new GoUrl(u.scheme, u.user, u.password, u.host, empty);
  }

  private static GoUrl parseNoFragment(String raw) throws ParseException {
    String rest = raw;
    if (rest.equals("*")) {
      return new GoUrl("", null, null, "", false);
    }
    String scheme = "";
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new ParseException(raw, "missing protocol scheme");
        }
        scheme = rest.substring(0, i).toLowerCase(Locale.ROOT);
        rest = rest.substring(i + 1);
      }
      break;
    }
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return new GoUrl(scheme, null, null, "", false); // opaque, like mailto:x
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new ParseException(raw, "first path segment in URL cannot contain colon");
      }
    }
    String user = null;
    String password = null;
    String host = "";
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      } else {
        rest = "";
      }
      int at = authority.lastIndexOf('@');
      host = authority.substring(at + 1);
      String err = hostError(host);
      if (err != null) {
        throw new ParseException(raw, err);
      }
      if (at >= 0) {
        String userinfo = authority.substring(0, at);
        if (!validUserinfo(userinfo)) {
          throw new ParseException(raw, "net/url: invalid userinfo");
        }
        int colon = userinfo.indexOf(':');
        user = colon < 0 ? userinfo : userinfo.substring(0, colon);
        password = colon < 0 ? null : userinfo.substring(colon + 1);
        for (String part : new String[] {user, password}) {
          String e = part == null ? null : unescapeError(part, Mode.USER);
          if (e != null) {
            throw new ParseException(raw, e);
          }
        }
        user = unescape(user);
        password = password == null ? null : unescape(password);
      }
    }
    String err = unescapeError(rest, Mode.PATH);
    if (err != null) {
      throw new ParseException(raw, err);
    }
    return new GoUrl(scheme, user, password, host, false);
  }

  private enum Mode {
    HOST,
    PATH,
    USER,
    FRAGMENT
  }

  // url.parseHost: the port must be digits; the host may hold only some characters.
  private static String hostError(String host) {
    if (host.startsWith("[")) {
      int i = host.lastIndexOf(']');
      if (i < 0) {
        return "missing ']' in host";
      }
      String colonPort = host.substring(i + 1);
      if (!validOptionalPort(colonPort)) {
        return "invalid port " + GoText.quote(colonPort) + " after host";
      }
      int zone = host.substring(0, i).indexOf("%25");
      if (zone >= 0) {
        String e = unescapeError(host.substring(0, zone), Mode.HOST);
        return e != null ? e : unescapeError(host.substring(i), Mode.HOST);
      }
    } else {
      int i = host.lastIndexOf(':');
      if (i >= 0) {
        String colonPort = host.substring(i);
        if (!validOptionalPort(colonPort)) {
          return "invalid port " + GoText.quote(colonPort) + " after host";
        }
      }
    }
    return unescapeError(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean validUserinfo(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        continue;
      }
      if ("-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  // url.unescape's checks: a '%' needs two hex digits; a host allows few characters.
  private static String unescapeError(String s, Mode mode) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          String bad = s.substring(i, Math.min(s.length(), i + 3));
          return "invalid URL escape " + GoText.quote(bad);
        }
        if (mode == Mode.HOST
            && Character.digit(s.charAt(i + 1), 16) < 8
            && !s.startsWith("%25", i)) {
          return "invalid URL escape " + GoText.quote(s.substring(i, i + 3));
        }
        i += 2;
      } else if (mode == Mode.HOST && c < 0x80 && !hostChar(c)) {
        return "invalid character " + GoText.quote(String.valueOf(c)) + " in host name";
      }
    }
    return null;
  }

  private static boolean hostChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        out.writeBytes(s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Go's {@code url.Values.Encode()}: keys in byte order, each key and value {@link #queryEscape
   * query-escaped}, a repeated key's values in their order.
   */
  public static String encode(Map<String, List<String>> params) {
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

  /**
   * Go's {@code url.QueryEscape}: letters, digits and {@code -_.~} stay, space becomes {@code +},
   * every other UTF-8 byte {@code %XX}.
   */
  public static String queryEscape(String s) {
    return escape(s, true);
  }

  /**
   * Go's {@code URL.EscapedPath()} for a path with no raw form: as {@link #queryEscape}, but {@code
   * $ & + , / : ; = @} stay and space is {@code %20}.
   */
  public static String pathEscape(String s) {
    return escape(s, false);
  }

  /**
   * Go's {@code url.URL{Scheme, Host, Path, RawQuery}.String()}: {@code scheme:}, then {@code //}
   * and the host escaped as a host (sub-delimiters, {@code :}, {@code []<>"} stay), the path {@link
   * #pathEscape escaped} with a {@code /} put before it when it lacks one, and {@code ?rawQuery}
   * when the query is not empty.
   */
  public static String format(String scheme, String host, String path, String rawQuery) {
    StringBuilder sb = new StringBuilder();
    if (!scheme.isEmpty()) {
      sb.append(scheme).append(':');
    }
    if ((!scheme.isEmpty() || !host.isEmpty()) && (!host.isEmpty() || !path.isEmpty())) {
      sb.append("//");
      sb.append(escape(host, HOST));
    }
    String p = path.equals("*") ? path : escape(path, PATH);
    if (!p.isEmpty() && p.charAt(0) != '/' && !host.isEmpty()) {
      sb.append('/');
    }
    if (sb.length() == 0) {
      int slash = p.indexOf('/');
      if ((slash < 0 ? p : p.substring(0, slash)).indexOf(':') >= 0) {
        sb.append("./"); // a first segment with a colon would read as a scheme
      }
    }
    sb.append(p);
    if (!rawQuery.isEmpty()) {
      sb.append('?').append(rawQuery);
    }
    return sb.toString();
  }

  private static final int QUERY = 0;
  private static final int PATH = 1;
  private static final int HOST = 2;

  private static String escape(String s, boolean query) {
    return escape(s, query ? QUERY : PATH);
  }

  private static String escape(String s, int mode) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (mode == QUERY && c == ' ') {
        sb.append('+');
      } else if (shouldEscape(c, mode)) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  // net/url shouldEscape for encodeQueryComponent, encodePath and encodeHost.
  private static boolean shouldEscape(int c, int mode) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return false;
    }
    if (mode == HOST) {
      switch (c) {
        case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '[', ']', '<', '>', '"':
          return false;
        default:
          break;
      }
    }
    switch (c) {
      case '-', '_', '.', '~':
        return false;
      case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
        return mode != PATH || c == '?';
      default:
        return true;
    }
  }
}
