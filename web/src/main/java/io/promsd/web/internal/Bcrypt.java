package io.promsd.web.internal;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt as Go's {@code golang.org/x/crypto/bcrypt} reads a hash: {@link #costError(String)} is
 * {@code bcrypt.Cost}'s error (exporter-toolkit checks every hash with it at start), {@link
 * #matches(String, byte[])} is {@code CompareHashAndPassword}, computed by Bouncy Castle.
 */
final class Bcrypt {
  private Bcrypt() {}

  private static final int MIN_HASH_SIZE = 59;

  /** Go's error for a hash that {@code bcrypt.Cost} rejects, or null when it reads. */
  static String costError(String hash) {
    byte[] b = hash.getBytes(StandardCharsets.UTF_8);
    if (b.length < MIN_HASH_SIZE) {
      return "crypto/bcrypt: hashedSecret too short to be a bcrypted password";
    }
    if (b[0] != '$') {
      return "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '"
          + goChar(b[0])
          + "'";
    }
    if ((b[1] & 0xff) > '2') {
      return "crypto/bcrypt: bcrypt algorithm version '"
          + goChar(b[1])
          + "' requested is newer than current version '2'";
    }
    int n = b[2] != '$' ? 4 : 3;
    String cost = new String(b, n, 2, StandardCharsets.ISO_8859_1);
    int c;
    try {
      c = goAtoi(cost);
    } catch (NumberFormatException e) {
      return "strconv.Atoi: parsing "
          + io.promsd.relabel.internal.config.GoText.quote(cost)
          + ": "
          + e.getMessage();
    }
    if (c < 4 || c > 31) {
      return "crypto/bcrypt: cost " + c + " is outside allowed range (4,31)";
    }
    return null;
  }

  // Go's %c of a byte: the code point of that value.
  private static String goChar(byte b) {
    return new String(Character.toChars(b & 0xff));
  }

  // strconv.Atoi on two characters: an optional sign and decimal digits.
  private static int goAtoi(String s) {
    int i = 0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    if (i >= s.length()) {
      throw new NumberFormatException("invalid syntax");
    }
    int v = 0;
    for (; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        throw new NumberFormatException("invalid syntax");
      }
      v = v * 10 + (ch - '0');
    }
    return neg ? -v : v;
  }

  /**
   * Whether {@code password} matches {@code hash}. Passwords longer than 72 bytes are cut as bcrypt
   * cuts them; a malformed hash matches nothing.
   */
  static boolean matches(String hash, byte[] password) {
    if (costError(hash) != null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (RuntimeException e) {
      return false; // a salt or version Bouncy Castle cannot read: no match, as Go's base64 fails
    }
  }
}
