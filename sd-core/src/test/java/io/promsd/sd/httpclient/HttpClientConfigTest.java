package io.promsd.sd.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig.Authorization;
import io.promsd.sd.httpclient.HttpClientConfig.BasicAuth;
import io.promsd.sd.httpclient.HttpClientConfig.HttpHeader;
import io.promsd.sd.httpclient.HttpClientConfig.OAuth2;
import io.promsd.sd.httpclient.HttpClientConfig.TlsVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing and validation of HTTP client configs inlined in an SD config, checked against the
 * messages of prometheus/common: HEAD (v0.70, Prometheus 3.x) for {@code PROMETHEUS_3} and v0.39.0
 * (Prometheus 2.42) for {@code PROMETHEUS_2}. Each group names its source.
 */
class HttpClientConfigTest {
  static final Path DIR = Path.of("/etc/prometheus");

  /** Decodes {@code yaml} as the body of a kubernetes_sd_configs entry, as the SD module will. */
  static HttpClientConfig load(String yaml, Compat compat) {
    Node root = Documents.parseYaml(yaml, "sd.yml");
    Decoder d = new Decoder("sd.yml");
    int mark = d.typeErrorCount();
    Fields f = d.struct(root, "kubernetes.plain");
    f.take("role");
    f.take("api_server");
    HttpClientConfig c = HttpClientConfig.decodeInline(f, DIR, compat);
    f.finish();
    if (d.typeErrorsSince(mark)) {
      d.finish(); // throws; Prometheus skips Validate after type errors
    }
    return c.validate();
  }

  static String error(String yaml, Compat compat) {
    try {
      load(yaml, compat);
    } catch (ConfigException e) {
      return e.reason();
    }
    throw new AssertionError("expected an error for:\n" + yaml);
  }

  static Arguments bad(Compat compat, String message, String yaml) {
    return Arguments.of(compat.major(), message, yaml);
  }

