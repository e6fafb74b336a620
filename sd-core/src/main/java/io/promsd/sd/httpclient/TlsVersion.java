package io.promsd.sd.httpclient;

/**
 * A TLS protocol version as {@code min_version} and {@code max_version} name it ({@code TLS10} to
 * {@code TLS13}), prometheus/common's {@code TLSVersion}.
 */
public enum TlsVersion {
  /** TLS 1.0. */
  TLS10("TLSv1"),
  /** TLS 1.1. */
  TLS11("TLSv1.1"),
  /** TLS 1.2. */
  TLS12("TLSv1.2"),
  /** TLS 1.3. */
  TLS13("TLSv1.3");

  private final String jdkName;

  TlsVersion(String jdkName) {
    this.jdkName = jdkName;
  }

  /** The JSSE protocol name, e.g. {@code TLSv1.2}. */
  public String jdkName() {
    return jdkName;
  }

  /** The version of a YAML name, or null if unknown (names are case-sensitive, as in Go). */
  static TlsVersion ofName(String name) {
    for (TlsVersion v : values()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }
}
