package io.promsd.relabel;

/**
 * A label name rule: Prometheus's {@code model.ValidationScheme}.
 *
 * <p>Prometheus 2.42 knows only {@link #LEGACY}. Prometheus 3.x checks relabel rules under the
 * job's {@code metric_name_validation_scheme} ({@link #UTF8} unless configured).
 */
public enum NameValidation {
  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  LEGACY,
  /** Any non-empty, valid UTF-8 string. */
  UTF8;

  /** Whether {@code name} is a valid label name under this rule. */
  public boolean isValid(String name) {
    return this == LEGACY ? isLegacyName(name) : isUtf8Name(name);
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isLegacyName(String name) {
    int n = name.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Non-empty and valid UTF-8 (in Java: no lone surrogate). */
  public static boolean isUtf8Name(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code legacy} or {@code utf8}, as Prometheus's config does. */
  public static NameValidation parse(String s) {
    return switch (s) {
      case "legacy" -> LEGACY;
      case "utf8" -> UTF8;
      default ->
          throw new IllegalArgumentException(
              "unrecognized ValidationScheme: "
                  + io.promsd.relabel.internal.config.GoText.quote(s));
    };
  }
}