  static Stream<Arguments> invalid() {
    Compat p3 = Compat.PROMETHEUS_3;
    Compat p2 = Compat.PROMETHEUS_2;
    return Stream.of(
        // --- 3.x: HTTPClientConfig.Validate(), prometheus/common HEAD config/http_config.go:391;
        // texts as in http_config_test.go invalidHTTPClientConfigs and
        // prometheus config_test.go (bearertoken.bad.yml, kubernetes_*.bad.yml).
        bad(
            p3,
            "at most one of bearer_token & bearer_token_file must be configured",
            """
            bearer_token: 1234
            bearer_token_file: somefile
            """),
        bad(
            p3,
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
                + " configured",
            """
            bearer_token: 1234
            basic_auth:
              username: user
              password: password
            """),
        bad(
            p3,
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
                + " configured",
            """
            bearer_token_file: f
            oauth2: {client_id: a, token_url: http://t}
            """),
        bad(
            p3,
            "at most one of basic_auth username, username_file & username_ref must be configured",
            """
            basic_auth:
              username: user
              username_file: basic-auth-username
              password: foo
            """),
        bad(
            p3,
            "at most one of basic_auth password, password_file & password_ref must be configured",
            """
            basic_auth:
              username: user
              password: foo
              password_file: basic-auth-password
            """),
        bad(
            p3,
            "at most one of basic_auth password, password_file & password_ref must be configured",
            """
            basic_auth: {password_file: a, password_ref: b}
            """),
        bad(
            p3,
            "authorization is not compatible with bearer_token & bearer_token_file",
            """
            authorization:
              type: APIKEY
            bearer_token: foo
            """),
        bad(
            p3,
            "at most one of authorization credentials & credentials_file must be configured",
            """
            authorization:
              credentials: bearertoken
              credentials_file: key.txt
            """),
        bad(
            p3,
            "at most one of authorization credentials & credentials_file must be configured",
            """
            authorization: {credentials_file: key.txt, credentials_ref: vault-key}
            """),
        bad(
            p3,
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            """
            authorization:
              type: Basic
            """),
        bad(
            p3,
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            """
            authorization: {type: "  bAsIc  "}
            """),
        bad(
            p3,
            "at most one of basic_auth, oauth2 & authorization must be configured",
            """
            authorization:
              credentials: 1234
            basic_auth:
              username: user
              password: password
            """),
        bad(
            p3,
            "at most one of basic_auth, oauth2 & authorization must be configured",
            """
            basic_auth:
              username: user
              password: foo
            oauth2:
              client_id: foo
              client_secret: bar
            """),
        bad(
            p3,
            "oauth2 client_id must be configured",
            """
            oauth2:
              client_secret: "mysecret"
              token_url: "http://auth"
            """),
        bad(
            p3,
            "oauth2 token_url must be configured",
            """
            oauth2:
              client_id: "myclientid"
              client_secret: "mysecret"
            """),
        bad(
            p3,
            "at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be"
                + " configured using grant-type=client_credentials",
            """
            oauth2:
              client_id: "myclient"
              client_secret: "mysecret"
              client_secret_file: "mysecret"
              token_url: "http://auth"
            """),
        bad(
            p3,
            "at most one of oauth2 client_certificate_key, client_certificate_key_file &"
                + " client_certificate_key_ref must be configured using"
                + " grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer",
            """
            oauth2:
              client_id: "myclient"
              client_certificate_key: "mysecret"
              client_certificate_key_file: "mysecret"
              grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer"
              token_url: "http://auth"
            """),
        bad(
            p3,
            "valid signature algorithms are RS256, RS384 and RS512",
            """
            oauth2:
              client_id: c
              token_url: http://auth
              grant_type: urn:ietf:params:oauth:grant-type:jwt-bearer
              signature_algorithm: ES256
            """),
        // ProxyConfig.Validate(), HEAD http_config.go:1694; http.conf.proxy-*.bad.yaml.
        bad(
            p3,
            "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also"
                + " be configured",
            """
            proxy_connect_header:
              single:
                - value_0
            """),
        bad(
            p3,
            "if proxy_from_environment is configured, proxy_url must not be configured",
            """
            proxy_from_environment: true
            proxy_url: foo
            """),
        bad(
            p3,
            "if proxy_from_environment is configured, no_proxy must not be configured",
            """
            proxy_from_environment: true
            no_proxy: 127.0.0.1
            """),
        bad(
            p3,
            "if no_proxy is configured, proxy_url must also be configured",
            """
            no_proxy: 127.0.0.1
            """),
        // Headers.Validate(), HEAD config/headers.go:73; http.conf.headers-reserved.bad.yaml.
        bad(
            p3,
            "setting header \"User-Agent\" is not allowed",
            """
            http_headers:
              user-Agent:
                values: [bar]
            """),
        bad(
            p3,
            "setting header \"Authorization\" is not allowed",
            """
            http_headers:
              X-Ok: {values: [a]}
              authorization: {secrets: [b]}
            """),
        // TLSConfig.Validate() runs in TLSConfig.UnmarshalYAML, HEAD http_config.go:1378.
        bad(
            p3,
            "at most one of ca, ca_file & ca_ref must be configured",
            """
            tls_config: {ca: "x", ca_file: ca.pem}
            """),
        bad(
            p3,
            "at most one of cert, cert_file & cert_ref must be configured",
            """
            tls_config: {cert: "x", cert_ref: c, key_file: k}
            """),
        bad(
            p3,
            "at most one of key and key_file must be configured",
            """
            tls_config: {cert_file: c, key: "k", key_ref: r}
            """),
        bad(
            p3,
            "exactly one of key or key_file must be configured when a client certificate is"
                + " configured",
            """
            tls_config:
              cert_file: client.pem
            """),
        bad(
            p3,
            "exactly one of cert or cert_file must be configured when a client key is configured",
            """
            tls_config:
              key_file: client.key
            """),
        bad(
            p3,
            "exactly one of cert or cert_file must be configured when a client key is configured",
            """
            oauth2:
              client_id: a
              token_url: http://t
              tls_config: {key_ref: k}
            """),
        // OAuth2.UnmarshalYAML calls o.Validate(), which is the embedded ProxyConfig's
        // (HEAD http_config.go:282).
        bad(
            p3,
            "if proxy_from_environment is configured, proxy_url must not be configured",
            """
            oauth2:
              client_id: a
              token_url: http://t
              proxy_from_environment: true
              proxy_url: http://proxy:3128
            """),
        // TLSVersion.UnmarshalYAML (HEAD :80) and URL.UnmarshalYAML (HEAD :182).
        bad(
            p3,
            "unknown TLS version: TLS14",
            """
            tls_config: {min_version: TLS14}
            """),
        bad(
            p3,
            "parse \"::\": missing protocol scheme",
            """
            proxy_url: "::"
            """),
        // An error inside a nested unmarshaler aborts decoding before Validate() runs.
        bad(
            p3,
            "exactly one of key or key_file must be configured when a client certificate is"
                + " configured",
            """
            bearer_token: a
            bearer_token_file: b
            tls_config: {cert_file: c}
            """),

        // --- 2.42: v0.39.0 config/http_config.go:324; texts as in its http_config_test.go
        // invalidHTTPClientConfigs and Prometheus v2.42.0 config_test.go.
        bad(
            p2,
            "at most one of bearer_token & bearer_token_file must be configured",
            """
            bearer_token: 1234
            bearer_token_file: somefile
            """),
        bad(
            p2,
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
                + " configured",
            """
            bearer_token: 1234
            basic_auth: {username: user, password: password}
            """),
        bad(
            p2,
            "at most one of basic_auth password & password_file must be configured",
            """
            basic_auth:
              username: user
              password: foo
              password_file: basic-auth-password
            """),
        bad(
            p2,
            "authorization is not compatible with bearer_token & bearer_token_file",
            """
            authorization: {type: APIKEY}
            bearer_token_file: foo
            """),
        bad(
            p2,
            "at most one of authorization credentials & credentials_file must be configured",
            """
            authorization: {credentials: bearertoken, credentials_file: key.txt}
            """),
        bad(
            p2,
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            """
            authorization: {type: Basic}
            """),
        bad(
            p2,
            "at most one of basic_auth, oauth2 & authorization must be configured",
            """
            authorization: {credentials: x}
            oauth2: {client_id: a, client_secret: b, token_url: http://t}
            """),
        bad(
            p2,
            "oauth2 client_id must be configured",
            """
            oauth2: {client_secret: s, token_url: http://auth}
            """),
        bad(
            p2,
            "either oauth2 client_secret or client_secret_file must be configured",
            """
            oauth2: {client_id: c}
            """),
        bad(
            p2,
            "oauth2 token_url must be configured",
            """
            oauth2: {client_id: c, client_secret: s}
            """),
        bad(
            p2,
            "at most one of oauth2 client_secret & client_secret_file must be configured",
            """
            oauth2: {client_id: c, client_secret: s, client_secret_file: f, token_url: http://t}
            """),
        bad(
            p2,
            "if proxy_connect_header is configured proxy_url must also be configured",
            """
            proxy_connect_header:
              single: [value_0]
            """),
        bad(
            p2,
            "unknown TLS version: TLS14",
            """
            tls_config: {max_version: TLS14}
            """));
  }

