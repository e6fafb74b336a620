package io.promsd.sd.httpclient;

import io.promsd.sd.httpclient.HttpClientConfig.ProxyConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the proxy for a request as Prometheus's client does: {@code proxy_url} alone proxies
 * every request ({@code http.ProxyURL}); with {@code no_proxy}, or from the environment, the rules
 * of {@code golang.org/x/net/http/httpproxy} apply (loopback and {@code localhost} never proxied,
 * {@code NO_PROXY} entries as IPs, CIDRs or domain suffixes with optional ports).
 */
final class ProxySelection extends ProxySelector {
  private final Proxy httpProxy;
  private final Proxy httpsProxy;
  private final boolean everything; // http.ProxyURL: no exceptions at all
  private final List<String> noProxy;

  private ProxySelection(Proxy http, Proxy https, boolean everything, String noProxy) {
    this.httpProxy = http;
    this.httpsProxy = https;
    this.everything = everything;
    List<String> entries = new ArrayList<>();
    for (String p : noProxy.split(",", -1)) {
      String t = p.strip().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        entries.add(t);
      }
    }
    this.noProxy = List.copyOf(entries);
  }

  /** The selector of {@code c}, or null for direct connections. */
  static ProxySelector of(ProxyConfig c) throws IOException {
    return of(c, System.getenv());
  }

  static ProxySelector of(ProxyConfig c, Map<String, String> env) throws IOException {
    if (c.proxyFromEnvironment()) {
      Proxy http = envProxy(env, "HTTP_PROXY", "http_proxy");
      Proxy https = envProxy(env, "HTTPS_PROXY", "https_proxy");
      if (http == null && https == null) {
        return null;
      }
      if (env.getOrDefault("REQUEST_METHOD", "").length() > 0) {
        http = null; // httpproxy refuses HTTP_PROXY in a CGI environment
      }
      return new ProxySelection(http, https, false, envValue(env, "NO_PROXY", "no_proxy"));
    }
    if (!c.hasProxyUrl()) {
      return null;
    }
    Proxy p = proxy(c.proxyUrl());
    return new ProxySelection(p, p, c.noProxy().isEmpty(), c.noProxy());
  }

  private static String envValue(Map<String, String> env, String upper, String lower) {
    String v = env.get(upper);
    if (v == null || v.isEmpty()) {
      v = env.get(lower);
    }
    return v == null ? "" : v;
  }

  private static Proxy envProxy(Map<String, String> env, String upper, String lower)
      throws IOException {
    String v = envValue(env, upper, lower);
    if (v.isEmpty()) {
      return null;
    }
    try {
      GoUrl u = GoUrl.parse(v);
      if (u.scheme().isEmpty() || u.host().isEmpty()) {
        v = "http://" + v; // httpproxy.parseProxy retries with http://
      }
    } catch (GoUrl.ParseException e) {
      v = "http://" + v;
    }
    return proxy(v);
  }

  private static Proxy proxy(String raw) throws IOException {
    GoUrl u;
    try {
      u = GoUrl.parse(raw);
    } catch (GoUrl.ParseException e) {
      throw new IOException(e.getMessage(), e);
    }
    String scheme = u.scheme().isEmpty() ? "http" : u.scheme();
    if (!scheme.equals("http")) {
      throw new IOException(
          "proxy scheme " + scheme + " is not supported: java.net.http only uses http proxies");
    }
    String port = u.port();
    int p = port.isEmpty() ? 80 : Integer.parseInt(port);
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.hostname(), p));
  }

  @Override
  public List<Proxy> select(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Proxy p =
        switch (scheme) {
          case "https", "wss" -> httpsProxy;
          case "http", "ws" -> httpProxy;
          default -> null;
        };
    if (p == null || (!everything && !useProxy(uri))) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(p);
  }

  // httpproxy's config.useProxy.
  private boolean useProxy(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      return true;
    }
    int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    String port = String.valueOf(uri.getPort() < 0 ? defaultPort : uri.getPort());
    if (host.equals("localhost")) {
      return false;
    }
    InetAddress ip = TlsContexts.ipLiteral(host);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    for (String entry : noProxy) {
      if (matches(entry, host, port, ip)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(String entry, String host, String port, InetAddress ip) {
    if (entry.equals("*")) {
      return true;
    }
    int slash = entry.indexOf('/');
    if (slash > 0) {
      return ip != null && inCidr(ip, entry.substring(0, slash), entry.substring(slash + 1));
    }
    String phost = entry;
    String pport = "";
    int colon = entry.lastIndexOf(':');
    int close = entry.lastIndexOf(']');
    if (colon > close && (entry.startsWith("[") || entry.indexOf(':') == colon)) {
      phost = entry.substring(0, colon);
      pport = entry.substring(colon + 1);
      if (phost.startsWith("[") && phost.endsWith("]")) {
        phost = phost.substring(1, phost.length() - 1);
      }
    }
    InetAddress pip = TlsContexts.ipLiteral(phost);
    if (pip != null) {
      return ip != null && pip.equals(ip) && (pport.isEmpty() || pport.equals(port));
    }
    if (phost.isEmpty()) {
      return false;
    }
    if (phost.startsWith("*.")) {
      phost = phost.substring(1);
    }
    boolean matchHost = false;
    if (!phost.startsWith(".")) {
      matchHost = true;
      phost = "." + phost;
    }
    if (host.endsWith(phost) || (matchHost && host.equals(phost.substring(1)))) {
      return pport.isEmpty() || pport.equals(port);
    }
    return false;
  }

  private static boolean inCidr(InetAddress ip, String net, String bits) {
    InetAddress n = TlsContexts.ipLiteral(net);
    int prefix;
    try {
      prefix = Integer.parseInt(bits);
    } catch (NumberFormatException e) {
      return false;
    }
    if (n == null) {
      return false;
    }
    byte[] a = ip.getAddress();
    byte[] b = n.getAddress();
    if (a.length != b.length || prefix < 0 || prefix > a.length * 8) {
      return false;
    }
    for (int i = 0; i < prefix; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // nothing to learn: the same proxy is tried again next time, as in Go
  }
}
