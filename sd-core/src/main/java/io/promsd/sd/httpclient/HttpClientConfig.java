package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoPath;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509TrustManager;

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
      throw d.error(node, e.reason());
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

  /**
   * The {@code basic_auth} block (prometheus/common's {@code BasicAuth}). Strings are empty when
   * not set; file paths are resolved against the config file's directory. Immutable; the password
   * prints as {@code <secret>}.
   *
   * @param username the user name
   * @param usernameFile file holding the user name (3.x only)
   * @param usernameRef secret-manager name of the user name (3.x only)
   * @param password the password
   * @param passwordFile file holding the password, read on every request
   * @param passwordRef secret-manager name of the password (3.x only)
   */
  public record BasicAuth(
      String username,
      String usernameFile,
      String usernameRef,
      Secret password,
      String passwordFile,
      String passwordRef) {

    /** Checks for nulls. */
    public BasicAuth {
      requireNonNull(username, "username");
      requireNonNull(usernameFile, "usernameFile");
      requireNonNull(usernameRef, "usernameRef");
      requireNonNull(password, "password");
      requireNonNull(passwordFile, "passwordFile");
      requireNonNull(passwordRef, "passwordRef");
    }

    /** Basic auth with an inline user name and password, as Consul SD's own fields make it. */
    public static BasicAuth of(String username, Secret password) {
      return new BasicAuth(username, "", "", password, "", "");
    }

    /** Decodes a {@code basic_auth} mapping; Go names it {@code config.plain} in type errors. */
    static BasicAuth decode(Node n, Decoder d, Path configDir, Compat compat) {
      Fields f = d.struct(n, "config.plain");
      boolean v3 = compat == Compat.PROMETHEUS_3;
      String usernameFile = v3 ? d.string(f.take("username_file")) : "";
      String usernameRef = v3 ? d.string(f.take("username_ref")) : "";
      String passwordRef = v3 ? d.string(f.take("password_ref")) : "";
      BasicAuth b =
          new BasicAuth(
              d.string(f.take("username")),
              GoPath.joinDir(configDir, usernameFile),
              usernameRef,
              Secret.decode(d, f.take("password")),
              GoPath.joinDir(configDir, d.string(f.take("password_file"))),
              passwordRef);
      f.finish();
      return b;
    }
  }

  /**
   * The {@code authorization} block (prometheus/common's {@code Authorization}): the {@code
   * Authorization} header is {@code <type> <credentials>}. Strings are empty when not set; after
   * {@link HttpClientConfig#validate()} the type is trimmed and defaults to {@code Bearer}.
   * Immutable; the credentials print as {@code <secret>}.
   *
   * @param type the scheme, e.g. {@code Bearer}
   * @param credentials the credentials
   * @param credentialsFile file holding the credentials, read on every request
   * @param credentialsRef secret-manager name of the credentials (3.x only)
   */
  public record Authorization(
      String type, Secret credentials, String credentialsFile, String credentialsRef) {

    /** Checks for nulls. */
    public Authorization {
      requireNonNull(type, "type");
      requireNonNull(credentials, "credentials");
      requireNonNull(credentialsFile, "credentialsFile");
      requireNonNull(credentialsRef, "credentialsRef");
    }

    /** Decodes an {@code authorization} mapping ({@code config.Authorization} in Go's messages). */
    static Authorization decode(Node n, Decoder d, Path configDir, Compat compat) {
      Fields f = d.struct(n, "config.Authorization");
      String ref = compat == Compat.PROMETHEUS_3 ? d.string(f.take("credentials_ref")) : "";
      Authorization a =
          new Authorization(
              d.string(f.take("type")),
              Secret.decode(d, f.take("credentials")),
              GoPath.joinDir(configDir, d.string(f.take("credentials_file"))),
              ref);
      f.finish();
      return a;
    }

    Authorization withType(String t) {
      return new Authorization(t, credentials, credentialsFile, credentialsRef);
    }
  }

  /**
   * The {@code oauth2} block (prometheus/common's {@code OAuth2}): a token fetched from {@code
   * token_url} with the client credentials grant, or (3.x) with a JWT bearer assertion signed by
   * {@code client_certificate_key}. Strings are empty when not set. Immutable; secrets print as
   * {@code <secret>}.
   *
   * @param clientId the client id
   * @param clientSecret the client secret
   * @param clientSecretFile file holding the client secret, re-read on every request
   * @param clientSecretRef secret-manager name of the client secret (3.x only)
   * @param clientCertificateKeyId {@code kid} of the JWT assertion's key (3.x only)
   * @param clientCertificateKey PEM RSA key signing the JWT assertion (3.x only)
   * @param clientCertificateKeyFile file with that key (3.x only; Prometheus does not resolve it
   *     against the config file's directory, and neither do we)
   * @param clientCertificateKeyRef secret-manager name of that key (3.x only)
   * @param grantType {@code client_credentials} (when empty) or {@code
   *     urn:ietf:params:oauth:grant-type:jwt-bearer} (3.x only)
   * @param signatureAlgorithm {@code RS256} (when empty), {@code RS384} or {@code RS512} (3.x only)
   * @param iss the assertion's issuer; the client id when empty (3.x only)
   * @param audience the assertion's audience; the token URL when empty (3.x only)
   * @param claims extra claims of the assertion (3.x only): strings, numbers, booleans, nulls,
   *     lists and maps
   * @param scopes the scopes to ask for
   * @param tokenUrl the token endpoint
   * @param endpointParams extra form parameters of the token request
   * @param tlsConfig TLS for the token endpoint
   * @param proxy proxy for the token endpoint (2.42: only {@code proxy_url})
   */
  public record OAuth2(
      String clientId,
      Secret clientSecret,
      String clientSecretFile,
      String clientSecretRef,
      String clientCertificateKeyId,
      Secret clientCertificateKey,
      String clientCertificateKeyFile,
      String clientCertificateKeyRef,
      String grantType,
      String signatureAlgorithm,
      String iss,
      String audience,
      Map<String, Object> claims,
      List<String> scopes,
      String tokenUrl,
      Map<String, String> endpointParams,
      TlsConfig tlsConfig,
      ProxyConfig proxy) {

    /** The JWT bearer grant of RFC 7523. */
    public static final String GRANT_TYPE_JWT_BEARER =
        "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** Checks and copies ({@code claims} may hold nulls). */
    public OAuth2 {
      requireNonNull(clientId, "clientId");
      requireNonNull(clientSecret, "clientSecret");
      requireNonNull(clientSecretFile, "clientSecretFile");
      requireNonNull(clientSecretRef, "clientSecretRef");
      requireNonNull(clientCertificateKeyId, "clientCertificateKeyId");
      requireNonNull(clientCertificateKey, "clientCertificateKey");
      requireNonNull(clientCertificateKeyFile, "clientCertificateKeyFile");
      requireNonNull(clientCertificateKeyRef, "clientCertificateKeyRef");
      requireNonNull(grantType, "grantType");
      requireNonNull(signatureAlgorithm, "signatureAlgorithm");
      requireNonNull(iss, "iss");
      requireNonNull(audience, "audience");
      claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
      scopes = List.copyOf(scopes);
      endpointParams = Collections.unmodifiableMap(new LinkedHashMap<>(endpointParams));
      requireNonNull(tokenUrl, "tokenUrl");
      requireNonNull(tlsConfig, "tlsConfig");
      requireNonNull(proxy, "proxy");
    }

    private static final Set<String> KEYS_2 =
        Set.of(
            "client_id",
            "client_secret",
            "client_secret_file",
            "scopes",
            "token_url",
            "endpoint_params",
            "proxy_url",
            "tls_config");
    private static final Set<String> KEYS_3 =
        Set.of(
            "client_id",
            "client_secret",
            "client_secret_file",
            "client_secret_ref",
            "client_certificate_key_id",
            "client_certificate_key",
            "client_certificate_key_file",
            "client_certificate_key_ref",
            "grant_type",
            "signature_algorithm",
            "iss",
            "audience",
            "claims",
            "scopes",
            "token_url",
            "endpoint_params",
            "tls_config",
            "proxy_url",
            "no_proxy",
            "proxy_from_environment",
            "proxy_connect_header");

    /**
     * Decodes an {@code oauth2} mapping: {@code config.plain} in 3.x's messages ({@code
     * config.OAuth2} in 2.42's, which had no unmarshaler of its own). 3.x then checks the proxy
     * settings: {@code OAuth2.UnmarshalYAML} calls {@code o.Validate()}, which is the embedded
     * {@code ProxyConfig}'s.
     */
    static OAuth2 decode(Node n, Decoder d, Path configDir, Compat compat) {
      boolean v3 = compat == Compat.PROMETHEUS_3;
      int mark = d.typeErrorCount();
      Fields f = d.struct(n, v3 ? "config.plain" : "config.OAuth2");
      String clientId = "";
      Secret clientSecret = Secret.empty();
      String clientSecretFile = "";
      String clientSecretRef = "";
      String keyId = "";
      Secret key = Secret.empty();
      String keyFile = "";
      String keyRef = "";
      String grantType = "";
      String signatureAlgorithm = "";
      String iss = "";
      String audience = "";
      Map<String, Object> claims = Map.of();
      List<String> scopes = List.of();
      String tokenUrl = "";
      Map<String, String> endpointParams = Map.of();
      TlsConfig tls = TlsConfig.EMPTY;
      ProxyConfig.Parts proxy = new ProxyConfig.Parts();
      // Document order: tls_config and proxy_url may fail at once, as in Go.
      for (String name : f.remaining()) {
        if (!(v3 ? KEYS_3 : KEYS_2).contains(name)) {
          continue; // unknown: finish() reports it
        }
        Node v = f.take(name);
        switch (name) {
          case "client_id" -> clientId = d.string(v);
          case "client_secret" -> clientSecret = Secret.decode(d, v);
          case "client_secret_file" -> clientSecretFile = d.string(v);
          case "client_secret_ref" -> clientSecretRef = d.string(v);
          case "client_certificate_key_id" -> keyId = d.string(v);
          case "client_certificate_key" -> key = Secret.decode(d, v);
          case "client_certificate_key_file" -> keyFile = d.string(v);
          case "client_certificate_key_ref" -> keyRef = d.string(v);
          case "grant_type" -> grantType = d.string(v);
          case "signature_algorithm" -> signatureAlgorithm = d.string(v);
          case "iss" -> iss = d.string(v);
          case "audience" -> audience = d.string(v);
          case "claims" -> claims = orEmpty(d.map(v, "map[string]interface {}", OAuth2::any));
          case "scopes" -> scopes = orEmpty(d.stringList(v, "[]string", "string"));
          case "token_url" -> tokenUrl = d.string(v);
          case "endpoint_params" ->
              endpointParams = orEmpty(d.map(v, "map[string]string", d::string));
          case "tls_config" -> tls = TlsConfig.decode(v, d, configDir, compat);
          default -> proxy.decode(name, v, d, compat, v3);
        }
      }
      f.finish();
      OAuth2 o =
          new OAuth2(
              clientId,
              clientSecret,
              GoPath.joinDir(configDir, clientSecretFile),
              clientSecretRef,
              keyId,
              key,
              keyFile,
              keyRef,
              grantType,
              signatureAlgorithm,
              iss,
              audience,
              claims,
              scopes,
              tokenUrl,
              endpointParams,
              tls,
              proxy.build());
      if (v3 && !d.typeErrorsSince(mark)) {
        String err = o.proxy.validationError(compat);
        if (err != null) {
          throw d.error(n, err);
        }
      }
      return o;
    }

    private static <T> List<T> orEmpty(List<T> l) {
      return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
      return m == null ? Map.of() : m;
    }

    /** Whether the JWT bearer grant is configured. */
    boolean jwtBearer() {
      return grantType.equals(GRANT_TYPE_JWT_BEARER);
    }

    /**
     * A value decoded into Go's {@code any} as yaml.v2 does: strings, {@code Long} or {@code
     * BigInteger}, {@code Double}, {@code Boolean}, null, lists and string-keyed maps. Used for JWT
     * claims, whose values are arbitrary.
     */
    private static Object any(Node n) {
      if (n == null || n.isNull()) {
        return null;
      }
      switch (n.kind()) {
        case SEQUENCE:
          {
            List<Object> items = new ArrayList<>();
            for (Node item : n.items()) {
              items.add(any(item));
            }
            return Collections.unmodifiableList(items);
          }
        case MAPPING:
          {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<Node, Node> e : n.entries()) {
              m.putIfAbsent(e.getKey().text(), any(e.getValue()));
            }
            return Collections.unmodifiableMap(m);
          }
        default:
          break;
      }
      String text = n.text().replace("_", "");
      switch (n.tag()) {
        case "!!bool":
          return d2bool(n.text());
        case "!!int":
          {
            BigInteger v = io.promsd.relabel.internal.config.Documents.parseGoInt(text);
            if (v != null) {
              return v.bitLength() <= 63 ? (Object) v.longValue() : v;
            }
            return n.text();
          }
        case "!!float":
          try {
            return Double.valueOf(text);
          } catch (NumberFormatException e) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
              case ".nan" -> Double.NaN;
              case "-.inf" -> Double.NEGATIVE_INFINITY;
              default -> Double.POSITIVE_INFINITY;
            };
          }
        default:
          return n.text();
      }
    }

    private static Boolean d2bool(String text) {
      return switch (text) {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> true;
        default -> false;
      };
    }
  }

  /**
   * The {@code tls_config} block of an HTTP client (prometheus/common's {@code TLSConfig}): where
   * the CA, the client certificate and its key come from, and how the server is checked. Strings
   * are empty when not set; file paths are already resolved against the config file's directory.
   * Immutable; the key prints as {@code <secret>}.
   *
   * @param ca inline PEM of the CA certificates (3.x only)
   * @param caFile file with the PEM CA certificates
   * @param caRef name of the CA in a secret manager (3.x only; Prometheus has no secret manager, so
   *     a client can't be built from it)
   * @param cert inline PEM of the client certificate (3.x only)
   * @param certFile file with the PEM client certificate
   * @param certRef secret-manager name of the client certificate (3.x only)
   * @param key inline PEM of the client key (3.x only)
   * @param keyFile file with the PEM client key
   * @param keyRef secret-manager name of the client key (3.x only)
   * @param serverName the name to check the server's certificate against (default: the URL's host)
   * @param insecureSkipVerify accept any server certificate
   * @param minVersion the lowest TLS version to offer, or null for the JDK's default
   * @param maxVersion the highest TLS version to offer, or null for the JDK's default
   */
  public record TlsConfig(
      String ca,
      String caFile,
      String caRef,
      String cert,
      String certFile,
      String certRef,
      Secret key,
      String keyFile,
      String keyRef,
      String serverName,
      boolean insecureSkipVerify,
      TlsVersion minVersion,
      TlsVersion maxVersion) {

    /** No TLS settings: system CAs, no client certificate, verification on. */
    public static final TlsConfig EMPTY =
        new TlsConfig("", "", "", "", "", "", Secret.empty(), "", "", "", false, null, null);

    /** Checks that nothing but the versions is null. */
    public TlsConfig {
      requireNonNull(ca, "ca");
      requireNonNull(caFile, "caFile");
      requireNonNull(caRef, "caRef");
      requireNonNull(cert, "cert");
      requireNonNull(certFile, "certFile");
      requireNonNull(certRef, "certRef");
      requireNonNull(key, "key");
      requireNonNull(keyFile, "keyFile");
      requireNonNull(keyRef, "keyRef");
      requireNonNull(serverName, "serverName");
    }

    /**
     * The TLS setup of this block alone, for clients that take a {@code tls_config} without the
     * rest of the HTTP client settings (OpenStack SD).
     *
     * @throws java.io.IOException as {@link HttpClientConfig#newTlsContext()}
     */
    public TlsContext newTlsContext(Compat compat) throws java.io.IOException {
      return TlsContexts.build(this, compat);
    }

    /** Whether a client certificate is configured in any of its three ways. */
    boolean usingClientCert() {
      return !cert.isEmpty() || !certFile.isEmpty() || !certRef.isEmpty();
    }

    /** Whether a client key is configured in any of its three ways. */
    boolean usingClientKey() {
      return !key.isEmpty() || !keyFile.isEmpty() || !keyRef.isEmpty();
    }

    /**
     * Prometheus 3.x's {@code TLSConfig.Validate}, run whenever a {@code tls_config} is decoded;
     * 2.42 had none (it found a lone cert or key file only when building the client).
     *
     * @return the error message, or null if valid
     */
    String validationError(Compat compat) {
      if (compat == Compat.PROMETHEUS_2) {
        return null;
      }
      if (count(ca, caFile, caRef) > 1) {
        return "at most one of ca, ca_file & ca_ref must be configured";
      }
      if (count(cert, certFile, certRef) > 1) {
        return "at most one of cert, cert_file & cert_ref must be configured";
      }
      if (count(key.reveal(), keyFile, keyRef) > 1) {
        // sic: key_ref is counted but not named in Prometheus's message
        return "at most one of key and key_file must be configured";
      }
      if (usingClientCert() && !usingClientKey()) {
        return "exactly one of key or key_file must be configured when a client certificate is"
            + " configured";
      }
      if (usingClientKey() && !usingClientCert()) {
        return "exactly one of cert or cert_file must be configured when a client key is configured";
      }
      return null;
    }

    static int count(String... values) {
      int n = 0;
      for (String v : values) {
        if (!v.isEmpty()) {
          n++;
        }
      }
      return n;
    }

    /**
     * Decodes a {@code tls_config} mapping ({@code config.plain} in Go's messages, as {@code
     * TLSConfig} unmarshals through a {@code plain} type), validating it as 3.x does when it had no
     * type errors. A null node gives {@link #EMPTY}. Public for configs that embed a TLS config
     * without the rest of the HTTP client settings (Triton SD).
     *
     * @param n the {@code tls_config} value
     * @param d the document's decoder, collecting type errors
     * @param configDir the config file's directory, to resolve files against
     * @param compat which Prometheus to follow
     * @return the decoded settings
     */
    public static TlsConfig decode(Node n, Decoder d, Path configDir, Compat compat) {
      int mark = d.typeErrorCount();
      Fields f = d.struct(n, "config.plain");
      boolean v3 = compat == Compat.PROMETHEUS_3;
      String ca = "";
      String caFile = "";
      String caRef = "";
      String cert = "";
      String certFile = "";
      String certRef = "";
      Secret key = Secret.empty();
      String keyFile = "";
      String keyRef = "";
      String serverName = "";
      boolean insecure = false;
      TlsVersion min = null;
      TlsVersion max = null;
      // Document order matters: an unknown TLS version fails at once, as in Go.
      for (String name : f.remaining()) {
        switch (name) {
          case "ca_file" -> caFile = d.string(f.take(name));
          case "cert_file" -> certFile = d.string(f.take(name));
          case "key_file" -> keyFile = d.string(f.take(name));
          case "server_name" -> serverName = d.string(f.take(name));
          case "insecure_skip_verify" -> insecure = d.bool(f.take(name), false);
          case "min_version" -> min = version(f.take(name), d);
          case "max_version" -> max = version(f.take(name), d);
          default -> {
            if (v3) {
              switch (name) {
                case "ca" -> ca = d.string(f.take(name));
                case "ca_ref" -> caRef = d.string(f.take(name));
                case "cert" -> cert = d.string(f.take(name));
                case "cert_ref" -> certRef = d.string(f.take(name));
                case "key" -> key = Secret.decode(d, f.take(name));
                case "key_ref" -> keyRef = d.string(f.take(name));
                default -> {}
              }
            }
          }
        }
      }
      f.finish();
      TlsConfig c =
          new TlsConfig(
              ca,
              GoPath.joinDir(configDir, caFile),
              caRef,
              cert,
              GoPath.joinDir(configDir, certFile),
              certRef,
              key,
              GoPath.joinDir(configDir, keyFile),
              keyRef,
              serverName,
              insecure,
              min,
              max);
      if (!d.typeErrorsSince(mark)) {
        String err = c.validationError(compat);
        if (err != null) {
          throw d.error(n, err);
        }
      }
      return c;
    }

    private static TlsVersion version(Node n, Decoder d) {
      if (n == null || n.isNull()) {
        return null;
      }
      int mark = d.typeErrorCount();
      String s = d.string(n);
      if (d.typeErrorsSince(mark)) {
        return null;
      }
      TlsVersion v = TlsVersion.ofName(s);
      if (v == null) {
        throw d.error(n, "unknown TLS version: " + s);
      }
      return v;
    }
  }

  /**
   * A TLS protocol version as {@code min_version} and {@code max_version} name it ({@code TLS10} to
   * {@code TLS13}), prometheus/common's {@code TLSVersion}.
   */
  public enum TlsVersion {
    /** TLS 1.0. */
    TLS10("TLSv1"),
    /** TLS 1.1. */
    TLS11("TLSv1.1"),
    /** TLS 1.2. */
    TLS12("TLSv1.2"),
    /** TLS 1.3. */
    TLS13("TLSv1.3");

    private final String jdkName;

    TlsVersion(String jdkName) {
      this.jdkName = jdkName;
    }

    /** The JSSE protocol name, e.g. {@code TLSv1.2}. */
    public String jdkName() {
      return jdkName;
    }

    /** The version of a YAML name, or null if unknown (names are case-sensitive, as in Go). */
    static TlsVersion ofName(String name) {
      for (TlsVersion v : values()) {
        if (v.name().equals(name)) {
          return v;
        }
      }
      return null;
    }
  }

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
       * Decodes {@code name} if it is one of the proxy keys that {@code compat} knows for this
       * struct ({@code withAll}: all four; otherwise only {@code proxy_url}, as 2.42's {@code
       * oauth2} had) and returns whether it was.
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

  /**
   * The values of one header in {@code http_headers} (prometheus/common's {@code Header}, 3.x
   * only): each value, secret and file content is added to every request, in that order. Files are
   * read on every request and trimmed. Immutable; secrets print as {@code <secret>}.
   *
   * @param values plain values
   * @param secrets secret values
   * @param files files holding values, resolved against the config file's directory
   */
  public record HttpHeader(List<String> values, List<Secret> secrets, List<String> files) {
    /** Copies. */
    public HttpHeader {
      values = List.copyOf(values);
      secrets = List.copyOf(secrets);
      files = List.copyOf(files);
    }

    /** Decodes one entry's value ({@code config.Header} in Go's messages). */
    static HttpHeader decode(Node n, Decoder d, Path configDir) {
      Fields f = d.struct(n, "config.Header");
      List<String> values = orEmpty(d.stringList(f.take("values"), "[]string", "string"));
      List<Secret> secrets = new ArrayList<>();
      List<Node> items = d.sequence(f.take("secrets"), "[]config.Secret");
      if (items != null) {
        for (Node item : items) {
          secrets.add(Secret.decode(d, item));
        }
      }
      List<String> files = new ArrayList<>();
      for (String file : orEmpty(d.stringList(f.take("files"), "[]string", "string"))) {
        files.add(GoPath.joinDir(configDir, file));
      }
      f.finish();
      return new HttpHeader(values, secrets, files);
    }

    private static List<String> orEmpty(List<String> l) {
      return l == null ? List.of() : l;
    }
  }

  /**
   * The TLS setup built from a {@link TlsConfig}, for HTTP clients that want the parts (OkHttp
   * takes the socket factory and the trust manager apart). The trust manager checks the server's
   * chain against the configured CA (re-read when its file changes) and its name against {@code
   * server_name}, or accepts anything under {@code insecure_skip_verify}; the key manager inside
   * the context presents the client certificate, re-read from its files on every handshake.
   *
   * @param sslContext the context, initialized with the trust manager and the client certificate
   * @param trustManager the trust manager inside {@code sslContext}
   * @param protocols the TLS protocols {@code min_version} and {@code max_version} allow, in JSSE
   *     names; empty when neither is set (the JDK's defaults)
   */
  public record TlsContext(
      SSLContext sslContext, X509TrustManager trustManager, List<String> protocols) {
    /** Checks and copies. */
    public TlsContext {
      requireNonNull(sslContext, "sslContext");
      requireNonNull(trustManager, "trustManager");
      protocols = List.copyOf(protocols);
    }
  }
}
