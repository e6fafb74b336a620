package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.ConfigException;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.GoText;
import io.promsd.relabel.config.Node;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client settings that every HTTP-based SD config and scrape config inlines
 * (prometheus/common's {@code HTTPClientConfig}, {@code config/http_config.go}): authentication,
 * TLS, redirects, HTTP/2, proxy and extra headers.
 *
 * <p>Which keys exist and how they are checked follows the {@link #compat()} the config was decoded
 * under: {@link Compat#PROMETHEUS_3} follows prometheus/common as used by Prometheus 3.x (v0.70),
 * {@link Compat#PROMETHEUS_2} follows v0.39.0 (Prometheus 2.42), in which the 3.x-only keys are
 * unknown fields. Decoding reads no file; files are read when a client or a request is made, and
 * credential files on every request, as Prometheus does.
 *
 * <p>Immutable and thread-safe. Secrets print as {@code <secret>} and the proxy URL's password as
 * {@code xxxxx}, so {@link #toString()} is safe to log.
 *
 * <pre>{@code
 * Fields f = decoder.struct(node, "consul.plain");
 * String server = decoder.string(f.take("server"));
 * HttpClientConfig http = HttpClientConfig.decodeInline(f, configDir, compat);
 * f.finish();
 * ...
 * http = http.validate();
 * HttpClient client = http.newHttpClientBuilder().build();
 * RequestHeaders headers = http.newRequestHeaders();
 * }</pre>
 *
 * @param basicAuth {@code basic_auth}, or null when absent
 * @param authorization {@code authorization}, or null when absent
 * @param oauth2 {@code oauth2}, or null when absent
 * @param bearerToken {@code bearer_token} (moved into {@code authorization} by {@link #validate})
 * @param bearerTokenFile {@code bearer_token_file}, resolved (moved likewise)
 * @param tlsConfig {@code tls_config}
 * @param followRedirects {@code follow_redirects}, default true
 * @param enableHttp2 {@code enable_http2}, default true
 * @param proxy {@code proxy_url}, {@code no_proxy}, {@code proxy_from_environment}, {@code
 *     proxy_connect_header}
 * @param httpHeaders {@code http_headers} by header name, or null when absent (3.x only)
 * @param compat the Prometheus whose rules the config follows
 */
public record HttpClientConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    OAuth2 oauth2,
    Secret bearerToken,
    String bearerTokenFile,
    TlsConfig tlsConfig,
    boolean followRedirects,
    boolean enableHttp2,
    ProxyConfig proxy,
    Map<String, HttpHeader> httpHeaders,
    Compat compat) {

  /** The defaults under Prometheus 3.x: follow redirects, HTTP/2 on, nothing else set. */
  public static final HttpClientConfig DEFAULT = defaults(Compat.PROMETHEUS_3);

  // prometheus/common config/headers.go ReservedHeaders (3.x).
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "Authorization",
          "Host",
          "Content-Encoding",
          "Content-Length",
          "Content-Type",
          "User-Agent",
          "Connection",
          "Keep-Alive",
          "Proxy-Authenticate",
          "Proxy-Authorization",
          "Www-Authenticate",
          "Accept-Encoding",
          "X-Prometheus-Remote-Write-Version",
          "X-Prometheus-Remote-Read-Version",
          "X-Prometheus-Scrape-Timeout-Seconds",
          "X-Amz-Date",
          "X-Amz-Security-Token",
          "X-Amz-Content-Sha256");

  private static final Set<String> KEYS_2 =
      Set.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "proxy_url",
          "proxy_connect_header",
          "tls_config",
          "follow_redirects",
          "enable_http2");

  private static final Set<String> KEYS_3 =
      Set.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "follow_redirects",
          "enable_http2",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header",
          "http_headers");

  /** Checks and copies. */
  public HttpClientConfig {
    requireNonNull(bearerToken, "bearerToken");
    requireNonNull(bearerTokenFile, "bearerTokenFile");
    requireNonNull(tlsConfig, "tlsConfig");
    requireNonNull(proxy, "proxy");
    requireNonNull(compat, "compat");
    if (httpHeaders != null) {
      httpHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(httpHeaders));
    }
  }

  /** The defaults that Prometheus applies before decoding, under {@code compat}. */
  public static HttpClientConfig defaults(Compat compat) {
    return new HttpClientConfig(
        null,
        null,
        null,
        Secret.empty(),
        "",
        TlsConfig.EMPTY,
        true,
        true,
        ProxyConfig.NONE,
        null,
        compat);
  }

  /**
   * Takes the HTTP client keys out of the fields of the struct that inlines them (an SD config, a
   * scrape config), as Go's {@code yaml:",inline"} does: the keys this {@code compat} does not know
   * stay untaken, so the caller's {@link Fields#finish()} reports them as {@code field X not found
   * in type kubernetes.plain}, naming the caller's type. Type errors go to {@code
   * fields.decoder()}. Nested blocks are decoded in document order and a {@code tls_config}, {@code
   * oauth2} or {@code proxy_url} that Prometheus rejects while unmarshalling throws at once; the
   * checks of {@link #validate()} are left to the caller, which runs them when its decode had no
   * type errors.
   *
   * @param fields the enclosing struct's fields; the caller calls {@code finish()} afterwards
   * @param configDir the config file's directory, against which relative file paths are resolved as
   *     Prometheus's {@code SetDirectory} does (null leaves them as written)
   * @param compat which Prometheus to follow
   * @throws ConfigException for a value Prometheus rejects while unmarshalling
   */
  public static HttpClientConfig decodeInline(Fields fields, Path configDir, Compat compat) {
    return decodeInline(fields, configDir, compat, null);
  }

  /**
   * {@link #decodeInline(Fields, Path, Compat)}, handing each key that is not an HTTP client
   * setting to {@code otherKey} in the same pass, so that the enclosing struct's own fields and the
   * inlined ones are decoded in document order, as yaml.v2 does (the first value that fails at once
   * is the error Prometheus reports).
   *
   * @param otherKey called with each key this {@code compat}'s HTTP client config does not know, in
   *     document order among the HTTP keys; null to leave those keys to the caller
   */
  public static HttpClientConfig decodeInline(
      Fields fields, Path configDir, Compat compat, java.util.function.Consumer<String> otherKey) {
    Decoder d = fields.decoder();
    boolean v3 = compat == Compat.PROMETHEUS_3;
    BasicAuth basicAuth = null;
    Authorization authorization = null;
    OAuth2 oauth2 = null;
    Secret bearerToken = Secret.empty();
    String bearerTokenFile = "";
    TlsConfig tls = TlsConfig.EMPTY;
    boolean followRedirects = true;
    boolean enableHttp2 = true;
    ProxyConfig.Parts proxy = new ProxyConfig.Parts();
    Map<String, HttpHeader> headers = null;
    for (String name : fields.remaining()) {
      if (!(v3 ? KEYS_3 : KEYS_2).contains(name)) {
        if (otherKey != null) {
          otherKey.accept(name);
        }
        continue;
      }
      Node v = fields.take(name);
      boolean isNull = v == null || v.isNull();
      switch (name) {
        case "basic_auth" -> basicAuth = isNull ? null : BasicAuth.decode(v, d, configDir, compat);
        case "authorization" ->
            authorization = isNull ? null : Authorization.decode(v, d, configDir, compat);
        case "oauth2" -> oauth2 = isNull ? null : OAuth2.decode(v, d, configDir, compat);
        case "bearer_token" -> bearerToken = Secret.decode(d, v);
        case "bearer_token_file" -> bearerTokenFile = GoPath.joinDir(configDir, d.string(v));
        case "tls_config" -> tls = TlsConfig.decode(v, d, configDir, compat);
        // yaml.v2 sets a present null to the zero value, false, not to the default.
        case "follow_redirects" -> followRedirects = d.bool(v, false);
        case "enable_http2" -> enableHttp2 = d.bool(v, false);
        case "http_headers" ->
            headers = d.map(v, "config.Headers", h -> HttpHeader.decode(h, d, configDir));
        default -> proxy.decode(name, v, d, compat, true);
      }
    }
    return new HttpClientConfig(
        basicAuth,
        authorization,
        oauth2,
        bearerToken,
        bearerTokenFile,
        tls,
        followRedirects,
        enableHttp2,
        proxy.build(),
        headers,
        compat);
  }

  /**
   * Decodes a standalone HTTP client config mapping ({@code config.plain} in Go's messages, as
   * {@code HTTPClientConfig.UnmarshalYAML} decodes through a {@code plain} type), finishing its
   * fields and, when it had no type errors, validating it as {@code UnmarshalYAML} does. A null
   * node gives the defaults.
   *
   * @return the validated config (unvalidated if type errors were collected in {@code d})
   * @throws ConfigException for what Prometheus rejects, located at {@code node}
   */
  public static HttpClientConfig decode(Node node, Decoder d, Path configDir, Compat compat) {
    int mark = d.typeErrorCount();
    Fields f = d.struct(node, "config.plain");
    HttpClientConfig c = decodeInline(f, configDir, compat);
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return c;
    }
    try {
      return c.validate();
    } catch (ConfigException e) {
      throw d.error(node, e.getMessage());
    }
  }

  /**
   * Runs Prometheus's {@code HTTPClientConfig.Validate()} for {@link #compat()}: the same checks in
   * the same order with the same messages, and the same normalization: {@code bearer_token} and
   * {@code bearer_token_file} become an {@code authorization} of type {@code Bearer}, and an
   * authorization type is trimmed and defaults to {@code Bearer}.
   *
   * @return the normalized config
   * @throws ConfigException with Prometheus's message (no location)
   */
  public HttpClientConfig validate() {
    String err = validationError();
    if (err != null) {
      throw new ConfigException(err, null, 0);
    }
    return normalized();
  }

  private String validationError() {
    boolean v3 = compat == Compat.PROMETHEUS_3;
    boolean bearer = !bearerToken.isEmpty() || !bearerTokenFile.isEmpty();
    if (!bearerToken.isEmpty() && !bearerTokenFile.isEmpty()) {
      return "at most one of bearer_token & bearer_token_file must be configured";
    }
    if ((basicAuth != null || oauth2 != null) && bearer) {
      return "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
          + " configured";
    }
    if (basicAuth != null) {
      BasicAuth b = basicAuth;
      if (v3) {
        if (TlsConfig.count(b.username(), b.usernameFile(), b.usernameRef()) > 1) {
          return "at most one of basic_auth username, username_file & username_ref must be"
              + " configured";
        }
        if (TlsConfig.count(b.password().reveal(), b.passwordFile(), b.passwordRef()) > 1) {
          return "at most one of basic_auth password, password_file & password_ref must be"
              + " configured";
        }
      } else if (!b.password().isEmpty() && !b.passwordFile().isEmpty()) {
        return "at most one of basic_auth password & password_file must be configured";
      }
    }
    if (authorization != null) {
      Authorization a = authorization;
      if (bearer) {
        return "authorization is not compatible with bearer_token & bearer_token_file";
      }
      if (TlsConfig.count(a.credentials().reveal(), a.credentialsFile(), a.credentialsRef()) > 1) {
        return "at most one of authorization credentials & credentials_file must be configured";
      }
      if (GoText.toLower(authorizationType(a)).equals("basic")) {
        return "authorization type cannot be set to \"basic\", use \"basic_auth\" instead";
      }
      if (basicAuth != null || oauth2 != null) {
        return "at most one of basic_auth, oauth2 & authorization must be configured";
      }
    }
    if (oauth2 != null) {
      OAuth2 o = oauth2;
      if (basicAuth != null) {
        return "at most one of basic_auth, oauth2 & authorization must be configured";
      }
      if (o.clientId().isEmpty()) {
        return "oauth2 client_id must be configured";
      }
      if (v3) {
        if (o.tokenUrl().isEmpty()) {
          return "oauth2 token_url must be configured";
        }
        if (o.jwtBearer()) {
          if (TlsConfig.count(
                  o.clientCertificateKey().reveal(),
                  o.clientCertificateKeyFile(),
                  o.clientCertificateKeyRef())
              > 1) {
            return "at most one of oauth2 client_certificate_key, client_certificate_key_file &"
                + " client_certificate_key_ref must be configured using"
                + " grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer";
          }
          if (!o.signatureAlgorithm().isEmpty()
              && !List.of("RS256", "RS384", "RS512").contains(o.signatureAlgorithm())) {
            return "valid signature algorithms are RS256, RS384 and RS512";
          }
        } else if (TlsConfig.count(
                o.clientSecret().reveal(), o.clientSecretFile(), o.clientSecretRef())
            > 1) {
          return "at most one of oauth2 client_secret, client_secret_file & client_secret_ref"
              + " must be configured using grant-type=client_credentials";
        }
      } else {
        if (o.clientSecret().isEmpty() && o.clientSecretFile().isEmpty()) {
          return "either oauth2 client_secret or client_secret_file must be configured";
        }
        if (o.tokenUrl().isEmpty()) {
          return "oauth2 token_url must be configured";
        }
        if (!o.clientSecret().isEmpty() && !o.clientSecretFile().isEmpty()) {
          return "at most one of oauth2 client_secret & client_secret_file must be configured";
        }
      }
    }
    String err = proxy.validationError(compat);
    if (err != null) {
      return err;
    }
    if (httpHeaders != null) {
      for (String name : httpHeaders.keySet()) {
        String canonical = canonicalHeaderKey(name);
        if (RESERVED_HEADERS.contains(canonical)) {
          return "setting header " + GoText.quote(canonical) + " is not allowed";
        }
      }
    }
    return null;
  }

  private static String authorizationType(Authorization a) {
    String t = GoText.trimSpace(a.type());
    return t.isEmpty() ? "Bearer" : t;
  }

  private HttpClientConfig normalized() {
    Authorization auth = authorization;
    Secret token = bearerToken;
    String tokenFile = bearerTokenFile;
    if (auth != null) {
      auth = auth.withType(authorizationType(auth));
    } else {
      if (!token.isEmpty()) {
        auth = new Authorization("Bearer", token, "", "");
        token = Secret.empty();
      }
      if (!tokenFile.isEmpty()) {
        auth = new Authorization("Bearer", Secret.empty(), tokenFile, "");
        tokenFile = "";
      }
    }
    return new HttpClientConfig(
        basicAuth,
        auth,
        oauth2,
        token,
        tokenFile,
        tlsConfig,
        followRedirects,
        enableHttp2,
        proxy,
        httpHeaders,
        compat);
  }

  /**
   * Go's {@code http.CanonicalHeaderKey}: {@code user-agent} becomes {@code User-Agent}; a key with
   * a byte that is not a token character is returned unchanged.
   */
  static String canonicalHeaderKey(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean token =
          c < 0x80
              && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)
              && c > ' ';
      if (!token) {
        return s;
      }
    }
    StringBuilder sb = new StringBuilder(s.length());
    boolean upper = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (upper && c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      } else if (!upper && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      sb.append(c);
      upper = c == '-';
    }
    return sb.toString();
  }

  /**
   * Whether this config equals the defaults (Go's {@code reflect.DeepEqual} with {@code
   * DefaultHTTPClientConfig}, which Kubernetes SD uses to tell a custom HTTP config): {@code
   * follow_redirects: false} alone is not default, and neither is an empty {@code basic_auth: {}}
   * or {@code http_headers: {}}. The compat is not compared.
   */
  public boolean isDefault() {
    return equals(defaults(compat));
  }

  /** A copy with {@code basic_auth} set (Consul SD turns its own username and password into it). */
  public HttpClientConfig withBasicAuth(BasicAuth basicAuth) {
    return new HttpClientConfig(
        basicAuth,
        authorization,
        oauth2,
        bearerToken,
        bearerTokenFile,
        tlsConfig,
        followRedirects,
        enableHttp2,
        proxy,
        httpHeaders,
        compat);
  }

  /**
   * A {@link HttpClient.Builder} set up as Prometheus sets up its client: redirects followed
   * ({@code ALWAYS}, as Go follows them) or not, HTTP/2 or HTTP/1.1 only, the proxy, and TLS from
   * {@code tls_config} (CA and client certificate files are read now, to fail early, and again when
   * they change). The caller adds timeouts and an executor.
   *
   * <p>Not supported by {@code java.net.http}, so not applied: {@code proxy_connect_header} and a
   * user name and password in the proxy URL. Go speaks HTTP/2 only over TLS; with {@code
   * enable_http2} the JDK also offers an {@code h2c} upgrade on plain {@code http} URLs, which a
   * caller can avoid with {@code HttpRequest.Builder.version(HTTP_1_1)} for such URLs. TLS 1.0 and
   * 1.1 stay disabled by the JDK's security properties whatever {@code min_version} says.
   *
   * @throws IOException when a file can't be read or holds no usable PEM data, with Prometheus's
   *     wording (e.g. {@code unable to use specified CA cert file /x})
   */
  public HttpClient.Builder newHttpClientBuilder() throws IOException {
    TlsContext tls = newTlsContext();
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(
                followRedirects ? HttpClient.Redirect.ALWAYS : HttpClient.Redirect.NEVER)
            .version(enableHttp2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .sslContext(tls.sslContext());
    SSLParameters params = tls.sslContext().getDefaultSSLParameters();
    if (tlsConfig.minVersion() != null || tlsConfig.maxVersion() != null) {
      params.setProtocols(TlsContexts.protocols(tlsConfig));
    }
    b.sslParameters(params);
    ProxySelector selector = newProxySelector();
    if (selector != null) {
      b.proxy(selector);
    }
    return b;
  }

  /**
   * The TLS setup of {@code tls_config}, for clients that are not {@code java.net.http} (OkHttp
   * needs the trust manager beside the context). {@code server_name} and {@code
   * insecure_skip_verify} are applied by the trust manager; protocol versions are limited by the
   * context's default parameters.
   *
   * @throws IOException as {@link #newHttpClientBuilder()}
   */
  public TlsContext newTlsContext() throws IOException {
    return TlsContexts.build(tlsConfig, compat);
  }

  /**
   * The proxy selector of the proxy settings, or null for a direct connection: {@code proxy_url}
   * for every request (or, with {@code no_proxy}, except the hosts it names and loopback, as Go's
   * {@code httpproxy} decides), or the environment's {@code HTTP_PROXY}, {@code HTTPS_PROXY} and
   * {@code NO_PROXY} read now.
   *
   * @throws IOException for a proxy scheme {@code java.net.http} can't use (only {@code http})
   */
  public ProxySelector newProxySelector() throws IOException {
    return ProxySelection.of(proxy);
  }

  /**
   * The source of the headers each request needs: {@code Authorization} (from {@code
   * authorization}, {@code basic_auth}, {@code oauth2} or an unvalidated {@code bearer_token}) and
   * {@code http_headers}. Credential files are read on every request.
   *
   * @throws IOException when a credential comes from a secret manager ({@code *_ref}): Prometheus
   *     has none, and fails with {@code unable to use credentials: cannot use secret ref without
   *     manager} and the like
   */
  public RequestHeaders newRequestHeaders() throws IOException {
    return RequestHeaders.of(this);
  }
}