  @ParameterizedTest(name = "{0}.x: {1}")
  @MethodSource("invalid")
  void rejectsWithPrometheusMessage(int major, String message, String yaml) {
    Compat compat = major == 2 ? Compat.PROMETHEUS_2 : Compat.PROMETHEUS_3;
    assertThat(error(yaml, compat)).isEqualTo(message);
  }

  static Stream<Arguments> typeErrors() {
    Compat p3 = Compat.PROMETHEUS_3;
    Compat p2 = Compat.PROMETHEUS_2;
    // Strict yaml.v2 texts; type names as Go's reflect prints them. Types with an
    // UnmarshalYAML that decodes through "type plain X" are named config.plain.
    return Stream.of(
        // Keys that did not exist in v0.39.0 are unknown fields of the inlining SD config.
        bad(p2, "line 1: field no_proxy not found in type kubernetes.plain", "no_proxy: x\n"),
        bad(
            p2,
            "line 1: field proxy_from_environment not found in type kubernetes.plain",
            "proxy_from_environment: true\n"),
        bad(
            p2,
            "line 1: field http_headers not found in type kubernetes.plain",
            "http_headers: {X-A: {values: [a]}}\n"),
        bad(
            p2,
            "line 2: field username_file not found in type config.plain",
            "basic_auth:\n  username_file: u\n"),
        bad(
            p2,
            "line 2: field credentials_ref not found in type config.Authorization",
            "authorization:\n  credentials_ref: r\n"),
        bad(
            p2,
            "line 2: field grant_type not found in type config.OAuth2",
            "oauth2:\n  grant_type: x\n"),
        bad(
            p2,
            "line 2: field proxy_connect_header not found in type config.OAuth2",
            "oauth2:\n  proxy_connect_header: {}\n"),
        bad(p2, "line 2: field ca not found in type config.plain", "tls_config:\n  ca: PEM\n"),
        bad(p2, "line 1: cannot unmarshal !!str `x` into config.OAuth2", "oauth2: x\n"),
        bad(
            p2,
            "line 1: cannot unmarshal !!str `x` into config.Header",
            "proxy_connect_header: x\n"),
        // 3.x names.
        bad(p3, "line 1: field foo not found in type kubernetes.plain", "foo: 1\n"),
        bad(
            p3,
            "line 2: field cafile not found in type config.plain",
            "tls_config:\n  cafile: x\n"),
        bad(p3, "line 2: field foo not found in type config.plain", "oauth2:\n  foo: 1\n"),
        bad(
            p3,
            "line 3: field value not found in type config.Header",
            "http_headers:\n  X-A:\n    value: [a]\n"),
        bad(p3, "line 1: cannot unmarshal !!str `x` into config.plain", "basic_auth: x\n"),
        bad(
            p3,
            "line 1: cannot unmarshal !!int `5` into config.Authorization",
            "authorization: 5\n"),
        bad(p3, "line 1: cannot unmarshal !!seq into config.plain", "bearer_token: [a]\n"),
        bad(
            p3,
            "line 1: cannot unmarshal !!str `yes, pl...` into bool",
            "follow_redirects: yes, please!\n"),
        bad(
            p3,
            "line 1: cannot unmarshal !!str `x` into config.ProxyHeader",
            "proxy_connect_header: x\n"),
        bad(
            p3,
            "line 2: cannot unmarshal !!str `b` into []config.Secret",
            "proxy_connect_header:\n  A: b\n"),
        bad(p3, "line 2: cannot unmarshal !!seq into config.Header", "http_headers:\n  X-A: [a]\n"),
        bad(p3, "line 1: cannot unmarshal !!str `x` into config.Headers", "http_headers: x\n"),
        bad(
            p3,
            "line 5: key \"a\" already set in map",
            """
            oauth2:
              client_id: c
              endpoint_params:
                a: 1
                a: 2
            """),
        bad(p3, "line 2: cannot unmarshal !!seq into string", "tls_config:\n  min_version: [x]\n"),
        bad(
            p3,
            "line 2: field bearer_token already set in type kubernetes.plain",
            "bearer_token: a\nbearer_token: b\n"));
  }

