package io.promsd.relabel;

import java.nio.charset.StandardCharsets;

/**
 * The {@code hashmod} number: the MD5 digest of the value's UTF-8 bytes, bytes 8..15 read as a
 * big-endian unsigned 64-bit integer, modulo the (unsigned) modulus — bit for bit what Prometheus
 * computes in {@code model/relabel/relabel.go}.
 *
 * <p>MD5 is computed here rather than through {@code MessageDigest}, whose provider lookup and
 * object churn cost more than the digest of a short label value.
 */
final class HashMod {
  private HashMod() {}

  private static final int[] S = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
  };
  private static final int[] K = new int[64];

  static {
    for (int i = 0; i < 64; i++) {
      K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
    }
  }

  /** {@code hash(value) mod modulus} as an unsigned decimal string. */
  static String apply(String value, long modulus) {
    long h = lowHalf(value, new int[16]);
    return Long.toUnsignedString(Long.remainderUnsigned(h, modulus));
  }

  /**
   * Bytes 8..15 of MD5 of the UTF-8 encoding of {@code value}, with {@code w} (16 ints) as working
   * memory. ASCII text is its own UTF-8 encoding, so it is read without encoding it first.
   */
  static long lowHalf(String value, int[] w) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        return lowHalf(value.getBytes(StandardCharsets.UTF_8), w);
      }
    }
    return digest(null, value, n, w);
  }

  /** Bytes 8..15 of MD5({@code msg}) as a big-endian 64-bit value. */
  static long lowHalf(byte[] msg, int[] w) {
    return digest(msg, null, msg.length, w);
  }

  /** MD5 of {@code msg}, or of the ASCII {@code text} when msg is null; bytes 8..15. */
  private static long digest(byte[] msg, String text, int len, int[] w) {
    int a0 = 0x67452301;
    int b0 = 0xefcdab89;
    int c0 = 0x98badcfe;
    int d0 = 0x10325476;
    int blocks = (len + 8) / 64 + 1;
    for (int blk = 0; blk < blocks; blk++) {
      int base = blk * 64;
      for (int i = 0; i < 16; i++) {
        int at = base + 4 * i;
        if (at + 4 <= len) {
          w[i] = msg != null ? word(msg, at) : word(text, at); // the common case: all message
        } else {
          w[i] = paddedWord(msg, text, len, at, blocks * 64 - 8);
        }
      }
      int a = a0;
      int b = b0;
      int c = c0;
      int d = d0;
      // The four rounds of RFC 1321, one loop each, so that no step branches on its round.
      for (int i = 0; i < 16; i++) {
        int f = a + ((b & c) | (~b & d)) + K[i] + w[i];
        a = d;
        d = c;
        c = b;
        b += Integer.rotateLeft(f, S[i]);
      }
      for (int i = 16; i < 32; i++) {
        int f = a + ((d & b) | (~d & c)) + K[i] + w[(5 * i + 1) & 15];
        a = d;
        d = c;
        c = b;
        b += Integer.rotateLeft(f, S[i]);
      }
      for (int i = 32; i < 48; i++) {
        int f = a + (b ^ c ^ d) + K[i] + w[(3 * i + 5) & 15];
        a = d;
        d = c;
        c = b;
        b += Integer.rotateLeft(f, S[i]);
      }
      for (int i = 48; i < 64; i++) {
        int f = a + (c ^ (b | ~d)) + K[i] + w[(7 * i) & 15];
        a = d;
        d = c;
        c = b;
        b += Integer.rotateLeft(f, S[i]);
      }
      a0 += a;
      b0 += b;
      c0 += c;
      d0 += d;
    }
    // The digest is a0..d0 little-endian; bytes 8..15 are c0 then d0.
    return ((long) Integer.reverseBytes(c0) << 32) | (Integer.reverseBytes(d0) & 0xffffffffL);
  }

  /** Four message bytes from {@code at}, little-endian. */
  private static int word(byte[] msg, int at) {
    return (msg[at] & 0xff)
        | (msg[at + 1] & 0xff) << 8
        | (msg[at + 2] & 0xff) << 16
        | (msg[at + 3] & 0xff) << 24;
  }

  private static int word(String text, int at) {
    return text.charAt(at)
        | text.charAt(at + 1) << 8
        | text.charAt(at + 2) << 16
        | text.charAt(at + 3) << 24;
  }

  /**
   * A word that reaches past the message: message bytes, then the 0x80 marker, zeros, and from
   * {@code lengthAt} the message length in bits, little-endian.
   */
  private static int paddedWord(byte[] msg, String text, int len, int at, int lengthAt) {
    int word = 0;
    for (int j = 3; j >= 0; j--) {
      int idx = at + j;
      int b;
      if (idx < len) {
        b = msg != null ? msg[idx] & 0xff : text.charAt(idx);
      } else if (idx == len) {
        b = 0x80;
      } else if (idx >= lengthAt) {
        long bits = (long) len * 8;
        b = (int) (bits >>> (8 * (idx - lengthAt))) & 0xff;
      } else {
        b = 0;
      }
      word = (word << 8) | b;
    }
    return word;
  }
}
