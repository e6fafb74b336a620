package io.promsd.sd.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig.Authorization;
import io.promsd.sd.httpclient.HttpClientConfig.ProxyConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-request headers (prometheus/common's round trippers: HEAD config/http_config.go {@code
 * authorizationCredentialsRoundTripper}, {@code basicAuthRoundTripper}, {@code oauth2RoundTripper},
 * config/headers.go {@code headersRoundTripper}; v0.39.0's file round trippers), proxy selection
 * ({@code ProxyConfig.Proxy}, {@code httpproxy}), and Go's {@code url.Parse} errors for {@code
 * proxy_url}.
 */
class RequestHeadersTest {
  @TempDir Path dir;

  HttpClientConfig config(String yaml, Compat compat) {
    Node root = Documents.parseYaml(yaml, "sd.yml");
    Decoder d = new Decoder("sd.yml");
    Fields f = d.struct(root, "ec2.plain");
    HttpClientConfig c = HttpClientConfig.decodeInline(f, dir, compat);
    f.finish();
    d.finish();
    return c.validate();
  }

  @Test
  void missingCredentialFilesAreReportedAsPrometheusDoes() throws Exception {
    String missing = dir.resolve("nope").toString();
    String os = "open " + missing + ": no such file or directory";
    RequestHeaders h3 =
        config("authorization: {credentials_file: nope}\n", Compat.PROMETHEUS_3)
            .newRequestHeaders();
    assertThatThrownBy(h3::authorization)
        .hasMessage(
            "unable to read authorization credentials: unable to read file " + missing + ": " + os);
    RequestHeaders h2 =
        config("bearer_token_file: nope\n", Compat.PROMETHEUS_2).newRequestHeaders();
    assertThatThrownBy(h2::authorization)
        .hasMessage("unable to read authorization credentials file " + missing + ": " + os);
    RequestHeaders b3 =
        config("basic_auth: {username: u, password_file: nope}\n", Compat.PROMETHEUS_3)
            .newRequestHeaders();
    assertThatThrownBy(b3::authorization)
        .hasMessage(
            "unable to read basic auth password: unable to read file " + missing + ": " + os);
    RequestHeaders b2 =
        config("basic_auth: {username: u, password_file: nope}\n", Compat.PROMETHEUS_2)
            .newRequestHeaders();
    assertThatThrownBy(b2::authorization)
        .hasMessage("unable to read basic auth password file " + missing + ": " + os);
    RequestHeaders u3 =
        config("basic_auth: {username_file: nope}\n", Compat.PROMETHEUS_3).newRequestHeaders();
    assertThatThrownBy(u3::authorization)
        .hasMessage(
            "unable to read basic auth username: unable to read file " + missing + ": " + os);
    RequestHeaders hh =
        config("http_headers: {X-A: {files: [nope]}}\n", Compat.PROMETHEUS_3).newRequestHeaders();
    assertThatThrownBy(hh::extraHeaders)
        .hasMessage("unable to read headers file " + missing + ": " + os);
  }

  @Test
  void secretRefsNeedASecretManagerPrometheusDoesNotHave() {
    assertThatThrownBy(
            () ->
                config("authorization: {credentials_ref: k}\n", Compat.PROMETHEUS_3)
                    .newRequestHeaders())
        .hasMessage("unable to use credentials: cannot use secret ref without manager");
    assertThatThrownBy(
            () ->
                config("basic_auth: {username: u, password_ref: k}\n", Compat.PROMETHEUS_3)
                    .newRequestHeaders())
        .hasMessage("unable to use password: cannot use secret ref without manager");
    assertThatThrownBy(
            () ->
                config(
                        "oauth2: {client_id: c, token_url: http://t, client_secret_ref: k}\n",
                        Compat.PROMETHEUS_3)
                    .newRequestHeaders())
        .hasMessage("unable to use client secret: cannot use secret ref without manager");
  }

