package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --web.config.file} on the gateway itself: TLS with a certificate made for the test, bcrypt
 * basic auth; pushes and scrapes go through both, and the password shows in no log line.
 */
class WebConfigTest {
  // bcrypt (cost 10) of "dave123", the hash web's WebConfigReloadTest uses
  private static final String HASH = "$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq";
  private static final String PASSWORD = "dave123";

  @TempDir static Path dir;

  private static Path config;
  private static HttpClient https;

  @BeforeAll
  static void certificateAndConfig() throws Exception {
    Path p12 = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process kt =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(kt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kt.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kt.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("server");
    byte[] key = ks.getKey("server", "changeit".toCharArray()).getEncoded();
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", key));
    config = dir.resolve("web.yml");
    Files.writeString(
        config,
        "tls_server_config:\n  cert_file: "
            + certFile
            + "\n  key_file: "
            + keyFile
            + "\nbasic_auth_users:\n  dave: "
            + HASH
            + "\n");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static HttpRequest.Builder req(URI base, String path, String user, String password) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (user != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  @Test
  void tlsAndBasicAuthGuardEveryRouteAndThePasswordIsNeverLogged() throws Exception {
    StringBuffer log = new StringBuffer();
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .webConfigFile(config)
            .logSettings("debug", "json")
            .logSink(log)
            .start()) {
      URI base = gw.uri();
      assertThat(base.getScheme()).isEqualTo("https");
      HttpResponse.BodyHandler<String> text = HttpResponse.BodyHandlers.ofString();

      HttpResponse<String> none = https.send(req(base, "/metrics", null, null).GET().build(), text);
      assertThat(none.statusCode()).isEqualTo(401);
      HttpResponse<String> wrong =
          https.send(req(base, "/metrics", "dave", "dave124").GET().build(), text);
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> nobody =
          https.send(req(base, "/metrics", "eve", PASSWORD).GET().build(), text);
      assertThat(nobody.statusCode()).isEqualTo(401);
      HttpResponse<String> refusedPush =
          https.send(
              req(base, "/metrics/job/backup", "dave", "wrong")
                  .PUT(HttpRequest.BodyPublishers.ofString("x 1\n"))
                  .build(),
              text);
      assertThat(refusedPush.statusCode()).isEqualTo(401);
      assertThat(gw.group(java.util.Map.of("job", "backup"))).isEmpty();

      HttpResponse<String> push =
          https.send(
              req(base, "/metrics/job/backup", "dave", PASSWORD)
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "# TYPE backup_last_success_unixtime gauge\n"
                              + "backup_last_success_unixtime 1.7e+09\n"))
                  .build(),
              text);
      assertThat(push.statusCode()).isEqualTo(200);
      HttpResponse<String> scrape =
          https.send(req(base, "/metrics", "dave", PASSWORD).GET().build(), text);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("backup_last_success_unixtime{instance=\"\",job=\"backup\"} 1.7e+09\n");
      HttpResponse<String> status =
          https.send(req(base, "/api/v1/status", "dave", PASSWORD).GET().build(), text);
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).doesNotContain(PASSWORD).doesNotContain(HASH);

      // a refused push is logged (with its source); still no password in the line
      https.send(
          req(base, "/metrics/job/other", "dave", PASSWORD)
              .PUT(
                  HttpRequest.BodyPublishers.ofString(
                      "# TYPE backup_last_success_unixtime counter\nbackup_last_success_unixtime 1\n"))
              .build(),
          text);

      // plain HTTP on the TLS port gets no metrics
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      URI http = URI.create("http://127.0.0.1:" + gw.port() + "/metrics");
      boolean refused;
      try {
        HttpResponse<String> r =
            plain.send(
                HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(20)).GET().build(), text);
        refused = r.statusCode() >= 400 && !r.body().contains("backup_last_success_unixtime");
      } catch (IOException e) {
        refused = true;
      }
      assertThat(refused).as("plain HTTP on the TLS listener").isTrue();
    }
    String logged = log.toString();
    assertThat(logged).contains("\"msg\":\"TLS is enabled.\"");
    assertThat(logged).contains("pushed metrics are invalid or inconsistent");
    assertThat(logged)
        .doesNotContain(PASSWORD)
        .doesNotContain(HASH)
        .doesNotContain("ZGF2ZTpkYXZlMTIz");
  }
}
