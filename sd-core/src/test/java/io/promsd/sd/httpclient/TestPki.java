package io.promsd.sd.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates and keys made with the running JDK's {@code keytool}, written as PEM the
 * way operators hand them to Prometheus: certificates, PKCS#8 keys, PKCS#1 RSA keys and SEC 1 EC
 * keys.
 */
final class TestPki {
  private TestPki() {}

  static final char[] PASSWORD = "changeit".toCharArray();

  /** One generated identity. */
  record Identity(Path keystore, Path certPem, PrivateKey key, Certificate cert) {
    /** A server context presenting this identity, trusting {@code clientCa} if given. */
    SSLContext serverContext(Identity clientCa) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(ks, PASSWORD);
      TrustManagerFactory tmf = null;
      if (clientCa != null) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("client-ca", clientCa.cert());
        tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    }

    /** The key as PKCS#8 PEM ({@code PRIVATE KEY}). */
    String pkcs8Pem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }

    /** The RSA key as PKCS#1 PEM ({@code RSA PRIVATE KEY}). */
    String pkcs1Pem() {
      List<Pem.Der.Tlv> items = Pem.Der.children(Pem.Der.read(key.getEncoded(), 0));
      return pem("RSA PRIVATE KEY", items.get(2).value());
    }

    /** The EC key as SEC 1 PEM ({@code EC PRIVATE KEY}) naming its curve. */
    String sec1Pem() {
      List<Pem.Der.Tlv> items = Pem.Der.children(Pem.Der.read(key.getEncoded(), 0));
      byte[] curve = Pem.Der.children(items.get(1)).get(1).encoded();
      List<Pem.Der.Tlv> inner = Pem.Der.children(Pem.Der.read(items.get(2).value(), 0));
      byte[] sec1 =
          Pem.Der.sequence(Pem.Der.integer(1), inner.get(1).encoded(), Pem.Der.tlv(0xA0, curve));
      return pem("EC PRIVATE KEY", sec1);
    }

    String certText() throws IOException {
      return Files.readString(certPem);
    }
  }

  static String pem(String type, byte[] der) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  /**
   * A self-signed identity {@code name} in {@code dir}: key algorithm {@code RSA} or {@code EC},
   * with the given subject alternative names (e.g. {@code ip:127.0.0.1,dns:localhost}).
   */
  static Identity generate(Path dir, String name, String keyAlg, String san) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    List<String> gen =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                keyAlg,
                "-keysize",
                keyAlg.equals("EC") ? "256" : "2048",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
    if (san != null) {
      gen.add("-ext");
      gen.add("SAN=" + san);
    }
    keytool(gen);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, PASSWORD);
    }
    PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD);
    Certificate cert = store.getCertificate(name);
    Files.writeString(pem, pem("CERTIFICATE", cert.getEncoded()));
    return new Identity(ks, pem, key, cert);
  }

  private static void keytool(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }
}
