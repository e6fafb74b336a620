package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The route prefix of {@code --web.route-prefix} and {@code --web.external-url}, computed as the
 * Pushgateway and Prometheus compute it: the prefix defaults to the external URL's path, and is
 * normalised to start but not end with {@code /}.
 */
public final class RoutePrefix {
  private RoutePrefix() {}

  /**
   * The Pushgateway's form (pushgateway {@code main.go} {@code computeRoutePrefix}): {@code ""} for
   * the root, else {@code /a/b}.
   *
   * @param routePrefix the flag's value, empty when not given
   * @param externalUrl the parsed external URL, or null when not given
   */
  public static String pushgateway(String routePrefix, URI externalUrl) {
    requireNonNull(routePrefix, "routePrefix");
    String prefix = routePrefix;
    if (prefix.isEmpty() && externalUrl != null) {
      prefix = pathOf(externalUrl);
    }
    if (prefix.equals("/")) {
      prefix = "";
    }
    if (!prefix.isEmpty()) {
      prefix = "/" + trimSlashes(prefix);
    }
    return prefix;
  }

  /**
   * Prometheus's form ({@code cmd/prometheus/main.go}): {@code /} for the root, else {@code /a/b}.
   *
   * @param routePrefix the flag's value, empty when not given
   * @param externalUrl the parsed external URL, or null when not given
   */
  public static String prometheus(String routePrefix, URI externalUrl) {
    requireNonNull(routePrefix, "routePrefix");
    String prefix = routePrefix;
    if (prefix.isEmpty() && externalUrl != null) {
      prefix = pathOf(externalUrl);
    }
    return "/" + trimSlashes(prefix);
  }

  /**
   * Parses an external URL flag as Go's {@code url.Parse} accepts it (kingpin's {@code URL()}
   * flag). An empty text gives null.
   *
   * @throws IllegalArgumentException when the text is not a URL
   */
  public static URI parseExternalUrl(String text) {
    requireNonNull(text, "text");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "parse " + quote(text) + ": " + e.getReason().toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  private static String pathOf(URI u) {
    String p = u.getRawPath();
    if (p == null) {
      return "";
    }
    return u.getPath();
  }

  // strings.Trim(s, "/")
  private static String trimSlashes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }

  private static String quote(String s) {
    return io.promsd.relabel.internal.config.GoText.quote(s);
  }
}