  @Test
  void inlineCredentials() throws Exception {
    assertThat(
            config("basic_auth: {username: u, password: \" p \"}\n", Compat.PROMETHEUS_3)
                .newRequestHeaders()
                .authorization())
        .contains("Basic " + b64("u: p "));
    // v0.39.0's basicAuthRoundTripper trimmed an inline password too.
    assertThat(
            config("basic_auth: {username: u, password: \" p \"}\n", Compat.PROMETHEUS_2)
                .newRequestHeaders()
                .authorization())
        .contains("Basic " + b64("u:p"));
    assertThat(
            config("authorization: {}\n", Compat.PROMETHEUS_3).newRequestHeaders().authorization())
        .contains("Bearer ");
    assertThat(
            config("authorization: {}\n", Compat.PROMETHEUS_2).newRequestHeaders().authorization())
        .isEmpty();
    assertThat(HttpClientConfig.DEFAULT.newRequestHeaders().authorization())
        .isEqualTo(Optional.empty());
    // An unvalidated bearer token still authorizes, as Go's round tripper is "nice".
    HttpClientConfig raw = HttpClientConfig.DEFAULT;
    raw =
        new HttpClientConfig(
            null,
            new Authorization("Token", Secret.of("a"), "", ""),
            null,
            Secret.of("b"),
            "",
            raw.tlsConfig(),
            true,
            true,
            raw.proxy(),
            null,
            Compat.PROMETHEUS_3);
    assertThat(raw.newRequestHeaders().authorization()).contains("Bearer b");
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEndlessTokenAnswerIsReadOnlyToItsFirstMebibyte() throws Exception {
    // issue 17: golang.org/x/oauth2 reads io.LimitReader(r.Body, 1<<20); so does promsd now,
    // where it used to read the whole answer before cutting it.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    long size = 256L << 20;
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    server.createContext(
        "/token",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(500, 0);
          byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
          try (OutputStream out = ex.getResponseBody()) {
            for (long left = size; left > 0; left -= chunk.length) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (IOException gone) {
            // the client stopped reading
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
      HttpClientConfig c =
          config(
              "oauth2: {client_id: c, client_secret: s, token_url: %s}\n".formatted(url),
              Compat.PROMETHEUS_3);
      RequestHeaders h = c.newRequestHeaders();
      assertThatThrownBy(h::authorization)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("oauth2: cannot fetch token: 500\nResponse: xxx")
          .satisfies(e -> assertThat(e.getMessage().length()).isLessThan((1 << 20) + 100));
    } finally {
      server.stop(0);
    }
    assertThat(written.get()).as("bytes the server could write").isLessThan(size);
  }

  @Test
  void oauth2ClientCredentials() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> auths = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    server.createContext(
        "/token",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          auths.add(String.valueOf(auth));
          int n = calls.incrementAndGet();
          // Refuse credentials in the header, so the client retries with them in the form.
          boolean ok = auth == null;
          byte[] body =
              (ok
                      ? "{\"access_token\":\"tok"
                          + n
                          + "\",\"token_type\":\"bearer\","
                          + "\"expires_in\":3600}"
                      : "{\"error\":\"invalid_client\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(ok ? 200 : 401, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      Path secret = Files.writeString(dir.resolve("secret"), "s1\n");
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
      HttpClientConfig c =
          config(
              """
              oauth2:
                client_id: my client
                client_secret_file: secret
                scopes: [read, write]
                endpoint_params: {audience: sd}
                token_url: %s
              """
                  .formatted(url),
              Compat.PROMETHEUS_3);
      RequestHeaders h = c.newRequestHeaders();
      assertThat(h.authorization()).contains("Bearer tok2");
      assertThat(auths.get(0)).isEqualTo("Basic " + b64("my+client:s1"));
      assertThat(bodies.get(1))
          .isEqualTo(
              "audience=sd&client_id=my+client&client_secret=s1&grant_type=client_credentials"
                  + "&scope=read+write");
      assertThat(h.authorization()).contains("Bearer tok2"); // cached
      assertThat(calls).hasValue(2);
      Files.writeString(secret, "s2\n"); // a new secret fetches a new token, in the form now
      assertThat(h.authorization()).contains("Bearer tok3");
      assertThat(bodies.get(2)).contains("client_secret=s2");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void proxySelection() throws Exception {
    ProxySelector all = ProxySelection.of(new ProxyConfig("http://p:3128", "", false, null));
    Proxy p = all.select(URI.create("https://localhost/")).get(0);
    assertThat(p.address().toString()).isEqualTo("p/<unresolved>:3128");

    ProxySelector some =
        ProxySelection.of(
            new ProxyConfig("http://p", "example.com, 10.0.0.0/8,.svc, host:8080", false, null));
    assertThat(some.select(URI.create("http://api.example.com/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://example.com/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://10.2.3.4/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://a.svc/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://127.0.0.1/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://host:8080/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(some.select(URI.create("http://host:9090/")).get(0).type())
        .isEqualTo(Proxy.Type.HTTP);
    assertThat(some.select(URI.create("https://other.org/")).get(0).address().toString())
        .isEqualTo("p/<unresolved>:80");

    ProxyConfig env = new ProxyConfig(null, "", true, null);
    assertThat(ProxySelection.of(env, Map.of())).isNull();
    ProxySelector fromEnv =
        ProxySelection.of(
            env, Map.of("https_proxy", "proxy.corp:8443", "NO_PROXY", "internal.corp"));
    assertThat(fromEnv.select(URI.create("http://x.org/")).get(0)).isEqualTo(Proxy.NO_PROXY);
    assertThat(fromEnv.select(URI.create("https://x.org/")).get(0).address().toString())
        .isEqualTo("proxy.corp/<unresolved>:8443");
    assertThat(fromEnv.select(URI.create("https://a.internal.corp/")).get(0))
        .isEqualTo(Proxy.NO_PROXY);

    assertThatThrownBy(() -> ProxySelection.of(new ProxyConfig("socks5://p:1080", "", false, null)))
        .hasMessageContaining("proxy scheme socks5 is not supported");
    assertThat(ProxySelection.of(ProxyConfig.NONE)).isNull();
  }

  @Test
  void goUrlParseErrors() {
    // Go's net/url.Parse texts, as *url.Error prints them.
    Map<String, String> cases =
        Map.of(
            "::", "parse \"::\": missing protocol scheme",
            "http://a b", "parse \"http://a b\": invalid character \" \" in host name",
            "http://host:port", "parse \"http://host:port\": invalid port \":port\" after host",
            "1http://x", "parse \"1http://x\": first path segment in URL cannot contain colon",
            "http://[::1", "parse \"http://[::1\": missing ']' in host",
            "http://x/%zz", "parse \"http://x/%zz\": invalid URL escape \"%zz\"",
            "http://x/\n", "parse \"http://x/\\n\": net/url: invalid control character in URL",
            "http://a b@x/", "parse \"http://a b@x/\": net/url: invalid userinfo");
    cases.forEach(
        (raw, message) -> assertThatThrownBy(() -> GoUrl.parse(raw)).as(raw).hasMessage(message));
    for (String ok : List.of("", "foo", "http://u:p@proxy:3128", "http://[::1]:80/", "*")) {
      assertThat(catchParse(ok)).as(ok).isNull();
    }
    assertThat(GoUrl.redact("http://u:p@proxy:3128/x")).isEqualTo("http://u:xxxxx@proxy:3128/x");
  }

  static String catchParse(String raw) {
    try {
      GoUrl.parse(raw);
      return null;
    } catch (GoUrl.ParseException e) {
      return e.getMessage();
    }
  }
}
