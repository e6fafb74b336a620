package io.promsd.sd.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authentication as gophercloud's {@code openstack.Authenticate} ({@code openstack/client.go}): an
 * identity endpoint ending in {@code /v3/} or {@code /v2.0/} is used as it is, any other is asked
 * for its versions ({@code utils.ChooseVersion}: the version whose link is the endpoint itself,
 * else the highest of v3 and v2.0 whose status is current, supported or stable); then one token
 * request. Prometheus authenticates again on every refresh, so a token never outlives one refresh.
 */
final class Keystone {
  /** A token and the catalog that came with it. The token is never logged. */
  record Session(String token, Catalog catalog) {
    @Override
    public String toString() {
      return "Session[token=<secret>]";
    }
  }

  private static final Pattern VERSION = Pattern.compile("v[0-9.]+/?");

  private final Http http;
  private final AuthOptions options;
  private final String identityEndpoint;
  private final String identityBase;

  private Keystone(Http http, AuthOptions options, String endpoint, String base) {
    this.http = http;
    this.options = options;
    this.identityEndpoint = endpoint;
    this.identityBase = base;
  }

  /**
   * gophercloud's {@code NewClient}: the endpoint and its unversioned base, both with a trailing
   * slash.
   *
   * @throws IllegalArgumentException when the endpoint is not a URL (Go's {@code url.Parse} text)
   */
  static Keystone of(Http http, AuthOptions options) {
    String endpoint = options.identityEndpoint();
    return new Keystone(
        http, options, Catalog.normalize(endpoint), Catalog.normalize(baseEndpoint(endpoint)));
  }

  /** {@code utils.BaseEndpoint}: the URL without query and fragment, cut before the version. */
  static String baseEndpoint(String endpoint) {
    URI u;
    try {
      u = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "parse "
              + io.promsd.relabel.internal.config.GoText.quote(endpoint)
              + ": "
              + e.getReason(),
          e);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    Matcher m = VERSION.matcher(path);
    if (m.find()) {
      path = path.substring(0, path.indexOf(m.group()));
    }
    StringBuilder sb = new StringBuilder();
    if (u.getScheme() != null) {
      sb.append(u.getScheme()).append(':');
    }
    if (u.getRawAuthority() != null) {
      sb.append("//").append(u.getRawAuthority());
    }
    return sb.append(path).toString();
  }

  /**
   * Gets a token.
   *
   * @throws OpenStackException with gophercloud's text (not yet wrapped)
   */
  Session authenticate() throws OpenStackException, InterruptedException {
    String v2 = "v2.0";
    String chosen;
    String endpoint;
    if (identityEndpoint.endsWith("/v2.0/")) {
      chosen = v2;
      endpoint = identityEndpoint;
    } else if (identityEndpoint.endsWith("/v3/")) {
      chosen = "v3";
      endpoint = identityEndpoint;
    } else {
      String[] pick = chooseVersion();
      chosen = pick[0];
      endpoint = pick[1];
    }
    return chosen.equals(v2) ? v2auth(endpoint) : v3auth(endpoint);
  }

  private String[] chooseVersion() throws OpenStackException, InterruptedException {
    Http.Response r = http.exchange("GET", identityBase, null, null, 200, 300);
    JsonNode doc = GoJson.parse(r.body());
    JsonNode values = doc.path("versions").path("values");
    String highest = null;
    int highestPriority = -1;
    String endpoint = "";
    if (values.isArray()) {
      for (JsonNode value : values) {
        String id = value.path("id").asText("");
        String status = value.path("status").asText("");
        String href = "";
        for (JsonNode link : value.path("links")) {
          if (link.path("rel").asText("").equals("self")) {
            href = Catalog.normalize(link.path("href").asText(""));
          }
        }
        for (String[] version : new String[][] {{"v2.0", "20"}, {"v3", "30"}}) {
          if (!id.contains(version[0])) {
            continue;
          }
          if (href.equals(identityEndpoint)) {
            return new String[] {version[0], href};
          }
          String s = status.toLowerCase(Locale.ROOT);
          int priority = Integer.parseInt(version[1]);
          if ((s.equals("current") || s.equals("supported") || s.equals("stable"))
              && (highest == null || priority > highestPriority)) {
            highest = version[0];
            highestPriority = priority;
            endpoint = href;
          }
        }
      }
    }
    if (highest == null) {
      throw new OpenStackException("No supported version available from endpoint " + identityBase);
    }
    if (endpoint.isEmpty()) {
      throw new OpenStackException(
          "Endpoint missing in version " + highest + " response from " + identityBase);
    }
    return new String[] {highest, endpoint};
  }

  private Session v3auth(String endpoint) throws OpenStackException, InterruptedException {
    ObjectNode body = options.v3Body();
    Http.Response r = http.exchange("POST", endpoint + "auth/tokens", null, bytes(body), 201, 202);
    JsonNode doc = GoJson.parse(r.body());
    String token = r.headers().firstValue("X-Subject-Token").orElse("");
    return new Session(token, Catalog.v3(doc.path("token").get("catalog")));
  }

  private Session v2auth(String endpoint) throws OpenStackException, InterruptedException {
    ObjectNode body = options.v2Body();
    Http.Response r = http.exchange("POST", endpoint + "tokens", null, bytes(body), 200, 203);
    JsonNode doc = GoJson.parse(r.body());
    JsonNode access = doc.path("access");
    String token = access.path("token").path("id").asText("");
    return new Session(token, Catalog.v2(access.get("serviceCatalog")));
  }

  private static byte[] bytes(ObjectNode body) throws OpenStackException {
    try {
      return GoJson.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new OpenStackException("json: " + e.getOriginalMessage(), e);
    }
  }
}