  @ParameterizedTest(name = "{0}.x: {1}")
  @MethodSource("typeErrors")
  void reportsGoTypeErrors(int major, String line, String yaml) {
    Compat compat = major == 2 ? Compat.PROMETHEUS_2 : Compat.PROMETHEUS_3;
    assertThat(error(yaml, compat)).startsWith("yaml: unmarshal errors:\n").contains(line);
  }

  @Test
  void typeErrorsSkipValidation() {
    String yaml =
        """
        bearer_token: a
        bearer_token_file: b
        follow_redirects: maybe
        """;
    assertThat(error(yaml, Compat.PROMETHEUS_3))
        .isEqualTo("yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `maybe` into bool");
  }

  @Test
  void nestedSemanticErrorWinsOverEarlierTypeErrors() {
    String yaml =
        """
        follow_redirects: maybe
        tls_config: {min_version: TLS9}
        """;
    assertThat(error(yaml, Compat.PROMETHEUS_3)).isEqualTo("unknown TLS version: TLS9");
  }

  @Test
  void acceptedUnder2ButNotUnder3() {
    // v0.39.0 had no TLSConfig.Validate (promtool checked a lone cert file separately).
    String yaml = "tls_config: {cert_file: client.pem}\n";
    assertThat(load(yaml, Compat.PROMETHEUS_2).tlsConfig().certFile())
        .isEqualTo("/etc/prometheus/client.pem");
    // v0.39.0 required a client secret; 3.x does not.
    String oauth = "oauth2: {client_id: c, token_url: http://t}\n";
    assertThat(load(oauth, Compat.PROMETHEUS_3).oauth2().clientId()).isEqualTo("c");
    assertThat(error(oauth, Compat.PROMETHEUS_2))
        .isEqualTo("either oauth2 client_secret or client_secret_file must be configured");
  }

