package io.promsd.web.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The TLS key pair and client CAs of a {@link WebConfig.TlsServerConfig}, loaded and checked as
 * exporter-toolkit's {@code ConfigToTLSConfig} and Go's {@code tls.LoadX509KeyPair} do, with their
 * error texts; and the {@link SSLContext} built from them. Like exporter-toolkit, which loads the
 * key pair for every handshake, the context re-reads the certificate and key when their files
 * change, so a renewed certificate is served without a restart.
 */
final class TlsMaterial {
  /** A TLS setting exporter-toolkit rejects; the message is its text. */
  static final class TlsConfigError extends Exception {
    private static final long serialVersionUID = 1L;

    TlsConfigError(String message) {
      super(message);
    }
  }

  record KeyPair(X509Certificate[] chain, PrivateKey key, long certModified, long keyModified) {}

  private final WebConfig.TlsServerConfig config;
  private volatile KeyPair keyPair;
  private final List<X509Certificate> clientCas;
  private final boolean clientCaFileGiven;

  private TlsMaterial(
      WebConfig.TlsServerConfig config,
      KeyPair keyPair,
      List<X509Certificate> clientCas,
      boolean clientCaFileGiven) {
    this.config = config;
    this.keyPair = keyPair;
    this.clientCas = clientCas;
    this.clientCaFileGiven = clientCaFileGiven;
  }

  WebConfig.TlsServerConfig config() {
    return config;
  }

  static TlsMaterial load(
      WebConfig.TlsServerConfig c, boolean certEmpty, boolean keyEmpty, String clientAuth)
      throws TlsConfigError {
    if (certEmpty) {
      throw new TlsConfigError("missing cert_file");
    }
    if (keyEmpty) {
      throw new TlsConfigError("missing key_file");
    }
    KeyPair pair;
    try {
      pair = loadKeyPair(c.certFile(), c.keyFile());
    } catch (TlsConfigError e) {
      throw new TlsConfigError("failed to load X509KeyPair: " + e.getMessage());
    }
    List<X509Certificate> cas = List.of();
    if (c.clientCaFile() != null) {
      byte[] pem;
      try {
        pem = Files.readAllBytes(c.clientCaFile());
      } catch (IOException e) {
        throw new TlsConfigError(WebConfig.goOpenError(c.clientCaFile(), e));
      }
      cas = certificatesOf(pem);
    }
    switch (clientAuth) {
      case "",
          "NoClientCert",
          "RequestClientCert",
          "RequireAnyClientCert",
          "RequireClientCert",
          "VerifyClientCertIfGiven",
          "RequireAndVerifyClientCert" -> {}
      default -> throw new TlsConfigError("Invalid ClientAuth: " + clientAuth);
    }
    if (c.clientCaFile() != null && (clientAuth.isEmpty() || clientAuth.equals("NoClientCert"))) {
      throw new TlsConfigError("Client CA's have been configured without a Client Auth Policy");
    }
    return new TlsMaterial(c, pair, cas, c.clientCaFile() != null);
  }

  /** Whether clients must present a certificate. */
  boolean needClientAuth() {
    return switch (config.clientAuthType()) {
      case "RequireAnyClientCert", "RequireClientCert", "RequireAndVerifyClientCert" -> true;
      default -> false;
    };
  }

  /** Whether clients are asked for a certificate. */
  boolean wantClientAuth() {
    return !config.clientAuthType().equals("NoClientCert");
  }

  private boolean verifyClientCert() {
    return switch (config.clientAuthType()) {
      case "VerifyClientCertIfGiven", "RequireAndVerifyClientCert" -> true;
      default -> false;
    };
  }

  /** An SSLContext serving the key pair (re-read when its files change). */
  SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {new ReloadingKeyManager()}, trustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  private TrustManager[] trustManagers() throws GeneralSecurityException {
    if (!wantClientAuth()) {
      return null;
    }
    if (!verifyClientCert()) {
      return new TrustManager[] {new AcceptAnyClient()};
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (clientCaFileGiven) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        ks.load(null, null);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      int i = 0;
      for (X509Certificate ca : clientCas) {
        ks.setCertificateEntry("ca" + i++, ca);
      }
      tmf.init(ks);
    } else {
      tmf.init((KeyStore) null); // Go: no client_ca_file means the system roots
    }
    return tmf.getTrustManagers();
  }

