package io.promsd.sd.httpclient;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsContext;
import io.promsd.sd.httpclient.HttpClientConfig.TlsVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link TlsContext}s from {@link TlsConfig}s as prometheus/common's {@code
 * NewTLSConfigWithContext} builds a {@code tls.Config}: the same checks, in the same order, with
 * the same messages for the given compat (v0.39.0's differ from 3.x's).
 */
final class TlsContexts {
  private static final Logger logger = LoggerFactory.getLogger(TlsContexts.class);

  private TlsContexts() {}

  /** Where one piece of TLS material comes from: inline text, a file, or a secret manager. */
  private record Source(String inline, String file, String ref, Compat compat) {
    boolean present() {
      return !inline.isEmpty() || !file.isEmpty() || !ref.isEmpty();
    }

    boolean reloads() {
      return inline.isEmpty() && !file.isEmpty();
    }

    // Go's SecretReader.Description(); 2.42 named the file alone.
    String description() {
      if (compat == Compat.PROMETHEUS_2) {
        return file;
      }
      if (!inline.isEmpty()) {
        return "inline";
      }
      return !file.isEmpty() ? "file " + file : "ref " + ref;
    }

    // toSecret's one error: Prometheus gives no secret manager.
    void checkUsable(String what) throws IOException {
      if (inline.isEmpty() && file.isEmpty() && !ref.isEmpty()) {
        throw new IOException("unable to use " + what + ": cannot use secret ref without manager");
      }
    }

