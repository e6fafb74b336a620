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
    long h = lowHalf(value.getBytes(StandardCharsets.UTF_8));
    return Long.toUnsignedString(Long.remainderUnsigned(h, modulus));
  }

  /** Bytes 8..15 of MD5({@code msg}) as a big-endian 64-bit value. */
  static long lowHalf(byte[] msg) {
    int a0 = 0x67452301;
    int b0 = 0xefcdab89;
    int c0 = 0x98badcfe;
    int d0 = 0x10325476;
    int len = msg.length;
    int blocks = (len + 8) / 64 + 1;
    int[] w = new int[16];
    for (int blk = 0; blk < blocks; blk++) {
      for (int i = 0; i < 16; i++) {
        int word = 0;
        for (int j = 3; j >= 0; j--) {
          int idx = blk * 64 + i * 4 + j;
          int b;
          if (idx < len) {
            b = msg[idx] & 0xff;
          } else if (idx == len) {
            b = 0x80;
          } else if (idx >= blocks * 64 - 8) {
            long bits = (long) len * 8;
            b = (int) (bits >>> (8 * (idx - (blocks * 64 - 8)))) & 0xff;
          } else {
            b = 0;
          }
          word = (word << 8) | b;
        }
        w[i] = word;
      }
      int a = a0;
      int b = b0;
      int c = c0;
      int d = d0;
      for (int i = 0; i < 64; i++) {
        int f;
        int g;
        if (i < 16) {
          f = (b & c) | (~b & d);
          g = i;
        } else if (i < 32) {
          f = (d & b) | (~d & c);
          g = (5 * i + 1) & 15;
        } else if (i < 48) {
          f = b ^ c ^ d;
          g = (3 * i + 5) & 15;
        } else {
          f = c ^ (b | ~d);
          g = (7 * i) & 15;
        }
        f = f + a + K[i] + w[g];
        a = d;
        d = c;
        c = b;
        b = b + Integer.rotateLeft(f, S[i]);
      }
      a0 += a;
      b0 += b;
      c0 += c;
      d0 += d;
    }
    // The digest is a0..d0 little-endian; bytes 8..15 are c0 then d0.
    return ((long) Integer.reverseBytes(c0) << 32) | (Integer.reverseBytes(d0) & 0xffffffffL);
  }
}
