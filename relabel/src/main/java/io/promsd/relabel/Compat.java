package io.promsd.relabel;

/**
 * Which Prometheus promsd behaves like where Prometheus 2.x and 3.x differ.
 *
 * <p>{@link #PROMETHEUS_2} follows Prometheus 2.42 (the version Debian's promtool ships); {@link
 * #PROMETHEUS_3} follows current 3.x and is the default. Every difference is a conformance case in
 * {@code testdata/}.
 */
public enum Compat {
  /** Prometheus 2.42: regexes anchored as {@code ^(?:RE)$}, legacy label names, default ports. */
  PROMETHEUS_2,
  /** Prometheus 3.x: regexes anchored as {@code ^(?s:RE)$}, UTF-8 label names, no port magic. */
  PROMETHEUS_3;

  /** The default: {@link #PROMETHEUS_3}. */
  public static Compat defaultCompat() {
    return PROMETHEUS_3;
  }

  /**
   * Parses {@code "2"} or {@code "3"} (also {@code "2.42"}, {@code "3.x"}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Compat parse(String s) {
    String t = s.trim();
    if (t.equals("2") || t.startsWith("2.")) {
      return PROMETHEUS_2;
    }
    if (t.equals("3") || t.startsWith("3.")) {
      return PROMETHEUS_3;
    }
    throw new IllegalArgumentException(
        "compat must be 2 or 3, got " + io.promsd.relabel.internal.config.GoText.quote(s));
  }

  /** The major version, 2 or 3. */
  public int major() {
    return this == PROMETHEUS_2 ? 2 : 3;
  }

  /** 3.x wraps regexes in {@code (?s:...)}, so the dot matches a newline. */
  boolean dotMatchesNewline() {
    return this == PROMETHEUS_3;
  }

  /** Go 1.22 (Prometheus 3.x) accepts {@code (?<name>re)}; Go 1.19 (2.42) does not. */
  boolean acceptsAngleNamedGroups() {
    return this == PROMETHEUS_3;
  }

  /** The label name rule outside the rules' own scheme: legacy in 2.x, UTF-8 in 3.x. */
  public NameValidation defaultNameValidation() {
    return this == PROMETHEUS_2 ? NameValidation.LEGACY : NameValidation.UTF8;
  }
}
