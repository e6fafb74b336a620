package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy settings inlined in an HTTP client config and in {@code oauth2} (prometheus/common's
 * {@code ProxyConfig}). Immutable; {@link #toString()} hides the proxy URL's password and the
 * header values.
 *
 * @param proxyUrl the proxy URL, or null when {@code proxy_url} is absent (Go's nil URL; an empty
 *     string is a present but empty URL, which Prometheus treats differently in places)
 * @param noProxy comma-separated hosts, domains and CIDRs not to proxy (3.x only)
 * @param proxyFromEnvironment take the proxy from {@code HTTP_PROXY}, {@code HTTPS_PROXY} and
 *     {@code NO_PROXY} (3.x only)
 * @param proxyConnectHeader headers for the proxy's {@code CONNECT} requests, or null when absent
 *     (Go's nil map, which differs from an empty one for {@link HttpClientConfig#isDefault()})
 */
public record ProxyConfig(
    String proxyUrl,
    String noProxy,
    boolean proxyFromEnvironment,
    Map<String, List<Secret>> proxyConnectHeader) {

  /** No proxy. */
  public static final ProxyConfig NONE = new ProxyConfig(null, "", false, null);

  /** Checks and copies. */
  public ProxyConfig {
    requireNonNull(noProxy, "noProxy");
    if (proxyConnectHeader != null) {
      Map<String, List<Secret>> copy = new LinkedHashMap<>();
      proxyConnectHeader.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      proxyConnectHeader = Collections.unmodifiableMap(copy);
    }
  }

  /** Whether {@code proxy_url} is set to a URL whose string form is not empty. */
  boolean hasProxyUrl() {
    return proxyUrl != null && !proxyUrl.isEmpty() && !proxyUrl.equals("#");
  }

  /** Prometheus's check of the proxy settings; null when valid. */
  String validationError(Compat compat) {
    boolean headers = proxyConnectHeader != null && !proxyConnectHeader.isEmpty();
    if (compat == Compat.PROMETHEUS_2) {
      if (headers && !hasProxyUrl()) {
        return "if proxy_connect_header is configured proxy_url must also be configured";
      }
      return null;
    }
    if (headers && !proxyFromEnvironment && !hasProxyUrl()) {
      return "if proxy_connect_header is configured, proxy_url or proxy_from_environment must"
          + " also be configured";
    }
    if (proxyFromEnvironment && hasProxyUrl()) {
      return "if proxy_from_environment is configured, proxy_url must not be configured";
    }
    if (proxyFromEnvironment && !noProxy.isEmpty()) {
      return "if proxy_from_environment is configured, no_proxy must not be configured";
    }
    if (proxyUrl == null && !noProxy.isEmpty()) {
      return "if no_proxy is configured, proxy_url must also be configured";
    }
    return null;
  }

  @Override
  public String toString() {
    return "ProxyConfig[proxyUrl="
        + (proxyUrl == null ? null : GoUrl.redact(proxyUrl))
        + ", noProxy="
        + noProxy
        + ", proxyFromEnvironment="
        + proxyFromEnvironment
        + ", proxyConnectHeader="
        + proxyConnectHeader
        + "]";
  }

  /** The proxy fields as they are decoded one key at a time. */
  static final class Parts {
    String proxyUrl;
    String noProxy = "";
    boolean proxyFromEnvironment;
    Map<String, List<Secret>> proxyConnectHeader;

    ProxyConfig build() {
      return new ProxyConfig(proxyUrl, noProxy, proxyFromEnvironment, proxyConnectHeader);
    }

    /**
     * Decodes {@code name} if it is one of the proxy keys that {@code compat} knows for this struct
     * ({@code withAll}: all four; otherwise only {@code proxy_url}, as 2.42's {@code oauth2} had)
     * and returns whether it was.
     */
    boolean decode(String name, Node n, Decoder d, Compat compat, boolean withAll) {
      boolean v3 = compat == Compat.PROMETHEUS_3;
      switch (name) {
        case "proxy_url" -> proxyUrl = url(n, d);
        case "proxy_connect_header" -> {
          if (!withAll) {
            return false;
          }
          proxyConnectHeader = connectHeader(n, d, v3 ? "config.ProxyHeader" : "config.Header");
        }
        case "no_proxy" -> {
          if (!v3 || !withAll) {
            return false;
          }
          noProxy = d.string(n);
        }
        case "proxy_from_environment" -> {
          if (!v3 || !withAll) {
            return false;
          }
          proxyFromEnvironment = d.bool(n, false);
        }
        default -> {
          return false;
        }
      }
      return true;
    }

    private static String url(Node n, Decoder d) {
      if (n == null || n.isNull()) {
        return null;
      }
      int mark = d.typeErrorCount();
      String s = d.string(n);
      if (d.typeErrorsSince(mark)) {
        return null;
      }
      try {
        GoUrl.parse(s);
      } catch (GoUrl.ParseException e) {
        throw d.error(n, e.getMessage());
      }
      return s;
    }

    private static Map<String, List<Secret>> connectHeader(Node n, Decoder d, String goType) {
      return d.map(
          n,
          goType,
          v -> {
            List<Node> items = d.sequence(v, "[]config.Secret");
            List<Secret> out = new ArrayList<>();
            if (items != null) {
              for (Node item : items) {
                out.add(Secret.decode(d, item));
              }
            }
            return out;
          });
    }
  }
}