  @Test
  void defaults() {
    HttpClientConfig c = load("role: pod\n", Compat.PROMETHEUS_3);
    assertThat(c).isEqualTo(HttpClientConfig.DEFAULT);
    assertThat(c.followRedirects()).isTrue();
    assertThat(c.enableHttp2()).isTrue();
    assertThat(c.isDefault()).isTrue();
    assertThat(load("role: pod\n", Compat.PROMETHEUS_2).isDefault()).isTrue();
    assertThat(load("tls_config: {}\nenable_http2: true\n", Compat.PROMETHEUS_3).isDefault())
        .isTrue();
  }

  @Test
  void isDefaultIsDeepEquality() {
    // Kubernetes SD: reflect.DeepEqual(c.HTTPClientConfig, config.DefaultHTTPClientConfig).
    for (String yaml :
        List.of(
            "follow_redirects: false\n",
            "enable_http2: false\n",
            "basic_auth: {}\n",
            "authorization: {}\n",
            "http_headers: {}\n",
            "proxy_connect_header: {}\n",
            "proxy_url: \"\"\n",
            "tls_config: {insecure_skip_verify: true}\n")) {
      assertThat(load(yaml, Compat.PROMETHEUS_3).isDefault()).as(yaml).isFalse();
    }
  }

  @Test
  void presentNullBooleanIsFalseNotDefault() {
    // yaml.v2 sets a present null to the zero value.
    HttpClientConfig c = load("follow_redirects:\nenable_http2: ~\n", Compat.PROMETHEUS_3);
    assertThat(c.followRedirects()).isFalse();
    assertThat(c.enableHttp2()).isFalse();
  }

  @Test
  void validateNormalizesBearerTokens() {
    HttpClientConfig c = load("bearer_token: abc\n", Compat.PROMETHEUS_3);
    assertThat(c.authorization()).isEqualTo(new Authorization("Bearer", Secret.of("abc"), "", ""));
    assertThat(c.bearerToken().isEmpty()).isTrue();

    c = load("bearer_token_file: tok\n", Compat.PROMETHEUS_2);
    assertThat(c.authorization())
        .isEqualTo(new Authorization("Bearer", Secret.empty(), "/etc/prometheus/tok", ""));
    assertThat(c.bearerTokenFile()).isEmpty();

    assertThat(load("authorization: {type: \" Token \"}\n", Compat.PROMETHEUS_3).authorization())
        .isEqualTo(new Authorization("Token", Secret.empty(), "", ""));
    assertThat(load("authorization: {}\n", Compat.PROMETHEUS_3).authorization().type())
        .isEqualTo("Bearer");
  }

