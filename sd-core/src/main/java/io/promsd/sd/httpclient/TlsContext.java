package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS setup built from a {@link TlsConfig}, for HTTP clients that want the parts (OkHttp takes
 * the socket factory and the trust manager apart). The trust manager checks the server's chain
 * against the configured CA (re-read when its file changes) and its name against {@code
 * server_name}, or accepts anything under {@code insecure_skip_verify}; the key manager inside the
 * context presents the client certificate, re-read from its files on every handshake.
 *
 * @param sslContext the context, initialized with the trust manager and the client certificate
 * @param trustManager the trust manager inside {@code sslContext}
 * @param protocols the TLS protocols {@code min_version} and {@code max_version} allow, in JSSE
 *     names; empty when neither is set (the JDK's defaults)
 */
public record TlsContext(
    SSLContext sslContext, X509TrustManager trustManager, List<String> protocols) {
  /** Checks and copies. */
  public TlsContext {
    requireNonNull(sslContext, "sslContext");
    requireNonNull(trustManager, "trustManager");
    protocols = List.copyOf(protocols);
  }
}
