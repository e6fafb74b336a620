package io.promsd.sd.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsContext;
import io.promsd.sd.httpclient.HttpClientConfig.TlsVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building TLS contexts from PEM files and inline PEM with the JDK only, and the errors
 * prometheus/common gives when it can't ({@code NewTLSConfigWithContext}, HEAD
 * config/http_config.go:1262; v0.39.0 {@code NewTLSConfig}, :817; {@code tls.X509KeyPair}).
 */
class TlsContextsTest {
  @TempDir static Path dir;
  static TestPki.Identity rsa;
  static TestPki.Identity ec;

  @BeforeAll
  static void generate() throws Exception {
    rsa = TestPki.generate(dir, "rsa", "RSA", "dns:localhost,dns:*.example.com,ip:127.0.0.1");
    ec = TestPki.generate(dir, "ec", "EC", null);
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static TlsConfig files(String ca, String cert, String key) {
    return new TlsConfig("", ca, "", "", cert, "", Secret.empty(), key, "", "", false, null, null);
  }

  @Test
  void readsEveryKeyFormat() throws Exception {
    String cert = rsa.certPem().toString();
    for (String key :
        new String[] {
          write("rsa8.key", rsa.pkcs8Pem()).toString(), write("rsa1.key", rsa.pkcs1Pem()).toString()
        }) {
      TlsContext ctx = TlsContexts.build(files(cert, cert, key), Compat.PROMETHEUS_3);
      assertThat(ctx.sslContext().getProtocol()).isEqualTo("TLS");
      assertThat(
              Pem.keyPair(Files.readAllBytes(rsa.certPem()), Files.readAllBytes(Path.of(key)))
                  .key()
                  .getAlgorithm())
          .isEqualTo("RSA");
    }
    String ecCert = ec.certPem().toString();
    for (String key :
        new String[] {
          write("ec8.key", ec.pkcs8Pem()).toString(), write("ec1.key", ec.sec1Pem()).toString()
        }) {
      TlsContexts.build(files("", ecCert, key), Compat.PROMETHEUS_2);
      assertThat(
              Pem.keyPair(Files.readAllBytes(ec.certPem()), Files.readAllBytes(Path.of(key)))
                  .key()
                  .getAlgorithm())
          .isEqualTo("EC");
    }
  }

  @Test
  void inlinePem() throws Exception {
    TlsConfig inline =
        new TlsConfig(
            rsa.certText(),
            "",
            "",
            rsa.certText(),
            "",
            "",
            Secret.of(rsa.pkcs1Pem()),
            "",
            "",
            "",
            false,
            TlsVersion.TLS12,
            TlsVersion.TLS13);
    TlsContext ctx = TlsContexts.build(inline, Compat.PROMETHEUS_3);
    assertThat(ctx.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(ctx.trustManager().getAcceptedIssuers()).hasSize(1);
  }

  @Test
  void caErrorsAt3() throws Exception {
    Path notPem = write("not.pem", "hello\n");
    assertThatThrownBy(
            () -> TlsContexts.build(files(notPem.toString(), "", ""), Compat.PROMETHEUS_3))
        .hasMessage("unable to use specified CA cert file " + notPem);
    String missing = dir.resolve("missing.pem").toString();
    assertThatThrownBy(() -> TlsContexts.build(files(missing, "", ""), Compat.PROMETHEUS_3))
        .hasMessage(
            "unable to read CA cert: unable to read file "
                + missing
                + ": open "
                + missing
                + ": no such file or directory");
    TlsConfig inlineBad =
        new TlsConfig("junk", "", "", "", "", "", Secret.empty(), "", "", "", false, null, null);
    assertThatThrownBy(() -> TlsContexts.build(inlineBad, Compat.PROMETHEUS_3))
        .hasMessage("unable to use specified CA cert inline");
    TlsConfig ref =
        new TlsConfig("", "", "vault", "", "", "", Secret.empty(), "", "", "", false, null, null);
    assertThatThrownBy(() -> TlsContexts.build(ref, Compat.PROMETHEUS_3))
        .hasMessage("unable to use CA cert: cannot use secret ref without manager");
  }

  @Test
  void caErrorsAt2() throws Exception {
    Path notPem = write("not2.pem", "hello\n");
    assertThatThrownBy(
            () -> TlsContexts.build(files(notPem.toString(), "", ""), Compat.PROMETHEUS_2))
        .hasMessage("unable to use specified CA cert " + notPem);
    String missing = dir.resolve("missing.pem").toString();
    assertThatThrownBy(() -> TlsContexts.build(files(missing, "", ""), Compat.PROMETHEUS_2))
        .hasMessage(
            "unable to load specified CA cert "
                + missing
                + ": open "
                + missing
                + ": no such file or directory");
  }

  @Test
  void clientCertificateErrors() throws Exception {
    String cert = rsa.certPem().toString();
    String key = write("k.key", rsa.pkcs8Pem()).toString();
    // v0.39.0 NewTLSConfig :843 (and promtool's checkTLSConfig).
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, ""), Compat.PROMETHEUS_2))
        .hasMessage("client cert file \"" + cert + "\" specified without client key file");
    assertThatThrownBy(() -> TlsContexts.build(files("", "", key), Compat.PROMETHEUS_2))
        .hasMessage("client key file \"" + key + "\" specified without client cert file");
    // HEAD runs TLSConfig.Validate() first.
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, ""), Compat.PROMETHEUS_3))
        .hasMessage(
            "exactly one of key or key_file must be configured when a client certificate is"
                + " configured");
    // tls.X509KeyPair texts (http_config_test.go TestTLSConfig... "found a certificate rather
    // than a key", "failed to find any PEM data in key input", "private key does not match").
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, cert), Compat.PROMETHEUS_3))
        .hasMessage(
            "unable to use specified client cert (file "
                + cert
                + ") & key (file "
                + cert
                + "): tls: found a certificate rather than a key in the PEM for the private key");
    String empty = write("empty.key", "\n").toString();
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, empty), Compat.PROMETHEUS_2))
        .hasMessage(
            "unable to use specified client cert ("
                + cert
                + ") & key ("
                + empty
                + "): tls: failed to find any PEM data in key input");
    String ecKey = write("other.key", ec.pkcs8Pem()).toString();
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, ecKey), Compat.PROMETHEUS_3))
        .hasMessageEndingWith("tls: private key type does not match public key type");
    TestPki.Identity rsa2 = TestPki.generate(dir, "rsa2", "RSA", null);
    String otherRsa = write("rsa2.key", rsa2.pkcs8Pem()).toString();
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, otherRsa), Compat.PROMETHEUS_3))
        .hasMessageEndingWith("tls: private key does not match public key");
    String noCert = write("nocert.pem", "nothing\n").toString();
    assertThatThrownBy(() -> TlsContexts.build(files("", noCert, key), Compat.PROMETHEUS_3))
        .hasMessageEndingWith("tls: failed to find any PEM data in certificate input");
    String missing = dir.resolve("nope.key").toString();
    assertThatThrownBy(() -> TlsContexts.build(files("", cert, missing), Compat.PROMETHEUS_3))
        .hasMessage(
            "unable to read specified client key: unable to read file "
                + missing
                + ": open "
                + missing
                + ": no such file or directory");
  }

  @Test
  void versionOrder() {
    TlsConfig c =
        new TlsConfig(
            "",
            "",
            "",
            "",
            "",
            "",
            Secret.empty(),
            "",
            "",
            "",
            false,
            TlsVersion.TLS13,
            TlsVersion.TLS12);
    assertThatThrownBy(() -> TlsContexts.build(c, Compat.PROMETHEUS_2))
        .hasMessage(
            "tls_config.max_version must be greater than or equal to tls_config.min_version if"
                + " both are specified");
  }

  @Test
  void hostnameVerificationAsGo() throws Exception {
    X509Certificate cert = (X509Certificate) rsa.cert();
    TlsContexts.verifyHostname(cert, "localhost");
    TlsContexts.verifyHostname(cert, "LOCALHOST.");
    TlsContexts.verifyHostname(cert, "api.example.com");
    TlsContexts.verifyHostname(cert, "127.0.0.1");
    assertThatThrownBy(() -> TlsContexts.verifyHostname(cert, "a.b.example.com"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("x509: certificate is valid for localhost, *.example.com, not a.b.example.com");
    assertThatThrownBy(() -> TlsContexts.verifyHostname(cert, "10.0.0.1"))
        .hasMessage("x509: certificate is valid for 127.0.0.1, not 10.0.0.1");
    assertThatThrownBy(() -> TlsContexts.verifyHostname((X509Certificate) ec.cert(), "x"))
        .hasMessage("x509: certificate is not valid for any names, but wanted to match x");
  }
}
