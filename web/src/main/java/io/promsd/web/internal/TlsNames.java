package io.promsd.web.internal;

import java.util.List;
import java.util.Map;

/**
 * Go's crypto/tls names as exporter-toolkit accepts them, mapped to JSSE's. Cipher suites are those
 * of Go 1.19's {@code tls.CipherSuites()} (the secure ones); IANA names, which JSSE shares.
 */
final class TlsNames {
  private TlsNames() {}

  // Go 1.19 crypto/tls cipher_suites.go CipherSuites(), in its order.
  static final List<String> GO_CIPHER_SUITES =
      List.of(
          "TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_RSA_WITH_AES_256_CBC_SHA",
          "TLS_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * The TLS 1.3 suites in the order a Go 1.19 server on AES hardware prefers them; Go does not let
   * a config choose among them.
   */
  static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384");

  /**
   * Go 1.19's {@code cipherSuitesPreferenceOrder} (AES hardware) for TLS 1.0–1.2, without what JSSE
   * disables anyway (3DES, RC4). A Go server picks by this order whatever the config's order, and
   * without a config list it offers these.
   */
  static final List<String> GO_PREFERENCE_ORDER =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
          "TLS_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_RSA_WITH_AES_256_CBC_SHA");

  /**
   * The JSSE suites to enable, in Go's preference order: the configured TLS 1.0–1.2 suites (all of
   * Go's defaults when none are configured), then the TLS 1.3 suites.
   */
  static List<String> serverSuites(List<String> configured) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (String s : GO_PREFERENCE_ORDER) {
      if (configured.isEmpty() || configured.contains(s)) {
        out.add(s);
      }
    }
    out.addAll(TLS13_SUITES);
    return out;
  }

  private static final Map<String, String> CURVES =
      Map.of(
          "CurveP256", "secp256r1",
          "CurveP384", "secp384r1",
          "CurveP521", "secp521r1",
          "X25519", "x25519");

  private static final Map<String, String> VERSIONS =
      Map.of("TLS13", "TLSv1.3", "TLS12", "TLSv1.2", "TLS11", "TLSv1.1", "TLS10", "TLSv1");

  static String cipher(String goName) {
    return GO_CIPHER_SUITES.contains(goName) ? goName : null;
  }

  static String curve(String goName) {
    return CURVES.containsKey(goName) ? goName : null;
  }

  static String version(String goName) {
    return VERSIONS.containsKey(goName) ? goName : null;
  }

  /** JSSE's protocol name of a Go version name. */
  static String jsseProtocol(String goVersion) {
    return VERSIONS.get(goVersion);
  }

  /** JSSE's named group of a Go curve name. */
  static String jsseGroup(String goCurve) {
    return CURVES.get(goCurve);
  }

  /** The JSSE protocols from {@code min} to {@code max}, both Go names. */
  static List<String> protocols(String min, String max) {
    List<String> order = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    int lo = order.indexOf(min);
    int hi = order.indexOf(max);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int i = lo; i <= hi; i++) {
      out.add(VERSIONS.get(order.get(i)));
    }
    return out;
  }
}
