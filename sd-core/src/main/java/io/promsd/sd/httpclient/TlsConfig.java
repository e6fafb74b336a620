package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.Node;
import java.nio.file.Path;

/**
 * The {@code tls_config} block of an HTTP client (prometheus/common's {@code TLSConfig}): where the
 * CA, the client certificate and its key come from, and how the server is checked. Strings are
 * empty when not set; file paths are already resolved against the config file's directory.
 * Immutable; the key prints as {@code <secret>}.
 *
 * @param ca inline PEM of the CA certificates (3.x only)
 * @param caFile file with the PEM CA certificates
 * @param caRef name of the CA in a secret manager (3.x only; Prometheus has no secret manager, so a
 *     client can't be built from it)
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
   * The TLS setup of this block alone, for clients that take a {@code tls_config} without the rest
   * of the HTTP client settings (OpenStack SD).
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
   * Prometheus 3.x's {@code TLSConfig.Validate}, run whenever a {@code tls_config} is decoded; 2.42
   * had none (it found a lone cert or key file only when building the client).
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