    byte[] fetch() throws IOException {
      if (!inline.isEmpty()) {
        return inline.getBytes(StandardCharsets.UTF_8);
      }
      if (compat == Compat.PROMETHEUS_2) {
        return SecretFiles.readBytes(file);
      }
      try {
        return SecretFiles.readTrimmed(file).getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("unable to read file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** The JSSE protocol names between {@code min_version} and {@code max_version}. */
  static String[] protocols(TlsConfig c) {
    List<String> out = new ArrayList<>();
    for (TlsVersion v : TlsVersion.values()) {
      boolean aboveMin = c.minVersion() == null || v.compareTo(c.minVersion()) >= 0;
      boolean belowMax = c.maxVersion() == null || v.compareTo(c.maxVersion()) <= 0;
      if (aboveMin && belowMax) {
        out.add(v.jdkName());
      }
    }
    return out.toArray(new String[0]);
  }

  static TlsContext build(TlsConfig c, Compat compat) throws IOException {
    boolean v3 = compat == Compat.PROMETHEUS_3;
    if (v3) {
      String err = c.validationError(compat);
      if (err != null) {
        throw new IOException(err);
      }
    }
    if (c.minVersion() != null
        && c.maxVersion() != null
        && c.maxVersion().compareTo(c.minVersion()) < 0) {
      throw new IOException(
          "tls_config.max_version must be greater than or equal to tls_config.min_version if both"
              + " are specified");
    }
    Source ca = new Source(c.ca(), c.caFile(), c.caRef(), compat);
    Source cert = new Source(c.cert(), c.certFile(), c.certRef(), compat);
    Source key = new Source(c.key().reveal(), c.keyFile(), c.keyRef(), compat);

    ServerTrust trust = new ServerTrust(ca, c.serverName(), c.insecureSkipVerify());
    if (ca.present()) {
      ca.checkUsable("CA cert");
      trust.load(); // fail now, as Go fails to build the client
    }

    ClientKeys keys = null;
    if (!v3 && cert.present() != key.present()) {
      throw new IOException(
          cert.present()
              ? "client cert file \"" + c.certFile() + "\" specified without client key file"
              : "client key file \"" + c.keyFile() + "\" specified without client cert file");
    }
    if (cert.present() && key.present()) {
      keys = new ClientKeys(cert, key, compat);
      keys.load(); // Go: "Verify that client cert and key are valid."
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          keys == null ? null : new javax.net.ssl.KeyManager[] {keys},
          new TrustManager[] {trust},
          null);
      List<String> protocols =
          c.minVersion() == null && c.maxVersion() == null ? List.of() : List.of(protocols(c));
      return new TlsContext(ctx, trust, protocols);
    } catch (GeneralSecurityException e) {
      throw new IOException("unable to set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the server: its chain against the configured CA (re-read from its file when it changes,
   * as Go's {@code tlsRoundTripper} does) or the JDK's, and its name against {@code server_name}
   * when set (the JDK checks the URL's host otherwise).
   */
  private static final class ServerTrust extends X509ExtendedTrustManager {
    private final Source ca;
    private final String serverName;
    private final boolean insecure;
    private byte[] loadedCa;
    private X509ExtendedTrustManager delegate;

    ServerTrust(Source ca, String serverName, boolean insecure) {
      this.ca = ca;
      this.serverName = serverName;
      this.insecure = insecure;
    }

    synchronized X509ExtendedTrustManager load() throws IOException {
      if (delegate != null && !ca.reloads()) {
        return delegate;
      }
      KeyStore roots = null;
      byte[] pem = null;
      if (ca.present()) {
        try {
          pem = ca.fetch();
        } catch (IOException e) {
          throw new IOException(
              ca.compat() == Compat.PROMETHEUS_2
                  ? "unable to load specified CA cert " + ca.file() + ": " + e.getMessage()
                  : "unable to read CA cert: " + e.getMessage(),
              e);
        }
        if (delegate != null && Arrays.equals(pem, loadedCa)) {
          return delegate;
        }
        List<X509Certificate> certs = Pem.certificates(pem);
        if (certs.isEmpty()) {
          throw new IOException("unable to use specified CA cert " + ca.description());
        }
        try {
          roots = KeyStore.getInstance(KeyStore.getDefaultType());
          roots.load(null, null);
          for (int i = 0; i < certs.size(); i++) {
            roots.setCertificateEntry("ca-" + i, certs.get(i));
          }
        } catch (GeneralSecurityException e) {
          throw new IOException("unable to use specified CA cert " + ca.description(), e);
        }
      }
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509ExtendedTrustManager x) {
            delegate = x;
            loadedCa = pem;
            return x;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new IOException("unable to set up TLS trust: " + e.getMessage(), e);
      }
      throw new IOException("unable to set up TLS trust: no X509 trust manager");
    }

    private X509ExtendedTrustManager current() throws CertificateException {
      try {
        return load();
      } catch (IOException e) {
        throw new CertificateException(e.getMessage(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (insecure) {
        return;
      }
      if (serverName.isEmpty()) {
        current().checkServerTrusted(chain, authType, engine);
      } else {
        current().checkServerTrusted(chain, authType);
        verifyHostname(chain[0], serverName);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (insecure) {
        return;
      }
      if (serverName.isEmpty()) {
        current().checkServerTrusted(chain, authType, socket);
      } else {
        current().checkServerTrusted(chain, authType);
        verifyHostname(chain[0], serverName);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (insecure) {
        return;
      }
      current().checkServerTrusted(chain, authType);
      if (!serverName.isEmpty()) {
        verifyHostname(chain[0], serverName);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      current().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      current().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      current().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      if (insecure) {
        return new X509Certificate[0];
      }
      try {
        return current().getAcceptedIssuers();
      } catch (CertificateException e) {
        return new X509Certificate[0];
      }
    }
  }

  /**
   * Go's {@code Certificate.VerifyHostname}: an IP against the IP SANs, a name against the DNS SANs
   * with a wildcard allowed as the whole leftmost label; the common name is ignored.
   */
  static void verifyHostname(X509Certificate cert, String name) throws CertificateException {
    String host = name;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<String> dnsNames = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dnsNames.add((String) san.get(1));
          } else if (type == 7) {
            ips.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new CertificateException("x509: " + e.getMessage(), e);
    }
    InetAddress ip = ipLiteral(host);
    if (ip != null) {
      for (String s : ips) {
        if (ip.equals(ipLiteral(s))) {
          return;
        }
      }
      throw hostnameError(ips, host);
    }
    String want = host.toLowerCase(Locale.ROOT);
    if (want.endsWith(".")) {
      want = want.substring(0, want.length() - 1);
    }
    for (String pattern : dnsNames) {
      if (matchHostnames(pattern.toLowerCase(Locale.ROOT), want)) {
        return;
      }
    }
    throw hostnameError(dnsNames, host);
  }

  private static CertificateException hostnameError(List<String> valid, String host) {
    if (valid.isEmpty()) {
      return new CertificateException(
          "x509: certificate is not valid for any names, but wanted to match " + host);
    }
    return new CertificateException(
        "x509: certificate is valid for " + String.join(", ", valid) + ", not " + host);
  }

  private static boolean matchHostnames(String pattern, String host) {
    if (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (pattern.isEmpty() || host.isEmpty()) {
      return false;
    }
    String[] p = pattern.split("\\.", -1);
    String[] h = host.split("\\.", -1);
    if (p.length != h.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (i == 0 && p[i].equals("*")) {
        continue;
      }
      if (!p[i].equals(h[i])) {
        return false;
      }
    }
    return true;
  }

  /** The address of an IP literal, or null for anything else (never a DNS lookup). */
  static InetAddress ipLiteral(String s) {
    boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Presents the client certificate, re-reading its files on every handshake as Go's {@code
   * GetClientCertificate} does; a pair that no longer loads is logged and not presented.
   */
  private static final class ClientKeys extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final Source cert;
    private final Source key;
    private final Compat compat;
    private volatile Pem.KeyPair pair;

    ClientKeys(Source cert, Source key, Compat compat) {
      this.cert = cert;
      this.key = key;
      this.compat = compat;
    }

    Pem.KeyPair load() throws IOException {
      byte[] certPem;
      byte[] keyPem;
      if (compat == Compat.PROMETHEUS_2) {
        try {
          certPem = cert.fetch();
          keyPem = key.fetch();
        } catch (IOException e) {
          throw new IOException(
              "unable to read specified client cert ("
                  + cert.file()
                  + ") & key ("
                  + key.file()
                  + "): "
                  + e.getMessage(),
              e);
        }
      } else {
        cert.checkUsable("client cert");
        try {
          certPem = cert.fetch();
        } catch (IOException e) {
          throw new IOException("unable to read specified client cert: " + e.getMessage(), e);
        }
        key.checkUsable("client key");
        try {
          keyPem = key.fetch();
        } catch (IOException e) {
          throw new IOException("unable to read specified client key: " + e.getMessage(), e);
        }
      }
      try {
        Pem.KeyPair p = Pem.keyPair(certPem, keyPem);
        pair = p;
        return p;
      } catch (IOException e) {
        throw new IOException(
            "unable to use specified client cert ("
                + cert.description()
                + ") & key ("
                + key.description()
                + "): "
                + e.getMessage(),
            e);
      }
    }

    private String choose() {
      try {
        load();
        return ALIAS;
      } catch (IOException e) {
        logger.warn("client certificate not presented error={}", e.getMessage());
        return null;
      }
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return choose();
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return choose();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Pem.KeyPair p = pair;
      return p == null ? null : p.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Pem.KeyPair p = pair;
      return p == null ? null : p.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }
  }
}