  private KeyPair current() {
    KeyPair kp = keyPair;
    try {
      long cm = Files.getLastModifiedTime(config.certFile()).toMillis();
      long km = Files.getLastModifiedTime(config.keyFile()).toMillis();
      if (cm != kp.certModified() || km != kp.keyModified()) {
        kp = loadKeyPair(config.certFile(), config.keyFile());
        keyPair = kp;
      }
      return kp;
    } catch (IOException | TlsConfigError e) {
      return null; // Go's GetCertificate fails, and so does the handshake
    }
  }

  private final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "promsd";

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      KeyPair kp = current();
      if (kp == null || !kp.key().getAlgorithm().equals(algorithmFamily(keyType))) {
        return null;
      }
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      KeyPair kp = keyPair;
      return kp == null ? null : kp.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      KeyPair kp = keyPair;
      return kp == null ? null : kp.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  // JSSE asks for "RSA", "EC", "EdDSA", "RSASSA-PSS" or legacy TLS 1.2 names like "ECDHE_RSA".
  private static String algorithmFamily(String keyType) {
    if (keyType.equals("EdDSA") || keyType.equals("Ed25519")) {
      return "EdDSA";
    }
    if (keyType.endsWith("RSA") || keyType.equals("RSASSA-PSS")) {
      return "RSA";
    }
    if (keyType.endsWith("EC") || keyType.endsWith("ECDSA")) {
      return "EC";
    }
    return keyType;
  }

