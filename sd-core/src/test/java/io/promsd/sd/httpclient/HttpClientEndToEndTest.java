package io.promsd.sd.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code java.net.http} client built from a config talks to a JDK HTTPS server on loopback
 * with a self-signed certificate: CA from {@code ca_file}, credentials from files re-read per
 * request, client certificates, {@code server_name}, redirects.
 */
class HttpClientEndToEndTest {
  @TempDir static Path dir;
  static TestPki.Identity server;
  static TestPki.Identity other;
  static TestPki.Identity clientRsa;
  static TestPki.Identity clientEc;

  HttpsServer https;
  final List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void pki() throws Exception {
    server = TestPki.generate(dir, "server", "RSA", "dns:localhost,ip:127.0.0.1");
    other = TestPki.generate(dir, "other", "RSA", "dns:localhost,ip:127.0.0.1");
    clientRsa = TestPki.generate(dir, "client-rsa", "RSA", null);
    clientEc = TestPki.generate(dir, "client-ec", "EC", null);
    Files.writeString(dir.resolve("client-rsa.key"), clientRsa.pkcs1Pem());
    Files.writeString(dir.resolve("client-ec.key"), clientEc.sec1Pem());
  }

  @AfterEach
  void stop() {
    if (https != null) {
      https.stop(0);
    }
  }

  URI start(SSLContext ctx, boolean needClientAuth) throws IOException {
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(p);
          }
        });
    https.createContext(
        "/",
        exchange -> {
          seen.add(Map.copyOf(exchange.getRequestHeaders()));
          if (exchange.getRequestURI().getPath().equals("/redirect")) {
            exchange.getResponseHeaders().add("Location", "/target");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
          }
          byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    https.start();
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
  }

  /** The config as an SD config would decode it, relative paths against the temp dir. */
  static HttpClientConfig config(String yaml) {
    Node root = Documents.parseYaml(yaml, "sd.yml");
    Decoder d = new Decoder("sd.yml");
    Fields f = d.struct(root, "consul.plain");
    HttpClientConfig c = HttpClientConfig.decodeInline(f, dir, Compat.PROMETHEUS_3);
    f.finish();
    d.finish();
    return c.validate();
  }

  static HttpResponse<String> get(HttpClientConfig c, URI uri) throws Exception {
    HttpClient client = c.newHttpClientBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    c.newRequestHeaders().applyTo(req);
    return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  String lastHeader(String name) {
    List<String> v = seen.get(seen.size() - 1).get(name);
    return v == null ? null : String.join(",", v);
  }

  @Test
  void bearerTokenFileIsSentAndReReadOnEveryRequest() throws Exception {
    URI uri = start(server.serverContext(null), false);
    Path token = Files.writeString(dir.resolve("token"), "first-token\n");
    HttpClientConfig c =
        config(
            """
            tls_config:
              ca_file: server.pem
            bearer_token_file: token
            """);
    HttpClient client = c.newHttpClientBuilder().build();
    RequestHeaders headers = c.newRequestHeaders();
    for (String expected : List.of("first-token", "second-token")) {
      HttpRequest.Builder req = headers.applyTo(HttpRequest.newBuilder(uri));
      HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(lastHeader("Authorization")).isEqualTo("Bearer " + expected);
      Files.writeString(token, "  second-token \n");
    }
  }

  @Test
  void basicAuthFromPasswordFile() throws Exception {
    URI uri = start(server.serverContext(null), false);
    Files.writeString(dir.resolve("password"), "pässword\n");
    HttpClientConfig c =
        config(
            """
            tls_config: {ca_file: server.pem}
            basic_auth: {username: prom, password_file: password}
            """);
    assertThat(get(c, uri).statusCode()).isEqualTo(200);
    String expected =
        Base64.getEncoder().encodeToString("prom:pässword".getBytes(StandardCharsets.UTF_8));
    assertThat(lastHeader("Authorization")).isEqualTo("Basic " + expected);
  }

  @Test
  void authorizationCredentialsFileAndHttpHeaders() throws Exception {
    URI uri = start(server.serverContext(null), false);
    Files.writeString(dir.resolve("credentials"), "c-r-e-d\n");
    Files.writeString(dir.resolve("header"), "from-file\n");
    HttpClientConfig c =
        config(
            """
            tls_config: {ca_file: server.pem}
            authorization: {type: Token, credentials_file: credentials}
            http_headers:
              X-Scope: {values: [v1], secrets: [s1], files: [header]}
            """);
    assertThat(get(c, uri).body()).isEqualTo("/");
    assertThat(lastHeader("Authorization")).isEqualTo("Token c-r-e-d");
    assertThat(lastHeader("X-scope")).isEqualTo("v1,s1,from-file");
  }

  @Test
  void failsAgainstTheWrongCa() throws Exception {
    URI uri = start(server.serverContext(null), false);
    HttpClientConfig c = config("tls_config: {ca_file: other.pem}\n");
    assertThatThrownBy(() -> get(c, uri)).isInstanceOf(IOException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void systemCasDoNotTrustASelfSignedServer() throws Exception {
    URI uri = start(server.serverContext(null), false);
    assertThatThrownBy(() -> get(HttpClientConfig.DEFAULT, uri)).isInstanceOf(IOException.class);
  }

  @Test
  void insecureSkipVerifyAcceptsAnyServer() throws Exception {
    URI uri = start(other.serverContext(null), false);
    HttpClientConfig c = config("tls_config: {insecure_skip_verify: true}\n");
    assertThat(get(c, uri).statusCode()).isEqualTo(200);
  }

  @Test
  void serverNameIsCheckedInsteadOfTheUrlHost() throws Exception {
    URI uri = start(server.serverContext(null), false);
    assertThat(
            get(config("tls_config: {ca_file: server.pem, server_name: localhost}\n"), uri)
                .statusCode())
        .isEqualTo(200);
    HttpClientConfig wrong =
        config("tls_config: {ca_file: server.pem, server_name: wrong.example}\n");
    assertThatThrownBy(() -> get(wrong, uri))
        .isInstanceOf(IOException.class)
        .satisfies(
            e -> {
              List<String> messages = new ArrayList<>();
              for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
              }
              assertThat(messages)
                  .anyMatch(
                      m ->
                          m.contains(
                              "x509: certificate is valid for localhost, not wrong.example"));
            });
  }

  @Test
  void presentsClientCertificates() throws Exception {
    for (TestPki.Identity client : List.of(clientRsa, clientEc)) {
      URI uri = start(server.serverContext(client), true);
      String name = client == clientRsa ? "client-rsa" : "client-ec";
      HttpClientConfig c =
          config(
              "tls_config: {ca_file: server.pem, cert_file: %s.pem, key_file: %s.key}\n"
                  .formatted(name, name));
      assertThat(get(c, uri).statusCode()).as(name).isEqualTo(200);
      https.stop(0);
      https = null;
    }
    URI uri = start(server.serverContext(clientRsa), true);
    assertThatThrownBy(() -> get(config("tls_config: {ca_file: server.pem}\n"), uri))
        .isInstanceOf(IOException.class);
  }

  @Test
  void followRedirectsOrNot() throws Exception {
    URI uri = start(server.serverContext(null), false).resolve("/redirect");
    HttpResponse<String> followed = get(config("tls_config: {ca_file: server.pem}\n"), uri);
    assertThat(followed.statusCode()).isEqualTo(200);
    assertThat(followed.body()).isEqualTo("/target");
    HttpResponse<String> kept =
        get(config("tls_config: {ca_file: server.pem}\nfollow_redirects: false\n"), uri);
    assertThat(kept.statusCode()).isEqualTo(302);
  }
}