  @Test
  void resolvesRelativePathsAgainstTheConfigDirectory() {
    String yaml =
        """
        basic_auth: {username_file: u, password_file: ../secrets/./p}
        tls_config: {ca_file: ca.pem, cert_file: /abs/c.pem, key_file: keys/k.pem}
        http_headers:
          X-Token: {files: [h.txt]}
        """;
    HttpClientConfig c = load(yaml, Compat.PROMETHEUS_3);
    assertThat(c.basicAuth().usernameFile()).isEqualTo("/etc/prometheus/u");
    assertThat(c.basicAuth().passwordFile()).isEqualTo("/etc/secrets/p");
    assertThat(c.tlsConfig().caFile()).isEqualTo("/etc/prometheus/ca.pem");
    assertThat(c.tlsConfig().certFile()).isEqualTo("/abs/c.pem");
    assertThat(c.tlsConfig().keyFile()).isEqualTo("/etc/prometheus/keys/k.pem");
    assertThat(c.tlsConfig().ca()).isEmpty();
    assertThat(c.httpHeaders().get("X-Token").files()).containsExactly("/etc/prometheus/h.txt");

    HttpClientConfig a = load("authorization: {credentials_file: c}\n", Compat.PROMETHEUS_3);
    assertThat(a.authorization().credentialsFile()).isEqualTo("/etc/prometheus/c");

    String oauth =
        """
        oauth2:
          client_id: c
          token_url: http://t
          client_secret_file: s
          tls_config: {ca_file: oca.pem}
        """;
    OAuth2 o = load(oauth, Compat.PROMETHEUS_2).oauth2();
    assertThat(o.clientSecretFile()).isEqualTo("/etc/prometheus/s");
    assertThat(o.tlsConfig().caFile()).isEqualTo("/etc/prometheus/oca.pem");

    // OAuth2.SetDirectory (HEAD) does not join client_certificate_key_file.
    String jwt =
        """
        oauth2:
          client_id: c
          token_url: http://t
          grant_type: urn:ietf:params:oauth:grant-type:jwt-bearer
          client_certificate_key_file: key.pem
        """;
    assertThat(load(jwt, Compat.PROMETHEUS_3).oauth2().clientCertificateKeyFile())
        .isEqualTo("key.pem");
  }

  @Test
  void readsEveryField() {
    String yaml =
        """
        oauth2:
          client_id: id
          client_secret: cs
          scopes: [a, b]
          token_url: https://auth/token
          endpoint_params: {audience: x}
          claims: {n: 1, f: 1.5, b: true, l: [x], m: {k: v}, z: ~}
          proxy_url: http://proxy:3128
          no_proxy: example.com
          proxy_connect_header: {X-P: [s]}
          tls_config: {server_name: auth.local, min_version: TLS12, max_version: TLS13}
        follow_redirects: false
        enable_http2: false
        proxy_url: http://user:pw@proxy:3128
        no_proxy: 10.0.0.0/8
        proxy_connect_header:
          Proxy-Authorization: [one, two]
        tls_config:
          ca: PEMDATA
          insecure_skip_verify: true
        http_headers:
          X-A: {values: [v], secrets: [s], files: [f]}
        """;
    HttpClientConfig c = load(yaml, Compat.PROMETHEUS_3);
    OAuth2 o = c.oauth2();
    assertThat(o.scopes()).containsExactly("a", "b");
    assertThat(o.endpointParams()).containsEntry("audience", "x");
    assertThat(o.claims())
        .containsEntry("n", 1L)
        .containsEntry("f", 1.5)
        .containsEntry("b", true)
        .containsEntry("l", List.of("x"))
        .containsEntry("m", Map.of("k", "v"))
        .containsEntry("z", null);
    assertThat(o.proxy().proxyUrl()).isEqualTo("http://proxy:3128");
    assertThat(o.proxy().noProxy()).isEqualTo("example.com");
    assertThat(o.proxy().proxyConnectHeader()).containsKey("X-P");
    assertThat(o.tlsConfig().minVersion()).isEqualTo(TlsVersion.TLS12);
    assertThat(o.tlsConfig().maxVersion()).isEqualTo(TlsVersion.TLS13);
    assertThat(o.tlsConfig().serverName()).isEqualTo("auth.local");
    assertThat(c.followRedirects()).isFalse();
    assertThat(c.enableHttp2()).isFalse();
    assertThat(c.proxy().noProxy()).isEqualTo("10.0.0.0/8");
    assertThat(c.proxy().proxyConnectHeader().get("Proxy-Authorization"))
        .containsExactly(Secret.of("one"), Secret.of("two"));
    assertThat(c.tlsConfig().ca()).isEqualTo("PEMDATA");
    assertThat(c.tlsConfig().insecureSkipVerify()).isTrue();
    assertThat(c.httpHeaders().get("X-A"))
        .isEqualTo(
            new HttpHeader(List.of("v"), List.of(Secret.of("s")), List.of("/etc/prometheus/f")));
  }