  private static final class AcceptAnyClient extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  // Go 1.19 crypto/tls LoadX509KeyPair and X509KeyPair, with their error texts.
  static KeyPair loadKeyPair(Path certFile, Path keyFile) throws TlsConfigError {
    byte[] certPem;
    byte[] keyPem;
    long cm;
    long km;
    try {
      certPem = Files.readAllBytes(certFile);
      cm = Files.getLastModifiedTime(certFile).toMillis();
    } catch (IOException e) {
      throw new TlsConfigError(WebConfig.goOpenError(certFile, e));
    }
    try {
      keyPem = Files.readAllBytes(keyFile);
      km = Files.getLastModifiedTime(keyFile).toMillis();
    } catch (IOException e) {
      throw new TlsConfigError(WebConfig.goOpenError(keyFile, e));
    }
    List<byte[]> certs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Pem.Block b : Pem.decodeAll(certPem)) {
      if (b.type().equals("CERTIFICATE")) {
        certs.add(b.bytes());
      } else {
        skipped.add(b.type());
      }
    }
    if (certs.isEmpty()) {
      if (skipped.isEmpty()) {
        throw new TlsConfigError("tls: failed to find any PEM data in certificate input");
      }
      if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
        throw new TlsConfigError(
            "tls: failed to find certificate PEM data in certificate input, but did find a private"
                + " key; PEM inputs may have been switched");
      }
      throw new TlsConfigError(
          "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM"
              + " blocks of the following types: "
              + goList(skipped));
    }
    skipped.clear();
    Pem.Block keyBlock = null;
    for (Pem.Block b : Pem.decodeAll(keyPem)) {
      if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
        keyBlock = b;
        break;
      }
      skipped.add(b.type());
    }
    if (keyBlock == null) {
      if (skipped.isEmpty()) {
        throw new TlsConfigError("tls: failed to find any PEM data in key input");
      }
      if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
        throw new TlsConfigError(
            "tls: found a certificate rather than a key in the PEM for the private key");
      }
      throw new TlsConfigError(
          "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after"
              + " skipping PEM blocks of the following types: "
              + goList(skipped));
    }
    X509Certificate[] chain = new X509Certificate[certs.size()];
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (int i = 0; i < chain.length; i++) {
        chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(certs.get(i)));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsConfigError("x509: malformed certificate");
    }
    PrivateKey key = parsePrivateKey(keyBlock.bytes());
    if (key == null) {
      throw new TlsConfigError("tls: failed to parse private key");
    }
    checkMatch(chain[0].getPublicKey(), key);
    return new KeyPair(chain, key, cm, km);
  }

  private static String goList(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  // Go's tls parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1, whatever the PEM type says.
  static PrivateKey parsePrivateKey(byte[] der) {
    try {
      org.bouncycastle.asn1.pkcs.RSAPrivateKey rsa =
          org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der);
      byte[] pkcs8 =
          new PrivateKeyInfo(
                  new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                  rsa)
              .getEncoded();
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // not PKCS #1
    }
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
      ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
      String alg;
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        alg = "RSA";
      } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        alg = "EC";
      } else if (oid.getId().equals("1.3.101.112")) {
        alg = "Ed25519";
      } else {
        alg = null;
      }
      if (alg != null) {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // not PKCS #8
    }
    try {
      org.bouncycastle.asn1.sec.ECPrivateKey ec =
          org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
      var params = ec.getParametersObject();
      if (params == null) {
        return null;
      }
      byte[] pkcs8 =
          new PrivateKeyInfo(
                  new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params), ec)
              .getEncoded();
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private static void checkMatch(PublicKey pub, PrivateKey key) throws TlsConfigError {
    String pa = family(pub.getAlgorithm());
    String ka = family(key.getAlgorithm());
    if (pa == null) {
      throw new TlsConfigError("tls: unknown public key algorithm");
    }
    if (!pa.equals(ka)) {
      throw new TlsConfigError("tls: private key type does not match public key type");
    }
    String sigAlg =
        switch (pa) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> "Ed25519";
        };
    try {
      byte[] probe = "promsd key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(sigAlg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(sigAlg);
      v.initVerify(pub);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new TlsConfigError("tls: private key does not match public key");
      }
    } catch (GeneralSecurityException e) {
      throw new TlsConfigError("tls: private key does not match public key");
    }
  }

  private static String family(String alg) {
    return switch (alg) {
      case "RSA", "RSASSA-PSS" -> "RSA";
      case "EC" -> "EC";
      case "Ed25519", "EdDSA" -> "EdDSA";
      default -> null;
    };
  }

  // x509.CertPool.AppendCertsFromPEM: every CERTIFICATE block that parses; others are skipped.
  static List<X509Certificate> certificatesOf(byte[] pem) {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory cf;
    try {
      cf = CertificateFactory.getInstance("X.509");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    for (Pem.Block b : Pem.decodeAll(pem)) {
      if (!b.type().equals("CERTIFICATE") || !b.headersEmpty()) {
        continue;
      }
      try {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.bytes())));
      } catch (GeneralSecurityException | RuntimeException e) {
        // skipped, as Go skips it
      }
    }
    return out;
  }

  /** Go's encoding/pem Decode, enough for key and certificate files. */
  static final class Pem {
    private Pem() {}

    record Block(String type, byte[] bytes, boolean headersEmpty) {}

    static List<Block> decodeAll(byte[] data) {
      String s = new String(data, StandardCharsets.ISO_8859_1);
      List<Block> out = new ArrayList<>();
      int from = 0;
      while (true) {
        int begin = s.indexOf("-----BEGIN ", from);
        if (begin < 0) {
          return out;
        }
        // Go requires BEGIN at the start of the data or of a line
        if (begin > 0 && s.charAt(begin - 1) != '\n') {
          from = begin + 1;
          continue;
        }
        int typeEnd = s.indexOf("-----", begin + 11);
        int eol = s.indexOf('\n', begin);
        if (typeEnd < 0 || (eol >= 0 && typeEnd > eol)) {
          from = begin + 11;
          continue;
        }
        String type = s.substring(begin + 11, typeEnd);
        String endMarker = "-----END " + type + "-----";
        int end = s.indexOf(endMarker, typeEnd + 5);
        if (end < 0) {
          from = typeEnd + 5;
          continue;
        }
        String body = s.substring(typeEnd + 5, end);
        boolean headersEmpty = true;
        String[] lines = body.split("\r?\n", -1);
        StringBuilder b64 = new StringBuilder();
        boolean inHeaders = true;
        for (String line : lines) {
          if (inHeaders && line.contains(":")) {
            headersEmpty = false;
            continue;
          }
          if (inHeaders && !line.isBlank()) {
            inHeaders = false;
          }
          for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch != ' ' && ch != '\t' && ch != '\r') {
              b64.append(ch);
            }
          }
        }
        try {
          out.add(new Block(type, Base64.getDecoder().decode(b64.toString()), headersEmpty));
          from = end + endMarker.length();
        } catch (IllegalArgumentException e) {
          from = typeEnd + 5;
        }
      }
    }
  }
}
