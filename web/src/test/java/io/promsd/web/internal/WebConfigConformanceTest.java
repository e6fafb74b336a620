package io.promsd.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.promsd.relabel.ConfigException;
import io.promsd.web.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays {@code testdata/web/pushgateway-1.5.1/webconfig.yaml}: what the real Pushgateway 1.5.1
 * (exporter-toolkit 0.8.2) does with each web config file, recorded by {@code
 * testdata/web/gen/record.py}. A refused file must be refused with the same text; an accepted one
 * must answer every probe (basic auth, headers, TLS versions, ciphers, ALPN, client certificates)
 * as 1.5.1 answered it.
 */
class WebConfigConformanceTest {
  private static final Path TESTDATA =
      Path.of(System.getProperty("promsd.testdata", "../testdata"));
  private static final Path CERTS = TESTDATA.resolve("web/certs");
  private static final Duration T = Duration.ofSeconds(10);
  private static final List<String> HEADERS =
      List.of(
          "Content-Type",
          "WWW-Authenticate",
          "X-Frame-Options",
          "X-Content-Type-Options",
          "X-XSS-Protection",
          "Content-Security-Policy",
          "Strict-Transport-Security");

  // OpenSSL's names of the suites the recorder's probes use, and JSSE's (IANA) names.
  private static final Map<String, String> OPENSSL_TO_IANA =
      Map.of(
          "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384");

  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  @TestFactory
  Stream<DynamicTest> recordedCases() throws IOException {
    Path file = TESTDATA.resolve("web/pushgateway-1.5.1/webconfig.yaml");
    Map<String, Object> doc = new Yaml().load(Files.readString(file));
    List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
    assertThat(cases).hasSizeGreaterThan(60);
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest("webconfig.yaml:" + c.get("name"), () -> replay(c)));
  }

  @SuppressWarnings("unchecked")
  private void replay(Map<String, Object> c) throws Exception {
    Path root = Files.createDirectory(tmp.resolve((String) c.get("name")));
    try (Stream<Path> certs = Files.list(CERTS)) {
      for (Path p : certs.toList()) {
        Files.copy(p, root.resolve(p.getFileName()));
      }
    }
    Map<String, String> files = (Map<String, String>) c.get("files");
    if (files != null) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(root.resolve(f.getKey()), f.getValue());
      }
    }
    Path folder =
        c.containsKey("dir") ? Files.createDirectories(root.resolve((String) c.get("dir"))) : root;
    Path web = folder.resolve("web.yml");
    if (Boolean.TRUE.equals(c.get("directory"))) {
      Files.createDirectory(web);
    } else if (!Boolean.TRUE.equals(c.get("absent"))) {
      Files.writeString(web, (String) c.get("config"));
    }
    if (c.containsKey("error")) {
      String expected = (String) c.get("error");
      try {
        WebConfig.load(web);
        fail("accepted a file 1.5.1 refuses with: " + expected);
      } catch (ConfigException e) {
        // 1.5.1 ran in the config's folder with --web.config.file=web.yml: names are relative
        assertThat(e.reason().replace(folder + "/", "")).isEqualTo(expected);
      }
      return;
    }
    Router r =
        new Router()
            .get(
                "/-/healthy",
                "healthy",
                (req, resp) -> resp.output().write("OK".getBytes(StandardCharsets.UTF_8)))
            .put("/metrics/job/:job", "push", (req, resp) -> resp.error(202, ""));
    try (WebServer server =
        WebServer.builder().listen("127.0.0.1:0").webConfigFile(web).router(r).start()) {
      List<Map<String, Object>> probes = (List<Map<String, Object>>) c.get("probes");
      for (Map<String, Object> p : probes == null ? List.<Map<String, Object>>of() : probes) {
        Map<String, Object> probe = (Map<String, Object>) p.get("probe");
        Map<String, Object> expected = (Map<String, Object>) p.get("answer");
        Map<String, Object> actual = probe(server.port(), root, probe);
        assertThat(actual).as("probe %s", probe).isEqualTo(expected);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> probe(int port, Path root, Map<String, Object> probe)
      throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(probe.get("plain_to_tls"))) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        s.getOutputStream()
            .write(
                "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        result.put(
            "raw", new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
      }
      return result;
    }
    Map<String, Object> tls = (Map<String, Object>) probe.get("tls");
    Socket sock;
    if (tls == null) {
      sock = new Socket();
      sock.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    } else {
      SSLSocket ssl;
      try {
        ssl = (SSLSocket) clientContext(root, tls).getSocketFactory().createSocket();
        ssl.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        ssl.setSoTimeout(5000);
        SSLParameters params = ssl.getSSLParameters();
        Object v = tls.get("version");
        if (v != null) {
          params.setProtocols(new String[] {(String) v});
        } else {
          params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        }
        if (tls.containsKey("ciphers")) {
          List<String> suites = new ArrayList<>();
          for (String name : ((String) tls.get("ciphers")).split(":")) {
            suites.add(OPENSSL_TO_IANA.get(name));
          }
          suites.addAll(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"));
          params.setCipherSuites(suites.toArray(String[]::new));
        }
        if (tls.containsKey("alpn")) {
          params.setApplicationProtocols(((List<String>) tls.get("alpn")).toArray(String[]::new));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
      } catch (IOException e) {
        result.put("handshake", "failed");
        return result;
      }
      result.put("tls_version", ssl.getSession().getProtocol());
      result.put("cipher", openSslName(ssl.getSession().getCipherSuite()));
      String alpn = ssl.getApplicationProtocol();
      result.put("alpn", alpn == null ? "" : alpn);
      if (Boolean.TRUE.equals(tls.get("handshake_only"))) {
        ssl.close();
        return result;
      }
      sock = ssl;
    }
    try (Socket s = sock) {
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder();
      req.append("GET ")
          .append(probe.getOrDefault("path", "/-/healthy"))
          .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      if (probe.containsKey("user")) {
        String cred = probe.get("user") + ":" + probe.get("password");
        req.append("Authorization: Basic ")
            .append(Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8)))
            .append("\r\n");
      }
      if (probe.containsKey("authorization")) {
        req.append("Authorization: ").append(probe.get("authorization")).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      RawHttp.Answer a;
      try (InputStream in = s.getInputStream()) {
        a = RawHttp.read(in, false);
      } catch (IOException e) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("handshake", "failed"); // TLS 1.3 reports a refused client cert on first use
        return failed;
      }
      result.put("status", a.status());
      Map<String, Object> kept = new LinkedHashMap<>();
      for (String h : HEADERS) {
        a.header(h).ifPresent(v -> kept.put(h, v));
      }
      result.put("headers", kept);
      result.put("body", a.text());
    }
    return result;
  }

  private static String openSslName(String iana) {
    for (Map.Entry<String, String> e : OPENSSL_TO_IANA.entrySet()) {
      if (e.getValue().equals(iana)) {
        return e.getKey();
      }
    }
    return iana;
  }

  private static SSLContext clientContext(Path root, Map<String, Object> tls) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = null;
    if (tls.containsKey("client_cert")) {
      TlsMaterial.KeyPair kp =
          TlsMaterial.loadKeyPair(
              root.resolve((String) tls.get("client_cert")),
              root.resolve((String) tls.get("client_key")));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", kp.key(), new char[0], kp.chain());
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
    }
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    KeyManager[] kms = null;
    if (kmf != null) {
      // like OpenSSL (the recorder's client), send the certificate whatever CAs the server names
      X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
      kms =
          new KeyManager[] {
            new X509ExtendedKeyManager() {
              @Override
              public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket s) {
                return "client";
              }

              @Override
              public String chooseEngineClientAlias(
                  String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
              }

              @Override
              public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
              }

              @Override
              public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
              }

              @Override
              public String chooseServerAlias(String keyType, Principal[] issuers, Socket s) {
                return null;
              }

              @Override
              public X509Certificate[] getCertificateChain(String alias) {
                return km.getCertificateChain(alias);
              }

              @Override
              public PrivateKey getPrivateKey(String alias) {
                return km.getPrivateKey(alias);
              }
            }
          };
    }
    ctx.init(kms, new TrustManager[] {trustAll}, new SecureRandom());
    return ctx;
  }
}