  @Test
  void toStringNeverShowsSecrets() {
    String yaml =
        """
        oauth2:
          client_id: id
          client_secret: s3cr3t-oauth
          token_url: http://t
          tls_config: {key: s3cr3t-okey, cert: c}
        proxy_url: http://user:s3cr3t-proxy@proxy:3128
        proxy_connect_header: {X-P: [s3cr3t-header]}
        http_headers:
          X-A: {secrets: [s3cr3t-hsecret]}
        tls_config: {key: s3cr3t-key, cert: c}
        """;
    HttpClientConfig c = load(yaml, Compat.PROMETHEUS_3);
    String basic =
        load("basic_auth: {username: u, password: s3cr3t-pw}\n", Compat.PROMETHEUS_3).toString();
    String bearer = load("bearer_token: s3cr3t-bearer\n", Compat.PROMETHEUS_3).toString();
    for (String s : List.of(c.toString(), basic, bearer)) {
      assertThat(s).doesNotContain("s3cr3t").contains("<secret>");
    }
    assertThat(c.toString()).contains("http://user:xxxxx@proxy:3128");
  }

  @Test
  void standaloneBlockIsAPlainTypeAndValidated() {
    Decoder d = new Decoder("http.yml");
    Node n = Documents.parseYaml("foo: 1\n", "http.yml");
    HttpClientConfig.decode(n, d, DIR, Compat.PROMETHEUS_3);
    assertThatThrownBy(d::finish)
        .hasMessageContaining("line 1: field foo not found in type config.plain");

    Decoder d2 = new Decoder("http.yml");
    Node bad = Documents.parseYaml("bearer_token: a\nbearer_token_file: b\n", "http.yml");
    assertThatThrownBy(() -> HttpClientConfig.decode(bad, d2, DIR, Compat.PROMETHEUS_3))
        .isInstanceOfSatisfying(
            ConfigException.class,
            ce ->
                assertThat(ce.reason())
                    .isEqualTo(
                        "at most one of bearer_token & bearer_token_file must be configured"))
        .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(1));

    Decoder d3 = new Decoder("http.yml");
    Node ok = Documents.parseYaml("bearer_token: a\n", "http.yml");
    assertThat(HttpClientConfig.decode(ok, d3, DIR, Compat.PROMETHEUS_3).authorization().type())
        .isEqualTo("Bearer");
  }

  @Test
  void withBasicAuthAsConsulDoes() {
    HttpClientConfig c =
        HttpClientConfig.DEFAULT.withBasicAuth(BasicAuth.of("consul", Secret.of("pw")));
    assertThat(c.validate().basicAuth().username()).isEqualTo("consul");
    assertThat(c.isDefault()).isFalse();
  }

  @Test
  void canonicalHeaderKeys() {
    assertThat(HttpClientConfig.canonicalHeaderKey("user-agent")).isEqualTo("User-Agent");
    assertThat(HttpClientConfig.canonicalHeaderKey("WWW-AUTHENTICATE"))
        .isEqualTo("Www-Authenticate");
    assertThat(HttpClientConfig.canonicalHeaderKey("user agent")).isEqualTo("user agent");
  }
}
