package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Node;

/**
 * A secret from a configuration file (a password, a token, a key). It prints as {@code <secret>},
 * as Prometheus prints secrets, so no {@code toString}, log line or output can show it; {@link
 * #reveal()} is the one way to read it, for the code that sends it.
 */
public final class Secret {
  private static final Secret EMPTY = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    requireNonNull(value, "value");
    return value.isEmpty() ? EMPTY : new Secret(value);
  }

  /**
   * Decodes a {@code config.Secret} field as prometheus/common does: a scalar's text, the empty
   * secret for an absent or null field; a sequence or mapping is a type error naming {@code
   * config.plain} ({@code Secret.UnmarshalYAML} decodes through {@code type plain Secret}),
   * collected in {@code d}.
   */
  public static Secret decode(Decoder d, Node n) {
    return of(d.string(n, "config.plain"));
  }

  /** The empty secret (not configured). */
  public static Secret empty() {
    return EMPTY;
  }

  /** Whether no secret was configured. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The secret itself. Never log or print it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** {@code <secret>}, or the empty string when no secret is set. */
  @Override
  public String toString() {
    return value.isEmpty() ? "" : "<secret>";
  }
}
