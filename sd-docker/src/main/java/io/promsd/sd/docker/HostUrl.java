package io.promsd.sd.docker;

import io.promsd.relabel.config.GoText;

/**
 * Go's {@code net/url.Parse} as far as the {@code host} check of the moby configs needs it: which
 * strings it rejects, with Go's texts ({@code parse ":foo": missing protocol scheme}). Nothing of
 * the parsed URL is used: the Docker client splits the host itself ({@link EngineHost}).
 */
final class HostUrl {
  private HostUrl() {}

  /** Go's error for {@code url.Parse(raw)}, or null when Go parses it. */
  static String parseError(String raw) {
    int hash = raw.indexOf('#');
    String rest = hash < 0 ? raw : raw.substring(0, hash);
    String fragment = hash < 0 ? "" : raw.substring(hash + 1);
    // Go names the URL without its fragment in errors from the main part.
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return error(rest, "net/url: invalid control character in URL");
      }
    }
    String err = mainPartError(rest);
    if (err != null) {
      return error(rest, err);
    }
    err = unescapeError(fragment, false);
    return err == null ? null : error(raw, err);
  }

  private static String error(String url, String problem) {
    return "parse " + GoText.quote(url) + ": " + problem;
  }

  private static String mainPartError(String raw) {
    String rest = raw;
    if (rest.equals("*")) {
      return null;
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
          return "missing protocol scheme";
        }
        scheme = rest.substring(0, i);
        rest = rest.substring(i + 1);
      }
      break;
    }
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return null; // opaque, like mailto:x
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        return "first path segment in URL cannot contain colon";
      }
    }
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
      String err = hostError(authority.substring(at + 1));
      if (err != null) {
        return err;
      }
      if (at >= 0) {
        String userinfo = authority.substring(0, at);
        if (!validUserinfo(userinfo)) {
          return "net/url: invalid userinfo";
        }
        int colon = userinfo.indexOf(':');
        String user = colon < 0 ? userinfo : userinfo.substring(0, colon);
        err = unescapeError(user, false);
        if (err == null && colon >= 0) {
          err = unescapeError(userinfo.substring(colon + 1), false);
        }
        if (err != null) {
          return err;
        }
      }
    }
    return unescapeError(rest, false);
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
        String e = unescapeError(host.substring(0, zone), true);
        return e != null ? e : unescapeError(host.substring(i), true);
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
    return unescapeError(host, true);
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
  private static String unescapeError(String s, boolean host) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          String bad = s.substring(i, Math.min(s.length(), i + 3));
          return "invalid URL escape " + GoText.quote(bad);
        }
        if (host && Character.digit(s.charAt(i + 1), 16) < 8 && !s.startsWith("%25", i)) {
          return "invalid URL escape " + GoText.quote(s.substring(i, i + 3));
        }
        i += 2;
      } else if (host && c < 0x80 && !hostChar(c)) {
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
    return c < 0x80 && Character.digit(c, 16) >= 0;
  }
}
