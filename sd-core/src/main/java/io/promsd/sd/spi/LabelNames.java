package io.promsd.sd.spi;

/**
 * Label-name sanitising for discoverers that build {@code __meta_*} names from keys they do not
 * control (tags, annotations, metadata). Stateless and thread-safe.
 */
public final class LabelNames {
  private LabelNames() {}

  /**
   * Prometheus's {@code util/strutil.SanitizeLabelName}: every code point outside {@code
   * [a-zA-Z0-9_]} becomes one {@code _}. Go replaces the regexp {@code [^a-zA-Z0-9_]} on the
   * string, which matches per rune, so a character outside the BMP (a surrogate pair here) gives
   * one {@code _}, not two. Like Go's, the result may start with a digit or be empty: use it after
   * a valid prefix.
   *
   * @return {@code name} itself when nothing needs replacing
   */
  public static String sanitize(String name) {
    StringBuilder sb = null;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      boolean ok =
          (cp >= 'a' && cp <= 'z')
              || (cp >= 'A' && cp <= 'Z')
              || (cp >= '0' && cp <= '9')
              || cp == '_';
      if (!ok && sb == null) {
        sb = new StringBuilder(name.length()).append(name, 0, i);
      }
      if (sb != null) {
        sb.append(ok ? (char) cp : '_'); // ok implies ASCII: one char
      }
      i += Character.charCount(cp);
    }
    return sb == null ? name : sb.toString();
  }
}
