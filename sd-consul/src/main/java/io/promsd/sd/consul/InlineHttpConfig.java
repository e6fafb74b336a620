package io.promsd.sd.consul;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.Node;
import io.promsd.sd.config.Secret;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * SEAM(wip-http): a stand-in for {@code io.promsd.sd.config.HttpClientConfig}, Prometheus's inline
 * {@code <http_config>}, which another branch adds to sd-core. Until it lands on main, only the
 * settings Consul's own validation looks at are read here: {@code basic_auth} (username, password),
 * {@code authorization} (type, credentials), {@code oauth2} (its presence only), {@code
 * follow_redirects} and {@code enable_http2}; every other http_config key is still reported as an
 * unknown field. Replace this class with {@code HttpClientConfig.decodeInline}, {@code validate()}
 * and its client builder when {@code git merge main} brings it.
 *
 * @param basicAuth the basic_auth block, or null
 * @param authorization the authorization block, or null
 * @param oauth2 whether an oauth2 block was given (not supported by the seam)
 * @param followRedirects follow_redirects (default true)
 * @param enableHttp2 enable_http2 (default true)
 */
record InlineHttpConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    boolean oauth2,
    boolean followRedirects,
    boolean enableHttp2) {

  /** {@code basic_auth}. */
  record BasicAuth(String username, Secret password) {}

  /** {@code authorization}; the type defaults to {@code Bearer}. */
  record Authorization(String type, Secret credentials) {}

  /** Prometheus's {@code config.DefaultHTTPClientConfig}. */
  static final InlineHttpConfig DEFAULT = new InlineHttpConfig(null, null, false, true, true);

  /** Reads the seam's keys from the fields of the enclosing SD config. */
  static InlineHttpConfig decodeInline(Fields f, Path configDir, Compat compat) {
    Decoder d = f.decoder();
    BasicAuth basic = null;
    Node n = f.take("basic_auth");
    if (n != null && !n.isNull()) {
      Fields b = d.struct(n, "config.BasicAuth");
      String user = d.string(b.take("username"));
      String pass = d.string(b.take("password"));
      b.finish();
      basic = new BasicAuth(user, Secret.of(pass));
    }
    Authorization auth = null;
    n = f.take("authorization");
    if (n != null && !n.isNull()) {
      Fields a = d.struct(n, "config.Authorization");
      String type = d.string(a.take("type"));
      String creds = d.string(a.take("credentials"));
      a.finish();
      auth = new Authorization(type.isEmpty() ? "Bearer" : type, Secret.of(creds));
    }
    n = f.take("oauth2");
    boolean oauth2 = n != null && !n.isNull();
    boolean follow = d.bool(f.take("follow_redirects"), true);
    boolean http2 = d.bool(f.take("enable_http2"), true);
    return new InlineHttpConfig(basic, auth, oauth2, follow, http2);
  }

  boolean hasBasicAuth() {
    return basicAuth != null;
  }

  boolean hasAuthorization() {
    return authorization != null;
  }

  boolean hasOAuth2() {
    return oauth2;
  }

  /** A copy with {@code basic_auth} set (Consul's deprecated username and password). */
  InlineHttpConfig withBasicAuth(String username, Secret password) {
    return new InlineHttpConfig(
        new BasicAuth(username, password), authorization, oauth2, followRedirects, enableHttp2);
  }

  /**
   * The seam's validation: it cannot build an OAuth2 client, so it refuses oauth2 outright.
   *
   * @throws IllegalArgumentException for oauth2
   */
  InlineHttpConfig validate() {
    if (oauth2) {
      throw new IllegalArgumentException(
          "oauth2 is not supported yet in consul_sd_configs (promsd: pending HttpClientConfig)");
    }
    return this;
  }

  /** Whether nothing differs from Prometheus's defaults. */
  boolean isDefault() {
    return equals(DEFAULT);
  }

  /** The {@code Authorization} header value, if basic_auth or authorization is set. */
  Optional<String> authorizationHeader() {
    if (basicAuth != null) {
      String raw = basicAuth.username() + ":" + basicAuth.password().reveal();
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }
    if (authorization != null) {
      return Optional.of(authorization.type() + " " + authorization.credentials().reveal());
    }
    return Optional.empty();
  }

  /** A client builder with the redirect policy set; the caller adds executor and timeouts. */
  HttpClient.Builder clientBuilder() {
    return HttpClient.newBuilder()
        .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
  }
}
